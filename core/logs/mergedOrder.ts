// The session's rows in time order: a k-way merge of the sources by time, ties broken by source order, each
// source's own line order kept (a file is never reordered, even where its timestamps go backwards).
// Stored as runs of consecutive rows of one source (one run for a single file, a few for files that follow
// each other in time: almost nothing per row); once the sources interleave finely, as two paged columns
// (source id, row): 6 bytes a row.
import { PagedArray } from './pagedArray';
import type { RowSource } from './rowSource';

/** Runs are kept while there are at most this many, or they average at least MIN_RUN_ROWS rows. */
const FEW_RUNS = 1024;
const MIN_RUN_ROWS = 16;

export class MergedOrder {
  length = 0;
  /** Run k places rows runRow[k].. of source runSource[k] at positions runStart[k] up to the next run's start. */
  private readonly runStart: number[] = [];
  private readonly runSource: number[] = [];
  private readonly runRow: number[] = [];
  /** The run found by the last lookup: reads go mostly forward. */
  private lastRun = 0;
  /** The explicit columns, once the runs are too short to be worth keeping. */
  private columns: { sourceOf: PagedArray; rowOf: PagedArray } | undefined;
  /** Rows of each source already placed. */
  readonly placed: number[] = [];
  private lastTime = -Infinity;

  /** The source of the row at position `pos`. */
  source(pos: number): number {
    return this.columns ? this.columns.sourceOf.get(pos) : this.runSource[this.runAt(pos)];
  }

  /** The row (in its source) at position `pos`. */
  row(pos: number): number {
    if (this.columns) return this.columns.rowOf.get(pos);
    const k = this.runAt(pos);
    return this.runRow[k] + pos - this.runStart[k];
  }

  private runAt(pos: number): number {
    const starts = this.runStart;
    const k = this.lastRun;
    if (starts[k] <= pos && (k + 1 === starts.length || pos < starts[k + 1])) return k;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    this.lastRun = lo;
    return lo;
  }

  /** Places `count` rows of source `s` from row `row` on at the end. */
  private place(s: number, row: number, count: number): void {
    if (this.columns) {
      this.columns.sourceOf.pushRun(s, count, 0);
      this.columns.rowOf.pushRun(row, count, 1);
    } else {
      const k = this.runStart.length - 1;
      if (k < 0 || this.runSource[k] !== s || this.runRow[k] + this.length - this.runStart[k] !== row) {
        this.runStart.push(this.length);
        this.runSource.push(s);
        this.runRow.push(row);
      }
    }
    this.length += count;
    if (!this.columns && this.runStart.length > FEW_RUNS && this.runStart.length * MIN_RUN_ROWS > this.length) this.toColumns();
  }

  private toColumns(): void {
    const columns = { sourceOf: PagedArray.u16(), rowOf: PagedArray.u32() };
    for (let k = 0; k < this.runStart.length; k++) {
      const count = (k + 1 < this.runStart.length ? this.runStart[k + 1] : this.length) - this.runStart[k];
      columns.sourceOf.pushRun(this.runSource[k], count, 0);
      columns.rowOf.pushRun(this.runRow[k], count, 1);
    }
    this.columns = columns;
    this.runStart.length = this.runSource.length = this.runRow.length = 0;
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
      this.lastTime = Math.max(this.lastTime, sources[s].store.maxTime(heads[s], ends[s]));
      this.place(s, heads[s], ends[s] - heads[s]);
      heads[s] = ends[s];
      heap.length = 0;
    }
    while (heap.length > 0) {
      const s = heap[0];
      const r = heads[s]++;
      this.place(s, r, 1);
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

  /** Bytes held: the columns, or the runs (three array elements of up to 8 bytes each). */
  bytes(): number {
    return this.columns ? this.columns.sourceOf.bytes() + this.columns.rowOf.bytes() : this.runStart.length * 24;
  }
}
