// Up to 64K rows of the index as typed columns: what the indexer fills (RowBatchBuilder) and, unchanged, what a
// source's RowStore keeps. The scan workers' pages are transferred to the session's thread and kept there as
// they are: no copy, and no fresh memory to fault in on that thread (page faults are a good part of indexing
// on a virtual machine). Per row: offset 4 bytes (8 in a page spanning more than 4 GiB), time 8, flags 1,
// label set 2 (4 past 65535 sets), message start 2 and message length 4: 21 bytes.

export const PAGE_SHIFT = 16;
export const PAGE_ROWS = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_ROWS - 1;
export const U32_LIMIT = 2 ** 32;

/** A page's fields, as they arrive from another thread (structured clone keeps the data, not the class). */
export type RowPageData = Pick<RowPage, 'count' | 'offsetBase' | 'offsets' | 'times' | 'flags' | 'labels' | 'messageStarts' | 'messageLengths'>;

export class RowPage {
  count = 0;
  /** The row's file (or memory) offset minus offsetBase, the offset of the page's first row. */
  offsets: Uint32Array | Float64Array;
  /** Sort time (epoch ms); a row without a time of its own (FLAG_NO_TIME) has the time of the row before. */
  times: Float64Array;
  flags: Uint8Array;
  labels: Uint16Array | Uint32Array;
  messageStarts: Uint16Array;
  /** Message length for records; the line's length for malformed rows. */
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

  /** The page whose fields `data` holds, taking its arrays as they are. */
  static adopt(data: RowPageData): RowPage {
    return Object.assign(new RowPage(data.offsetBase, 0), data);
  }

  get capacity(): number {
    return this.times.length;
  }

  /** Row `j`'s offset; an offset 4 GiB or more past the page's first row widens the page's offsets. */
  setOffset(j: number, offset: number): void {
    const relative = offset - this.offsetBase;
    if (relative >= U32_LIMIT && this.offsets instanceof Uint32Array) this.widenOffsets();
    this.offsets[j] = relative;
  }

  widenOffsets(): void {
    this.offsets = copyInto(this.offsets, new Float64Array(this.capacity));
  }

  /** Row `j`'s label set id; an id past 65535 widens the page's labels. */
  setLabel(j: number, id: number): void {
    if (id > 0xffff && this.labels instanceof Uint16Array) this.widenLabels();
    this.labels[j] = id;
  }

  widenLabels(): void {
    this.labels = copyInto(this.labels, new Uint32Array(this.capacity));
  }

  /** Gives the page room for `capacity` rows (or only its rows, to give its slack back). */
  resize(capacity: number): void {
    this.offsets = copyInto(this.offsets, this.offsets instanceof Uint32Array ? new Uint32Array(capacity) : new Float64Array(capacity));
    this.times = copyInto(this.times, new Float64Array(capacity));
    this.flags = copyInto(this.flags, new Uint8Array(capacity));
    this.labels = copyInto(this.labels, this.labels instanceof Uint16Array ? new Uint16Array(capacity) : new Uint32Array(capacity));
    this.messageStarts = copyInto(this.messageStarts, new Uint16Array(capacity));
    this.messageLengths = copyInto(this.messageLengths, new Uint32Array(capacity));
  }

  /** Gives back the room of rows never filled when it is more than 1/64 of the page (a copy of at most 64K rows). */
  trim(): void {
    if (this.capacity - this.count > this.capacity >> 6) this.resize(this.count);
  }

  bytes(): number {
    return (
      this.offsets.byteLength + this.times.byteLength + this.flags.byteLength + this.labels.byteLength + this.messageStarts.byteLength + this.messageLengths.byteLength
    );
  }
}

/** A page's ArrayBuffers, to transfer it to another thread. */
export function pageBuffers(page: RowPageData): ArrayBuffer[] {
  return [page.offsets, page.times, page.flags, page.labels, page.messageStarts, page.messageLengths].map((a) => a.buffer as ArrayBuffer);
}

function copyInto<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(from: Float64Array | Uint32Array | Uint16Array | Uint8Array, to: T): T {
  to.set(from.subarray(0, Math.min(from.length, to.length)) as never);
  return to;
}
