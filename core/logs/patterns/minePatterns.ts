// Mines the patterns of lb JSONL logs: files and run folders read line by line with the engine's own line
// reader and record classifier (so a record here is a record in the log panel), fed to a template miner as one
// source (a run). Only the message is decoded from each line, not the whole record: that is most of the cost.
import * as fs from 'fs';
import { readLines } from '../lineReader';
import { LEVEL_NAMES, LineClassifier, LineInfo } from '../lineClassifier';
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
  const classifier = new LineClassifier();
  const info = new LineInfo();
  // The line followed by the newline the classifier stops on, in one buffer reused from line to line.
  let scratch = Buffer.allocUnsafe(1 << 16);
  const result: MinedLogs = { lines: 0, records: 0, malformed: 0, levels: new Map(), firstTime: null, lastTime: null };
  for (const file of files) {
    for await (const line of readLines(file, { signal })) {
      result.lines++;
      const n = line.bytes.length;
      if (scratch.length <= n) scratch = Buffer.allocUnsafe(2 * (n + 1));
      line.bytes.copy(scratch);
      scratch[n] = 0x0a;
      classifier.classify(scratch, 0, n, info, false);
      // A line past the reader's 64 MiB limit cannot be parsed whole: counted as not a record.
      if (!info.parsed || line.truncated) {
        result.malformed++;
        continue;
      }
      result.records++;
      const message =
        info.message ??
        (info.messageEscaped ? (JSON.parse(scratch.toString('utf8', info.messageStart - 1, info.messageEnd + 1)) as string) : scratch.toString('utf8', info.messageStart, info.messageEnd));
      const component = info.component!;
      const level = LEVEL_NAMES[info.level];
      const time = info.time;
      miner.add({ message, level, component, time, source });
      let byLevel = result.levels.get(component);
      if (!byLevel) result.levels.set(component, (byLevel = new Map()));
      byLevel.set(level, (byLevel.get(level) ?? 0) + 1);
      if (result.firstTime === null || time < result.firstTime) result.firstTime = time;
      if (result.lastTime === null || time > result.lastTime) result.lastTime = time;
    }
  }
  return result;
}
