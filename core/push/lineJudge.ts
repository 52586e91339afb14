// Decides the fate of each line of a file before anything is sent, the same way for a push and for the count a
// verification compares with Loki: an entry of some stream, a malformed line, a line Loki would reject (with
// why), or an exact repeat of the previous entry of its stream (Loki keeps one of those).
import type { StreamTarget } from './batchBuilder';
import type { StreamPresence } from './batchDelivery';
import { EntryRejection, entryRejection, rejectionMessage, truncateLine } from './entryChecks';
import type { PushLimits } from './limits';
import { ScannedEntry, scanEntry } from './lineEntry';
import { LinesAtTimestamp } from './linesAtTimestamp';
import { LbLabelValues, labelsKey, streamLabels, streamLabelsProblem } from './streamLabels';
import { nsText } from '../loki/pushBody';

export interface PushStream extends StreamTarget, StreamPresence {
  key: string;
  /** Why Loki would reject every line of this stream. */
  problem?: string;
  /** The last entry's timestamp and the lines seen at it (almost always one), to spot exact repeats. */
  atLast: LinesAtTimestamp;
}

/**
 * A line that becomes an entry: its bytes are raw[start, end), the caller's buffer unless it was cut. A judge
 * gives the same object for every entry, filled anew (no object per line): read it before judging the next line.
 */
export class EntryVerdict {
  readonly kind = 'entry' as const;
  stream!: PushStream;
  /** The timestamp: whole seconds since the epoch and the nanoseconds within the second. */
  seconds = 0;
  nanos = 0;
  raw: Uint8Array = new Uint8Array(0);
  start = 0;
  end = 0;
  truncated = false;

  /** The line's length in bytes. */
  get bytes(): number {
    return this.end - this.start;
  }

  /** The line as text (while the caller's buffer still holds it). */
  get line(): string {
    return Buffer.from(this.raw.buffer, this.raw.byteOffset + this.start, this.end - this.start).toString('utf8');
  }

  /** The timestamp as Loki's nanosecond digit string. */
  get ns(): string {
    return nsText(this.seconds, this.nanos);
  }
}

export type LineVerdict =
  | EntryVerdict
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
      stream = { key, labels, problem: streamLabelsProblem(labels, this.limits), atLast: new LinesAtTimestamp() };
      this.byKey.set(key, stream);
    }
    return stream;
  }

  all(): PushStream[] {
    return [...this.byKey.values()];
  }
}

/**
 * One per file being read: judges its lines in order. A line's verdict and the repeat checks refer to the
 * caller's bytes; the caller does not change a buffer it judged lines of until it has called keepLines().
 */
export class LineJudge {
  private lastKey: string | undefined;
  private lastStream: PushStream | undefined;
  private readonly scan = new ScannedEntry();
  private readonly entry = new EntryVerdict();
  /** The buffer of the last lines judged, and the streams holding lines of it for their repeat checks. */
  private heldBuffer: Uint8Array | undefined;
  private readonly holding = new Set<LinesAtTimestamp>();
  private lastHolding: LinesAtTimestamp | undefined;

  constructor(
    private readonly streams: StreamTable,
    private readonly limits: PushLimits,
    private readonly truncate: boolean,
    private readonly nowMs: number,
  ) {}

  /** The line raw[start, end), without its newline; `utf8Checked` as scanEntry's. */
  judge(raw: Buffer, start = 0, end = raw.length, utf8Checked = false): LineVerdict {
    const scan = this.scan;
    if (!scanEntry(raw, start, end, utf8Checked, scan)) return { kind: 'malformed', message: scan.problem };
    const key = scan.labels.key;
    // Consecutive lines mostly share their labels: skip the table then.
    const stream = this.lastStream && this.lastKey === key ? this.lastStream : this.streams.get(scan.labels.values, key);
    this.lastKey = key;
    this.lastStream = stream;
    if (stream.problem) return { kind: 'rejected', reason: 'stream-labels', message: stream.problem };
    let line: Uint8Array = scan.raw;
    let lineStart = scan.start;
    let lineEnd = scan.end;
    const rejection = entryRejection(scan.ms, lineEnd - lineStart, this.nowMs, this.limits, this.truncate);
    if (rejection) return { kind: 'rejected', reason: rejection, message: rejectionMessage(rejection, scan.ms, lineEnd - lineStart, this.limits) };
    const truncated = lineEnd - lineStart > this.limits.maxLineBytes;
    if (truncated) {
      line = Buffer.from(truncateLine(raw.toString('utf8', lineStart, lineEnd), this.limits.maxLineBytes));
      lineStart = 0;
      lineEnd = line.length;
    }
    const atLast = stream.atLast;
    if (atLast.at(scan.seconds, scan.nanos)) {
      if (atLast.includes(line, lineStart, lineEnd)) return { kind: 'repeat' };
    } else {
      atLast.moveTo(scan.seconds, scan.nanos);
    }
    if (raw !== this.heldBuffer) this.keepLines();
    this.heldBuffer = raw;
    atLast.add(line, lineStart, lineEnd);
    // Consecutive lines mostly share their stream: the set is asked only when it changes.
    if (atLast !== this.lastHolding) {
      this.holding.add(atLast);
      this.lastHolding = atLast;
    }
    const entry = this.entry;
    entry.stream = stream;
    entry.seconds = scan.seconds;
    entry.nanos = scan.nanos;
    entry.raw = line;
    entry.start = lineStart;
    entry.end = lineEnd;
    entry.truncated = truncated;
    return entry;
  }

  /** The streams' repeat checks copy the lines they hold of the caller's last buffer, which it may then reuse or drop. */
  keepLines(): void {
    if (this.heldBuffer) for (const lines of this.holding) lines.copyLinesOf(this.heldBuffer);
    this.holding.clear();
    this.lastHolding = undefined;
    this.heldBuffer = undefined;
  }
}
