// Mines the patterns of lb JSONL logs: files and run folders read line by line with the engine's own line
// reader and record classifier (so a record here is a record in the log panel), fed to a template miner as one
// source (a run).
import * as fs from 'fs';
import { readLines } from '../lineReader';
import { parseLogLine } from '../recordParser';
import { listLogFileGroups, logsDirOf } from '../runLogFiles';
import { TemplateMiner } from './templateMiner';

export interface MinedLogs {
  /** Lines read, records mined, lines that are not lb records (not mined). */
  lines: number;
  records: number;
  malformed: number;
  /** Records per component, then per level (maps: a component is any text, "__proto__" included). */
  levels: Map<string, Map<string, number>>;
  /** Epoch ms of the earliest and latest record, null without records. */
  firstTime: number | null;
  lastTime: number | null;
}

/** A run folder's log files in the order lb wrote them: each file's backups, oldest first, then the live file. */
export function runLogPaths(runDir: string): string[] {
  const paths: string[] = [];
  for (const group of listLogFileGroups(logsDirOf(runDir))) {
    paths.push(...group.backups);
    if (fs.existsSync(group.base)) paths.push(group.base);
  }
  return paths;
}

export async function mineLogFiles(files: string[], miner: TemplateMiner, source = 0, signal?: AbortSignal): Promise<MinedLogs> {
  const result: MinedLogs = { lines: 0, records: 0, malformed: 0, levels: new Map(), firstTime: null, lastTime: null };
  for (const file of files) {
    for await (const line of readLines(file, { signal })) {
      result.lines++;
      // A line past the reader's 64 MiB limit cannot be parsed whole: counted as not a record.
      const parsed = line.truncated ? undefined : parseLogLine(line.bytes);
      if (!parsed?.ok) {
        result.malformed++;
        continue;
      }
      result.records++;
      const { record, time, level } = parsed;
      miner.add({ message: record.message, level, component: record.component, time, source });
      let byLevel = result.levels.get(record.component);
      if (!byLevel) result.levels.set(record.component, (byLevel = new Map()));
      byLevel.set(level, (byLevel.get(level) ?? 0) + 1);
      if (result.firstTime === null || time < result.firstTime) result.firstTime = time;
      if (result.lastTime === null || time > result.lastTime) result.lastTime = time;
    }
  }
  return result;
}
