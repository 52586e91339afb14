// Classifies one JSONL line the way the log engine does: an lb record (with the parsed object and the
// fields lb uses as Loki labels) or a malformed line with the reason. The same classifier as the indexer's,
// so a line counted as a record there is a record here.
import { LEVEL_NAMES, LineClassifier, LineInfo } from './lineClassifier';
import type { LabelSet } from './labelSets';
import type { LogLevel } from './model';

/** A JSONL record as lb writes it (docs/FACTS.md, "JSONL log record"). */
export interface LbLogRecord {
  timestamp: string;
  level: LogLevel;
  component: string;
  host: string;
  run_id: string;
  logger: string;
  message: string;
  event_type?: string;
  workload?: string;
  package?: string;
  plugin?: string;
  scenario?: string;
  repetition?: number;
  tags?: Record<string, unknown>;
  [key: string]: unknown;
}

export type ParsedLogLine =
  | { ok: true; record: LbLogRecord; time: number; level: LogLevel; labels: LabelSet }
  | { ok: false; problem: string; /** Epoch ms when the line has a valid timestamp. */ time?: number };

const classifier = new LineClassifier();
const info = new LineInfo();

/** `line` without its newline (a trailing carriage return or a leading byte order mark are accepted). */
export function parseLogLine(line: Buffer | string): ParsedLogLine {
  const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  // The classifier needs a newline after the line to stop on.
  const b = Buffer.allocUnsafe(bytes.length + 1);
  bytes.copy(b);
  b[bytes.length] = 0x0a;
  classifier.classify(b, 0, bytes.length, info, false);
  if (!info.parsed) {
    return Number.isNaN(info.time) ? { ok: false, problem: info.problem } : { ok: false, problem: info.problem, time: info.time };
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const record = JSON.parse(bytes.toString('utf8', start)) as LbLogRecord;
  const labels: LabelSet = { component: info.component, host: info.host };
  if (info.workload !== undefined) labels.workload = info.workload;
  if (info.repetition >= 0) labels.repetition = info.repetition;
  if (info.phase !== undefined) labels.phase = info.phase;
  return { ok: true, record, time: info.time, level: LEVEL_NAMES[info.level], labels };
}
