// Ground truth for log engine tests: every line of the given files, read the simplest way (split on
// newlines, classified line by line with the public record parser), to compare with what a session shows.
import * as fs from 'fs';
import { parseLogLine } from '../../core/logs/recordParser';
import type { LocalLogSession } from '../../core/logs/logSession';
import type { LogRow } from '../../core/logs/model';

/** A line with the fields a row of it has (the message is empty for a malformed line), and its bytes. */
export interface TruthLine extends Omit<LogRow, 'index' | 'source' | 'truncated'> {
  file: string;
  /** 1-based line number in its file. */
  line: number;
  raw: Buffer;
}

/** Lines of `file`; a last line without newline counts only when `complete` (the file will not grow). */
export function truthLines(file: string, complete = true): TruthLine[] {
  const data = fs.readFileSync(file);
  const lines: TruthLine[] = [];
  let start = 0;
  let n = 0;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    if (end < 0) {
      if (!complete) break;
      end = data.length;
    }
    let raw = data.subarray(start, end);
    if (raw[raw.length - 1] === 0x0d) raw = raw.subarray(0, raw.length - 1);
    const parsed = parseLogLine(raw);
    const line: TruthLine = {
      file,
      line: ++n,
      offset: start,
      raw,
      parsed: parsed.ok,
      time: parsed.ok ? parsed.time : parsed.time ?? null,
      level: parsed.ok ? parsed.level : null,
      message: parsed.ok ? parsed.record.message : '',
    };
    if (parsed.ok) Object.assign(line, parsed.labels);
    else line.problem = parsed.problem;
    lines.push(line);
    start = end + 1;
  }
  return lines;
}

/** Every row of the session's current view. */
export async function allRows(session: LocalLogSession): Promise<LogRow[]> {
  const { matched } = await session.info();
  return session.rows(0, matched);
}

/** The fields a row and a truth line share, to compare them with deepEqual. */
export function rowKey(row: LogRow, sourceName: string): string {
  return JSON.stringify([
    sourceName,
    row.offset,
    row.parsed,
    row.time,
    row.level,
    row.component ?? null,
    row.host ?? null,
    row.workload ?? null,
    row.repetition ?? null,
    row.phase ?? null,
    row.parsed ? row.message : null,
    row.problem ?? null,
  ]);
}

export function truthKey(t: TruthLine): string {
  return JSON.stringify([
    t.file,
    t.offset,
    t.parsed,
    t.time,
    t.level,
    t.component ?? null,
    t.host ?? null,
    t.workload ?? null,
    t.repetition ?? null,
    t.phase ?? null,
    t.parsed ? t.message : null,
    t.problem ?? null,
  ]);
}
