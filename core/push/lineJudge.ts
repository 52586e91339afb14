// Decides the fate of each line of a file before anything is sent, the same way for a push and for the count a
// verification compares with Loki: an entry of some stream, a malformed line, a line Loki would reject (with
// why), or an exact repeat of the previous entry of its stream (Loki keeps one of those).
import type { StreamTarget } from './batchBuilder';
import type { StreamPresence } from './batchDelivery';
import { EntryRejection, entryRejection, rejectionMessage, truncateLine } from './entryChecks';
import type { PushLimits } from './limits';
import { lineEntry } from './lineEntry';
import { LbLabelValues, labelsKey, streamLabels, streamLabelsProblem } from './streamLabels';

export interface PushStream extends StreamTarget, StreamPresence {
  key: string;
  /** Why Loki would reject every line of this stream. */
  problem?: string;
  /** The last entry's timestamp and the lines seen at it (almost always one), to spot exact repeats. */
  lastNs: string;
  linesAtLastNs: string[];
}

export type LineVerdict =
  | { kind: 'entry'; stream: PushStream; ns: string; ms: number; line: string; bytes: number; truncated: boolean }
  | { kind: 'malformed'; message: string }
  | { kind: 'rejected'; reason: EntryRejection | 'stream-labels'; message: string }
  | { kind: 'repeat' };

/** The streams of a push, shared by all its files (a stream can span a file and its backups). */
export class StreamTable {
  private readonly byKey = new Map<string, PushStream>();
  /** Streams by lineEntry's key of the label values: most lines find theirs without building labels. */
  private readonly byValuesKey = new Map<string, PushStream>();

  constructor(
    private readonly staticLabels: Record<string, string>,
    private readonly limits: PushLimits,
  ) {}

  /** The stream of a line's label values; `valuesKey` (lineEntry's labelsKey) names them, when known. */
  get(values: LbLabelValues, valuesKey?: string): PushStream {
    const known = valuesKey === undefined ? undefined : this.byValuesKey.get(valuesKey);
    if (known) return known;
    const stream = this.byLabels(values);
    if (valuesKey !== undefined) this.byValuesKey.set(valuesKey, stream);
    return stream;
  }

  private byLabels(values: LbLabelValues): PushStream {
    const labels = streamLabels(values, this.staticLabels);
    const key = labelsKey(labels);
    let stream = this.byKey.get(key);
    if (!stream) {
      stream = { key, labels, problem: streamLabelsProblem(labels, this.limits), lastNs: '', linesAtLastNs: [] };
      this.byKey.set(key, stream);
    }
    return stream;
  }

  all(): PushStream[] {
    return [...this.byKey.values()];
  }
}

/** One per file being read: judges its lines in order. */
export class LineJudge {
  private lastKey: string | undefined;
  private lastStream: PushStream | undefined;

  constructor(
    private readonly streams: StreamTable,
    private readonly limits: PushLimits,
    private readonly truncate: boolean,
    private readonly nowMs: number,
  ) {}

  /** The line raw[start, end), without its newline; `utf8Checked` as lineEntry's. */
  judge(raw: Buffer, start = 0, end = raw.length, utf8Checked = false): LineVerdict {
    const entry = lineEntry(raw, start, end, utf8Checked);
    if (typeof entry === 'string') return { kind: 'malformed', message: entry };
    // Consecutive lines mostly share their labels: skip the table then.
    const stream = this.lastStream && this.lastKey === entry.labelsKey ? this.lastStream : this.streams.get(entry.labelValues, entry.labelsKey);
    this.lastKey = entry.labelsKey;
    this.lastStream = stream;
    if (stream.problem) return { kind: 'rejected', reason: 'stream-labels', message: stream.problem };
    let bytes = entry.bytes;
    const rejection = entryRejection(entry.ms, bytes, this.nowMs, this.limits, this.truncate);
    if (rejection) return { kind: 'rejected', reason: rejection, message: rejectionMessage(rejection, entry.ms, bytes, this.limits) };
    let line = entry.line;
    const truncated = bytes > this.limits.maxLineBytes;
    if (truncated) {
      line = truncateLine(line, this.limits.maxLineBytes);
      bytes = Buffer.byteLength(line);
    }
    if (entry.ns === stream.lastNs) {
      if (stream.linesAtLastNs.includes(line)) return { kind: 'repeat' };
    } else {
      stream.lastNs = entry.ns;
      stream.linesAtLastNs.length = 0;
    }
    stream.linesAtLastNs.push(line);
    return { kind: 'entry', stream, ns: entry.ns, ms: entry.ms, line, bytes, truncated };
  }
}
