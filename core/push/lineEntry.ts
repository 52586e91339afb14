// One JSONL line as a Loki entry. The log engine's classifier decides whether it is an lb record (so push,
// `lb-obs logs` and the log panel agree on what is malformed), and its byte scanner's field positions give lb's
// labels and the timestamp with full precision without building the record. The line itself is pushed as written.
import { LineClassifier, LineInfo } from '../logs/lineClassifier';
import { RecordLabels, isLbTimestamp, timestampText } from './recordLabels';
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

const classifier = new LineClassifier();
const info = new LineInfo();
const labels = new RecordLabels();
/** Lines of a buffer not followed by a newline (CRLF, a lone line) are copied here to get one; reused while they fit. */
const SCRATCH_BYTES = 1 << 20;
const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);

/**
 * The entry of the line b[start, end) (without its newline), or why it is not an lb record. `utf8Checked`: the
 * caller knows the bytes are valid UTF-8 (a whole block of lines checked at once costs less than each line).
 */
export function lineEntry(bytes: Buffer, start = 0, end = bytes.length, utf8Checked = false): LineEntry | string {
  // The classifier stops on the newline after the line: lines read from a file mostly have theirs in place.
  let b = bytes;
  if (bytes[end] !== 0x0a) {
    const length = end - start;
    b = length < SCRATCH_BYTES ? scratch : Buffer.allocUnsafe(length + 1);
    bytes.copy(b, 0, start, end);
    b[length] = 0x0a;
    start = 0;
    end = length;
  }
  classifier.classify(b, start, end, info, utf8Checked);
  if (!info.parsed) return info.problem;
  const fields = labels.read(b, classifier);
  // lb's form has at most microseconds, which the parsed ms hold exactly: no text needed (isoToNs's shortcut).
  const ns = isLbTimestamp(b, classifier) && info.time >= 1000 ? `${Math.round(info.time * 1000)}000` : isoToNs(timestampText(b, classifier), info.time);
  if (ns === undefined) return `invalid timestamp "${timestampText(b, classifier).slice(0, 40)}"`;
  // A byte order mark belongs to the file's encoding, not to the record.
  if (b[start] === 0xef && b[start + 1] === 0xbb && b[start + 2] === 0xbf) start += 3;
  return { line: b.toString('utf8', start, end), bytes: end - start, labelValues: fields.values, labelsKey: fields.key, ns, ms: info.time };
}
