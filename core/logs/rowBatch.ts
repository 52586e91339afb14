// Rows as the indexer produces them: flat typed arrays (transferable between threads without copying) plus
// the label sets their ids refer to and the problems of malformed lines.
import type { LabelSet } from './labelSets';

// Row flags: bits 0-2 hold the level (LEVEL_NONE = 7).
export const FLAG_LEVEL_MASK = 0x07;
export const FLAG_UNPARSED = 0x08;
/** The message bytes contain JSON escapes. */
export const FLAG_MSG_ESCAPED = 0x10;
/** The line has no valid timestamp of its own; its time column holds the previous line's (for ordering). */
export const FLAG_NO_TIME = 0x20;
/** The message position was not recorded (too far into the line, or found by the slow path). */
export const FLAG_MSG_UNKNOWN = 0x40;
/** Message offsets are stored in 16 bits; longer prefixes fall back to rescanning the line. */
export const MAX_MESSAGE_START = 0xfffe;

/** The rows' columns (typed arrays, one element per row) and the problems of malformed rows, as the builder has them. */
export interface RowBatch extends Pick<RowBatchBuilder, 'count' | 'offsets' | 'times' | 'flags' | 'labels' | 'messageStarts' | 'messageLengths' | 'problems'> {
  /** The sets `labels` refers to, by id (local to the batch when it comes from another thread). */
  labelSets: LabelSet[];
}

export class RowBatchBuilder {
  count = 0;
  private capacity: number;
  offsets: Float64Array;
  times: Float64Array;
  flags: Uint8Array;
  labels: Uint32Array;
  messageStarts: Uint16Array;
  /** Message length for records; the line's length for malformed rows. */
  messageLengths: Uint32Array;
  /** [row, problem] for malformed rows. */
  problems: Array<[number, string]> = [];

  constructor(expectedRows = 1024) {
    this.capacity = Math.max(16, expectedRows);
    this.offsets = new Float64Array(this.capacity);
    this.times = new Float64Array(this.capacity);
    this.flags = new Uint8Array(this.capacity);
    this.labels = new Uint32Array(this.capacity);
    this.messageStarts = new Uint16Array(this.capacity);
    this.messageLengths = new Uint32Array(this.capacity);
  }

  /** Makes room for one more row. */
  reserve(): void {
    if (this.count < this.capacity) return;
    this.capacity = Math.ceil(this.capacity * 1.5);
    this.offsets = grow(this.offsets, new Float64Array(this.capacity));
    this.times = grow(this.times, new Float64Array(this.capacity));
    this.flags = grow(this.flags, new Uint8Array(this.capacity));
    this.labels = grow(this.labels, new Uint32Array(this.capacity));
    this.messageStarts = grow(this.messageStarts, new Uint16Array(this.capacity));
    this.messageLengths = grow(this.messageLengths, new Uint32Array(this.capacity));
  }

  build(labelSets: LabelSet[]): RowBatch {
    const n = this.count;
    return {
      count: n,
      offsets: this.offsets.subarray(0, n),
      times: this.times.subarray(0, n),
      flags: this.flags.subarray(0, n),
      labels: this.labels.subarray(0, n),
      messageStarts: this.messageStarts.subarray(0, n),
      messageLengths: this.messageLengths.subarray(0, n),
      problems: this.problems,
      labelSets,
    };
  }
}

function grow<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

/** The ArrayBuffers of a batch, to transfer it to another thread. */
export function batchTransferList(batch: RowBatch): ArrayBuffer[] {
  const arrays = [batch.offsets, batch.times, batch.flags, batch.labels, batch.messageStarts, batch.messageLengths];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
