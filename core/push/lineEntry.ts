// One JSONL line as a Loki entry. The log engine's record parser decides whether it is an lb record (so push,
// `lb-obs logs` and the log panel agree on what is malformed); the record gives lb's labels and its timestamp
// with full precision. The line itself is pushed as written.
import { parseLogLine } from '../logs/recordParser';
import { LbLabelValues, lbLabelValues } from './streamLabels';
import { isoToNs } from './timestampNs';

export interface LineEntry {
  /** The line as text (without its newline, a trailing `\r` or a byte order mark). */
  line: string;
  /** The line's length in bytes. */
  bytes: number;
  labelValues: LbLabelValues;
  ns: string;
  /** Epoch ms with the sub-millisecond fraction, for Loki's age checks. */
  ms: number;
}

/** The entry of a line (without its newline), or why it is not an lb record. */
export function lineEntry(bytes: Buffer): LineEntry | string {
  const parsed = parseLogLine(bytes);
  if (!parsed.ok) return parsed.problem;
  const ns = isoToNs(parsed.record.timestamp, parsed.time);
  if (ns === undefined) return `invalid timestamp "${String(parsed.record.timestamp).slice(0, 40)}"`;
  // A byte order mark belongs to the file's encoding, not to the record.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { line: bytes.toString('utf8', start), bytes: bytes.length - start, labelValues: lbLabelValues(parsed.record), ns, ms: parsed.time };
}
