// The lines a stream has at its latest timestamp (almost always one), to spot an exact repeat (same stream,
// timestamp and text), which Loki stores once. Held as places in the caller's buffers, not copies, so that a line
// costs no allocation; copyLinesOf() copies those of a buffer the caller is about to reuse or drop.
export class LinesAtTimestamp {
  private seconds = -1;
  private nanos = 0;
  private count = 0;
  private readonly buffers: Uint8Array[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Whether the latest timestamp is this one. */
  at(seconds: number, nanos: number): boolean {
    return seconds === this.seconds && nanos === this.nanos;
  }

  /** A later (or earlier) timestamp: the lines held are forgotten. */
  moveTo(seconds: number, nanos: number): void {
    this.seconds = seconds;
    this.nanos = nanos;
    for (let k = 0; k < this.count; k++) this.buffers[k] = EMPTY;
    this.count = 0;
  }

  /** Whether the line b[start, end) is held. */
  includes(b: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    for (let k = 0; k < this.count; k++) {
      if (this.ends[k] - this.starts[k] !== length) continue;
      const held = this.buffers[k];
      const from = this.starts[k];
      let i = 0;
      while (i < length && held[from + i] === b[start + i]) i++;
      if (i === length) return true;
    }
    return false;
  }

  add(b: Uint8Array, start: number, end: number): void {
    const k = this.count++;
    this.buffers[k] = b;
    this.starts[k] = start;
    this.ends[k] = end;
  }

  /** The lines held in `b` are copied, so that `b` may change. */
  copyLinesOf(b: Uint8Array): void {
    for (let k = 0; k < this.count; k++) {
      if (this.buffers[k] !== b) continue;
      // A copy (Buffer#slice would be a view of the same bytes).
      this.buffers[k] = new Uint8Array(b.subarray(this.starts[k], this.ends[k]));
      this.ends[k] -= this.starts[k];
      this.starts[k] = 0;
    }
  }
}

const EMPTY = new Uint8Array(0);
