// One JSONL line as a Loki entry. The log engine's classifier decides whether it is an lb record (so push,
// `lb-obs logs` and the log panel agree on what is malformed), and its byte scanner's field positions give lb's
// labels and the timestamp with full precision without building the record. The line itself is pushed as written:
// scanEntry() gives where its bytes are, not a string, so that a push copies them into the request as they are.
import { LineClassifier, LineInfo } from '../logs/lineClassifier';
import { nsNanos, nsSeconds, nsText } from '../loki/pushBody';
import { RecordLabels, RecordLabelValues, isLbTimestamp, timestampText } from './recordLabels';
import type { LbLabelValues } from './streamLabels';
import { isoToNs } from './timestampNs';

export interface LineEntry {
  /** The line as text (without its newline, a trailing `\r` or a byte order mark). */
  line: string;
  /** The line's length in bytes. */
  bytes: number;
  labelValues: LbLabelValues;
  /** Equal keys name equal label values (to find the stream without building its labels). */
  labelsKey: string;
  ns: string;
  /** Epoch ms with the sub-millisecond fraction, for Loki's age checks. */
  ms: number;
}

/** A line read by scanEntry; reused from line to line (copy what you keep). */
export class ScannedEntry {
  /** Why the line is not an lb record, when scanEntry says false. */
  problem = '';
  /** The line's bytes as pushed are raw[start, end): the caller's buffer, without a byte order mark. */
  raw: Uint8Array = new Uint8Array(0);
  start = 0;
  end = 0;
  labels: RecordLabelValues = { values: [], key: '' };
  /** The timestamp: whole seconds since the epoch and the nanoseconds within the second. */
  seconds = 0;
  nanos = 0;
  /** Epoch ms with the sub-millisecond fraction, for Loki's age checks. */
  ms = NaN;
}

const classifier = new LineClassifier();
// The push reads its labels from the scanner's positions (recordLabels.ts): the classifier's own label strings
// would be made for nothing.
classifier.componentOnly = true;
const info = new LineInfo();
const labels = new RecordLabels();
/** Lines of a buffer not followed by a newline (CRLF, a lone line) are copied here to get one; reused while they fit. */
const SCRATCH_BYTES = 1 << 20;
const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);

/**
 * Reads the line bytes[start, end) (without its newline) into `out`; false when it is not an lb record (the
 * reason in out.problem). `utf8Checked`: the caller knows the bytes are valid UTF-8 (a whole block of lines
 * checked at once costs less than each line).
 */
export function scanEntry(bytes: Buffer, start: number, end: number, utf8Checked: boolean, out: ScannedEntry): boolean {
  // The classifier stops on the newline after the line: lines read from a file mostly have theirs in place.
  let b = bytes;
  let at = start;
  if (bytes[end] !== 0x0a) {
    const length = end - start;
    b = length < SCRATCH_BYTES ? scratch : Buffer.allocUnsafe(length + 1);
    bytes.copy(b, 0, start, end);
    b[length] = 0x0a;
    at = 0;
  }
  const atEnd = at + end - start;
  classifier.classify(b, at, atEnd, info, utf8Checked);
  if (!info.parsed) {
    out.problem = info.problem;
    return false;
  }
  out.labels = labels.read(b, classifier);
  if (isLbTimestamp(b, classifier) && info.time >= 1000) {
    // lb's form has at most microseconds, which the parsed ms hold exactly: no text needed.
    const us = Math.round(info.time * 1000);
    out.seconds = Math.floor(us / 1e6);
    out.nanos = (us - out.seconds * 1e6) * 1000;
  } else {
    const ns = isoToNs(timestampText(b, classifier), info.time);
    if (ns === undefined) {
      out.problem = `invalid timestamp "${timestampText(b, classifier).slice(0, 40)}"`;
      return false;
    }
    out.seconds = nsSeconds(ns);
    out.nanos = nsNanos(ns);
  }
  out.ms = info.time;
  // A byte order mark belongs to the file's encoding, not to the record.
  if (bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
  out.raw = bytes;
  out.start = start;
  out.end = end;
  return true;
}

const scanned = new ScannedEntry();

/** The entry of the line b[start, end) (without its newline) as text, or why it is not an lb record. */
export function lineEntry(bytes: Buffer, start = 0, end = bytes.length, utf8Checked = false): LineEntry | string {
  if (!scanEntry(bytes, start, end, utf8Checked, scanned)) return scanned.problem;
  const e = scanned;
  return {
    line: bytes.toString('utf8', e.start, e.end),
    bytes: e.end - e.start,
    labelValues: e.labels.values,
    labelsKey: e.labels.key,
    ns: nsText(e.seconds, e.nanos),
    ms: e.ms,
  };
}
