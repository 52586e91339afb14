// The session's rows in time order: a k-way merge of the sources by time, ties broken by source order, each
// source's own line order kept (a file is never reordered, even where its timestamps go backwards).
// Stored as two paged columns (source id, row) — 6 bytes a row.
import { PagedArray } from './pagedArray';
import type { RowSource } from './rowSource';

export class MergedOrder {
  readonly sourceOf = PagedArray.u16();
  readonly rowOf = PagedArray.u32();
  /** Rows of each source already placed. */
  readonly placed: number[] = [];
  private lastTime = -Infinity;

  get length(): number {
    return this.sourceOf.length;
  }

  static build(sources: RowSource[]): MergedOrder {
    const order = new MergedOrder();
    order.mergeNew(sources);
    return order;
  }

  /** Whether the rows added to the sources since the last merge all sort after the rows already placed. */
  canAppend(sources: RowSource[]): boolean {
    for (let s = 0; s < sources.length; s++) {
      const placed = this.placed[s] ?? 0;
      if (sources[s].store.length > placed && sources[s].store.time(placed) < this.lastTime) return false;
    }
    return true;
  }

  /** Merges the rows added since the last call at the end; returns how many were placed. */
  mergeNew(sources: RowSource[]): number {
    const before = this.length;
    const heads: number[] = [];
    const ends: number[] = [];
    const heap: number[] = [];
    for (let s = 0; s < sources.length; s++) {
      heads[s] = this.placed[s] ?? 0;
      ends[s] = sources[s].store.length;
      if (heads[s] < ends[s]) heap.push(s);
    }
    const time = (s: number) => sources[s].store.time(heads[s]);
    const less = (a: number, b: number) => {
      const ta = time(a);
      const tb = time(b);
      return ta < tb || (ta === tb && a < b);
    };
    const siftDown = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (r < heap.length && less(heap[r], heap[m])) m = r;
        if (m === i) return;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    };
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
    if (heap.length === 1) {
      // One source with new rows: no comparisons needed.
      const s = heap[0];
      const store = sources[s].store;
      let last = this.lastTime;
      for (let r = heads[s]; r < ends[s]; r++) {
        const t = store.time(r);
        if (t > last) last = t;
      }
      this.lastTime = last;
      this.sourceOf.pushRun(s, ends[s] - heads[s], 0);
      this.rowOf.pushRun(heads[s], ends[s] - heads[s], 1);
      heads[s] = ends[s];
      heap.length = 0;
    }
    while (heap.length > 0) {
      const s = heap[0];
      const r = heads[s]++;
      this.sourceOf.push(s);
      this.rowOf.push(r);
      const t = sources[s].store.time(r);
      if (t > this.lastTime) this.lastTime = t;
      if (heads[s] === ends[s]) {
        const last = heap.pop()!;
        if (heap.length > 0) {
          heap[0] = last;
          siftDown(0);
        }
      } else {
        siftDown(0);
      }
    }
    for (let s = 0; s < sources.length; s++) this.placed[s] = ends[s];
    return this.length - before;
  }

  bytes(): number {
    return this.sourceOf.bytes() + this.rowOf.bytes();
  }
}
