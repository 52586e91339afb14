// Compares two lb run folders: their journals side by side, their log patterns (mined by one miner so both runs
// share templates), per-component level counts, and the per-workload numbers. The result is the JSON contract of
// `lb-obs compare --format json`, with times as epoch ms (the CLI formats them).
import * as fs from 'fs';
import * as path from 'path';
import { LOG_LEVELS } from '../logs/model';
import { MinedLogs, mineLogFiles, runLogPaths } from '../logs/patterns/minePatterns';
import { MinerOptions, TemplateMiner } from '../logs/patterns/templateMiner';
import { JOURNAL_FILE, journalTimeRange, readRunJournal, RunJournal, runStatus } from '../runs/journal';
import { comparePatternCounts, Normalisation, normalisation, PatternComparison } from './patternChanges';
import { readRepetitionResults, RepetitionMeans } from './repetitionResults';
import { compareResults, compareTasks, ResultComparison, TaskComparison } from './taskChanges';

export interface RunSummary {
  runId: string;
  dir: string;
  /** The journal's overall status, null without a readable journal (then `journalError` says why). */
  status: string | null;
  journalError?: string;
  /** Epoch ms of the first task start and last task finish (else of the first and last record). */
  start: number | null;
  end: number | null;
  tasks: number;
  /** Tasks COMPLETED or FAILED: what the pattern counts are normalised by. */
  tasksRun: number;
  logFiles: number;
  lines: number;
  records: number;
  malformed: number;
}

export interface LevelComparison {
  component: string;
  level: string;
  a: number;
  b: number;
}

export interface RunComparison {
  a: RunSummary;
  b: RunSummary;
  normalisation: Normalisation;
  patterns: PatternComparison[];
  levels: LevelComparison[];
  tasks: TaskComparison[];
  results: ResultComparison[];
}

/** A folder that is not an lb run (no journal, no logs). */
export class NotARunError extends Error {}

interface LoadedRun {
  summary: RunSummary;
  journal?: RunJournal;
  mined: MinedLogs;
  results: RepetitionMeans;
}

async function loadRun(dir: string, miner: TemplateMiner, source: number, signal?: AbortSignal): Promise<LoadedRun> {
  if (!fs.existsSync(path.join(dir, JOURNAL_FILE)) && !fs.existsSync(path.join(dir, 'logs'))) {
    throw new NotARunError(`${dir} is not an lb run folder (it has neither ${JOURNAL_FILE} nor logs/)`);
  }
  const read = await readRunJournal(dir);
  const journal = read.ok ? read.journal : undefined;
  const files = runLogPaths(dir);
  const mined = await mineLogFiles(files, miner, source, signal);
  const range = journal ? journalTimeRange(journal) : {};
  const summary: RunSummary = {
    runId: journal?.runId ?? path.basename(dir),
    dir,
    status: journal ? runStatus(journal) : null,
    start: range.start ?? mined.firstTime,
    end: range.end ?? mined.lastTime,
    tasks: journal?.tasks.length ?? 0,
    tasksRun: journal?.tasks.filter((t) => t.status === 'COMPLETED' || t.status === 'FAILED').length ?? 0,
    logFiles: files.length,
    lines: mined.lines,
    records: mined.records,
    malformed: mined.malformed,
  };
  if (!read.ok && fs.existsSync(path.join(dir, JOURNAL_FILE))) summary.journalError = read.error;
  return { summary, journal, mined, results: await readRepetitionResults(dir) };
}

function logSeconds(m: MinedLogs): number {
  return m.firstTime === null || m.lastTime === null ? 0 : (m.lastTime - m.firstTime) / 1000;
}

function compareLevels(a: MinedLogs, b: MinedLogs): LevelComparison[] {
  const components = [...new Set([...a.levels.keys(), ...b.levels.keys()])].sort();
  const rows: LevelComparison[] = [];
  for (const component of components) {
    for (const level of LOG_LEVELS) {
      const ca = a.levels.get(component)?.get(level) ?? 0;
      const cb = b.levels.get(component)?.get(level) ?? 0;
      if (ca || cb) rows.push({ component, level, a: ca, b: cb });
    }
  }
  return rows;
}

export async function compareRuns(dirA: string, dirB: string, options: MinerOptions & { signal?: AbortSignal } = {}): Promise<RunComparison> {
  const miner = new TemplateMiner(options);
  const a = await loadRun(dirA, miner, 0, options.signal);
  const b = await loadRun(dirB, miner, 1, options.signal);
  const norm = normalisation([a.summary.tasksRun, b.summary.tasksRun], [logSeconds(a.mined), logSeconds(b.mined)]);
  return {
    a: a.summary,
    b: b.summary,
    normalisation: norm,
    patterns: comparePatternCounts(miner.sharedPatterns(), norm),
    levels: compareLevels(a.mined, b.mined),
    tasks: compareTasks(a.journal, b.journal),
    results: compareResults(a.journal, b.journal, a.results, b.results),
  };
}
