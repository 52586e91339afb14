// Groups entries into push requests bounded in bytes and entries, one LokiStream per stream, each stream's
// entries in timestamp order (lb's files are nearly sorted; lines written by several threads can interleave).
import type { LokiStream } from '../loki/api';
import type { BatchLimits } from './limits';
import { compareNs } from './timestampNs';

/** A stream entries are pushed to; the same object for every entry of the stream. */
export interface StreamTarget {
  labels: Record<string, string>;
}

export interface Batch {
  streams: LokiStream[];
  /** The target of each stream, in the same order. */
  targets: StreamTarget[];
  entries: number;
  /** Bytes of the lines. */
  bytes: number;
}

function byTimestamp(a: [string, string, Record<string, string>?], b: [string, string, Record<string, string>?]): number {
  return compareNs(a[0], b[0]);
}

export class BatchBuilder {
  private values = new Map<StreamTarget, Array<[string, string]>>();
  entries = 0;
  bytes = 0;

  constructor(private readonly limits: BatchLimits) {}

  /** Whether an entry of `bytes` still fits (an empty batch takes any entry). */
  fits(bytes: number): boolean {
    return this.entries === 0 || (this.bytes + bytes <= this.limits.maxBytes && this.entries < this.limits.maxEntries);
  }

  add(target: StreamTarget, ns: string, line: string, bytes: number): void {
    let list = this.values.get(target);
    if (!list) {
      list = [];
      this.values.set(target, list);
    }
    list.push([ns, line]);
    this.entries++;
    this.bytes += bytes;
  }

  /** The batch so far (entries sorted per stream), leaving the builder empty. */
  take(): Batch {
    const targets = [...this.values.keys()];
    const streams = targets.map((t): LokiStream => {
      const values: LokiStream['values'] = this.values.get(t)!;
      if (!isSorted(values)) values.sort(byTimestamp);
      return { stream: t.labels, values };
    });
    const batch = { streams, targets, entries: this.entries, bytes: this.bytes };
    this.values = new Map();
    this.entries = 0;
    this.bytes = 0;
    return batch;
  }
}

function isSorted(values: LokiStream['values']): boolean {
  for (let i = 1; i < values.length; i++) if (compareNs(values[i - 1][0], values[i][0]) > 0) return false;
  return true;
}
