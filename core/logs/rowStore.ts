// The index of one source: per line a few typed columns, in pages of 64K rows so that a growing source never
// holds more than one partly used page (no doubling slack) and pages can switch to wider types on their own.
// Per line: offset 4 bytes (8 in a page spanning more than 4 GiB), time 8, flags 1, label set 2 (4 past 65535
// sets), message start 2 and message length 4: 21 bytes.
import type { RowBatch } from './rowBatch';
import { FLAG_NO_TIME } from './rowBatch';

const PAGE_SHIFT = 16;
const PAGE_ROWS = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_ROWS - 1;
const U32_LIMIT = 2 ** 32;

class Page {
  count = 0;
  offsets: Uint32Array | Float64Array;
  times: Float64Array;
  flags: Uint8Array;
  labels: Uint16Array | Uint32Array;
  messageStarts: Uint16Array;
  messageLengths: Uint32Array;

  constructor(
    readonly offsetBase: number,
    capacity: number,
  ) {
    this.offsets = new Uint32Array(capacity);
    this.times = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.labels = new Uint16Array(capacity);
    this.messageStarts = new Uint16Array(capacity);
    this.messageLengths = new Uint32Array(capacity);
  }

  get capacity(): number {
    return this.times.length;
  }

  grow(capacity: number): void {
    this.offsets = copyInto(this.offsets, this.offsets instanceof Uint32Array ? new Uint32Array(capacity) : new Float64Array(capacity));
    this.times = copyInto(this.times, new Float64Array(capacity));
    this.flags = copyInto(this.flags, new Uint8Array(capacity));
    this.labels = copyInto(this.labels, this.labels instanceof Uint16Array ? new Uint16Array(capacity) : new Uint32Array(capacity));
    this.messageStarts = copyInto(this.messageStarts, new Uint16Array(capacity));
    this.messageLengths = copyInto(this.messageLengths, new Uint32Array(capacity));
  }

  bytes(): number {
    return (
      this.offsets.byteLength + this.times.byteLength + this.flags.byteLength + this.labels.byteLength + this.messageStarts.byteLength + this.messageLengths.byteLength
    );
  }
}

function copyInto<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(from: Float64Array | Uint32Array | Uint16Array | Uint8Array, to: T): T {
  to.set(from.subarray(0, Math.min(from.length, to.length)) as never);
  return to;
}

export class RowStore {
  length = 0;
  private pages: Page[] = [];
  /** Problem of each malformed row. */
  readonly problems = new Map<number, string>();
  /** Time of the last row with a timestamp: rows without one sort right after it. */
  private lastTime = -Infinity;
  /** Byte offset where the content of the last row ends (its newline excluded). */
  lastLineEnd = 0;

  /**
   * Appends a batch; `labelMap` translates the batch's label ids into this session's (null: same ids).
   * `lastLineEnd` is where the batch's last line ends.
   */
  append(batch: RowBatch, labelMap: Uint32Array | null, lastLineEnd: number): void {
    if (batch.count === 0) return;
    const base = this.length;
    for (const [row, problem] of batch.problems) this.problems.set(base + row, problem);
    let lastTime = this.lastTime;
    let r = 0;
    while (r < batch.count) {
      const page = this.pageWithRoom(batch.count - r, batch.offsets[r]);
      const n = Math.min(batch.count - r, page.capacity - page.count);
      const j0 = page.count;
      for (let k = 0; k < n; k++) {
        const src = r + k;
        const j = j0 + k;
        const relative = batch.offsets[src] - page.offsetBase;
        if (relative >= U32_LIMIT && page.offsets instanceof Uint32Array) page.offsets = copyInto(page.offsets, new Float64Array(page.capacity));
        page.offsets[j] = relative;
        const flags = batch.flags[src];
        if (flags & FLAG_NO_TIME) {
          page.times[j] = lastTime;
        } else {
          lastTime = batch.times[src];
          page.times[j] = lastTime;
        }
        page.flags[j] = flags;
        const label = labelMap === null ? batch.labels[src] : labelMap[batch.labels[src]];
        if (label > 0xffff && page.labels instanceof Uint16Array) page.labels = copyInto(page.labels, new Uint32Array(page.capacity));
        page.labels[j] = label;
        page.messageStarts[j] = batch.messageStarts[src];
        page.messageLengths[j] = batch.messageLengths[src];
      }
      page.count += n;
      r += n;
    }
    this.lastTime = lastTime;
    this.length += batch.count;
    this.lastLineEnd = lastLineEnd;
  }

  /**
   * Puts `batch`'s rows before the rows already here (a source whose history arrives newest first): its lines
   * take the first `bytes` bytes of the source, so every row already here moves `bytes` further and
   * `batch.count` rows down. Rebuilds the columns: callers batch geometrically (O(n) in all).
   */
  prepend(batch: RowBatch, bytes: number): void {
    if (batch.count === 0) return;
    const older = new RowStore();
    older.append(batch, null, bytes - 1);
    for (const page of this.pages) {
      const offsets = new Float64Array(page.count);
      for (let j = 0; j < page.count; j++) offsets[j] = page.offsetBase + page.offsets[j] + bytes;
      const n = page.count;
      older.append(
        {
          count: n,
          offsets,
          times: page.times.subarray(0, n),
          flags: page.flags.subarray(0, n),
          labels: Uint32Array.from(page.labels.subarray(0, n)),
          messageStarts: page.messageStarts.subarray(0, n),
          messageLengths: page.messageLengths.subarray(0, n),
          problems: [],
          labelSets: [],
        },
        null,
        0,
      );
    }
    for (const [row, problem] of this.problems) older.problems.set(row + batch.count, problem);
    this.problems.clear();
    for (const [row, problem] of older.problems) this.problems.set(row, problem);
    this.pages = older.pages;
    this.length = older.length;
    this.lastTime = older.lastTime;
    this.lastLineEnd = this.length === batch.count ? bytes - 1 : this.lastLineEnd + bytes;
  }

  private pageWithRoom(wanted: number, firstOffset: number): Page {
    let page = this.pages[this.pages.length - 1];
    if (page === undefined || page.count === PAGE_ROWS) {
      page = new Page(firstOffset, Math.min(PAGE_ROWS, Math.max(wanted, 1024)));
      this.pages.push(page);
    } else if (page.count === page.capacity) {
      page.grow(Math.min(PAGE_ROWS, Math.max(page.capacity * 2, page.count + wanted)));
    }
    return page;
  }

  offset(i: number): number {
    const p = this.pages[i >>> PAGE_SHIFT];
    return p.offsetBase + p.offsets[i & PAGE_MASK];
  }

  /** End of the line's content: the next line's start minus its newline, or lastLineEnd for the last row. */
  lineEnd(i: number): number {
    return i + 1 < this.length ? this.offset(i + 1) - 1 : this.lastLineEnd;
  }

  /** Sort time (epoch ms); rows without a timestamp carry the previous row's, see `hasTime`. */
  time(i: number): number {
    return this.pages[i >>> PAGE_SHIFT].times[i & PAGE_MASK];
  }

  flags(i: number): number {
    return this.pages[i >>> PAGE_SHIFT].flags[i & PAGE_MASK];
  }

  label(i: number): number {
    return this.pages[i >>> PAGE_SHIFT].labels[i & PAGE_MASK];
  }

  messageStart(i: number): number {
    return this.pages[i >>> PAGE_SHIFT].messageStarts[i & PAGE_MASK];
  }

  messageLength(i: number): number {
    return this.pages[i >>> PAGE_SHIFT].messageLengths[i & PAGE_MASK];
  }

  /** Bytes held by the columns (allocated, not only used). */
  bytes(): number {
    return this.pages.reduce((sum, p) => sum + p.bytes(), 0);
  }
}
