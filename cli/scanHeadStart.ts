// Gives a `logs` command that is about to index large files a head start: its scan workers boot (~80 ms each)
// while the command's own code loads, instead of after (core/logs/scanWorkers.ts).
import * as fs from 'fs';
import * as path from 'path';
import { listLogFileGroups, logsDirOf } from '../core/logs/runLogFiles';
import { defaultScanWorkers, startScanWorkersEarly, stopEarlyScanWorkers, workersFor } from '../core/logs/scanWorkers';
import { scanWorkerScript } from './scanWorkerScript';

const INDEXING = new Set(['stats', 'show', 'patterns']);

/** The size of the largest log file among the arguments (files, and run folders' logs); unreadable ones are left to the command. */
function largestLogFile(args: string[], cwd: string): number {
  let largest = 0;
  const consider = (file: string) => {
    try {
      largest = Math.max(largest, fs.statSync(file).size);
    } catch {
      // The command reports what it cannot read.
    }
  };
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    const absolute = path.resolve(cwd, arg);
    let stats: fs.Stats;
    try {
      stats = fs.statSync(absolute);
    } catch {
      continue;
    }
    if (!stats.isDirectory()) largest = Math.max(largest, stats.size);
    else for (const group of listLogFileGroups(logsDirOf(absolute))) [group.base, ...group.backups].forEach(consider);
  }
  return largest;
}

/** Starts the scan workers `lb-obs logs <args>` will index with, when it indexes files big enough to use them. */
export function startScanWorkersFor(args: string[], cwd: string, script = scanWorkerScript()): void {
  if (!INDEXING.has(args[0])) return;
  const workers = workersFor(largestLogFile(args.slice(1), cwd), defaultScanWorkers());
  if (script && workers > 1) startScanWorkersEarly(script, workers);
}

/** Stops the workers started early that the command did not take. */
export { stopEarlyScanWorkers };
