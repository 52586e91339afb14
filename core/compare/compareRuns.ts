// Compares two runs: lb run folders (their journals side by side, their log patterns mined by one miner so both
// runs share templates, per-component level counts, the per-workload numbers) or runs that live only in Loki
// (lokiRun.ts: patterns and levels only). The result is the JSON contract of `lb-obs compare --format json`,
// with times as epoch ms (the CLI formats them).
import * as fs from 'fs';
import * as path from 'path';
import { LOG_LEVELS, LogLevel } from '../logs/model';
import { MinedLogs, mineLogFiles, ParallelMining, runLogPaths } from '../logs/patterns/minePatterns';
import { MinerOptions, TemplateMiner } from '../logs/patterns/templateMiner';
import { JOURNAL_FILE, journalTimeRange, readRunJournal, RunJournal, runStatus } from '../runs/journal';
import { LokiMineProgress, LokiRunSpec, lokiRunPatterns, mineLokiRun } from './lokiRun';
import { compareLokiPatterns, lokiPatternLevels } from './lokiPatternChanges';
import { comparePatternCounts, Normalisation, normalisation, PatternComparison } from './patternChanges';
import { readRepetitionResults, RepetitionMeans } from './repetitionResults';
import { compareResults, compareTasks, ResultComparison, TaskComparison } from './taskChanges';

export interface RunSummary {
  /** The journal's run id, the folder's name, or a Loki run's query. */
  runId: string;
  /** The run folder; empty for a run read from Loki. */
  dir: string;
  /** A run (or a run folder's logs) read from Loki: its query, and whether the cap stopped the lines fetched. */
  loki?: { query: string; capped: boolean };
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
  level: LogLevel;
  a: number;
  b: number;
}

/** Where the patterns come from: our miner over both runs' lines, or Loki's pattern ingester for both. */
export type PatternSource = 'miner' | 'loki';

export interface RunComparison {
  a: RunSummary;
  b: RunSummary;
  patternsFrom: PatternSource;
  normalisation: Normalisation;
  patterns: PatternComparison[];
  levels: LevelComparison[];
  tasks: TaskComparison[];
  results: ResultComparison[];
}

/** A folder that is not an lb run (no journal, no logs), or runs that cannot be compared as asked. */
export class NotARunError extends Error {}

/**
 * A run folder (its logs from `lokiLogs` instead of its files when given: a run whose logs were not collected
 * here), or a run read from Loki alone.
 */
export type RunSource = { dir: string; lokiLogs?: LokiRunSpec } | { loki: LokiRunSpec };

export interface CompareOptions extends MinerOptions {
  signal?: AbortSignal;
  /** auto (default): Loki's pattern ingester when both runs are in Loki and it answers, else our miner. */
  patterns?: 'auto' | PatternSource;
  /** Lines fetched so far from a Loki run ('A' or 'B'). */
  onProgress?: (run: 'A' | 'B', progress: LokiMineProgress) => void;
  /** Things the user should know that do not stop the comparison (the pattern ingester is off). */
  onNotice?: (message: string) => void;
  /** The scan workers that mine a run's large log files (as `logs patterns` does); without, in this thread. */
  parallel?: ParallelMining;
}

interface LoadedRun {
  summary: RunSummary;
  journal?: RunJournal;
  mined: MinedLogs;
  results: RepetitionMeans;
}

async function loadRun(src: { dir: string; lokiLogs?: LokiRunSpec }, miner: TemplateMiner, source: number, options: CompareOptions): Promise<LoadedRun> {
  const { dir, lokiLogs } = src;
  if (!fs.existsSync(path.join(dir, JOURNAL_FILE)) && !fs.existsSync(path.join(dir, 'logs'))) {
    throw new NotARunError(`${dir} is not an lb run folder (it has neither ${JOURNAL_FILE} nor logs/)`);
  }
  const read = await readRunJournal(dir);
  const journal = read.ok ? read.journal : undefined;
  const files = lokiLogs ? [] : runLogPaths(dir);
  const fromLoki = lokiLogs && (await mineLoki(lokiLogs, miner, source, options));
  const mined = fromLoki ? fromLoki.mined : await mineLogFiles(files, miner, source, options.signal, options.parallel);
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
  if (lokiLogs) summary.loki = { query: lokiLogs.query, capped: fromLoki!.capped };
  if (!read.ok && fs.existsSync(path.join(dir, JOURNAL_FILE))) summary.journalError = read.error;
  return { summary, journal, mined, results: await readRepetitionResults(dir) };
}

function emptyMined(): MinedLogs {
  return { lines: 0, records: 0, malformed: 0, levels: new Map(), firstTime: null, lastTime: null };
}

function lokiSummary(spec: LokiRunSpec, mined: MinedLogs, capped: boolean): RunSummary {
  return {
    runId: spec.query,
    dir: '',
    loki: { query: spec.query, capped },
    status: null,
    start: mined.firstTime,
    end: mined.lastTime,
    tasks: 0,
    tasksRun: 0,
    logFiles: 0,
    lines: mined.lines,
    records: mined.records,
    malformed: mined.malformed,
  };
}

function mineLoki(spec: LokiRunSpec, miner: TemplateMiner, source: number, options: CompareOptions) {
  const run = source === 0 ? 'A' : 'B';
  return mineLokiRun(spec, miner, source, { signal: options.signal, onProgress: (p) => options.onProgress?.(run, p), onNotice: options.onNotice });
}

async function loadLokiRun(spec: LokiRunSpec, miner: TemplateMiner, source: number, options: CompareOptions): Promise<LoadedRun> {
  const { mined, capped } = await mineLoki(spec, miner, source, options);
  return { summary: lokiSummary(spec, mined, capped), mined, results: new Map() };
}

function loadSource(src: RunSource, miner: TemplateMiner, source: number, options: CompareOptions): Promise<LoadedRun> {
  return 'dir' in src ? loadRun(src, miner, source, options) : loadLokiRun(src.loki, miner, source, options);
}

/** Below this share of a run's lines counted by Loki's patterns, they are incomplete (our miner is preferred). */
const PATTERN_COVERAGE = 0.95;

/** Both runs' patterns from Loki's pattern ingester (and, when they miss lines, by how many), or why not. */
async function fromPatternIngester(a: LokiRunSpec, b: LokiRunSpec, signal?: AbortSignal): Promise<{ comparison: RunComparison; incomplete?: string } | string> {
  const pa = await lokiRunPatterns(a, signal);
  if (!pa.ok) return pa.reason;
  const pb = await lokiRunPatterns(b, signal);
  if (!pb.ok) return pb.reason;
  const norm = normalisation([0, 0], [0, 0]);
  const summary = (spec: LokiRunSpec, count: number) => ({ ...lokiSummary(spec, emptyMined(), false), lines: count, records: count });
  const total = (ps: typeof pa.patterns) => ps.reduce((n, p) => n + p.count, 0);
  const gaps = ([['A', pa], ['B', pb]] as const)
    .filter(([, p]) => p.lines !== null && total(p.patterns) < PATTERN_COVERAGE * p.lines)
    .map(([name, p]) => `run ${name}'s patterns count ${total(p.patterns)} of its ${p.lines} lines`);
  const comparison: RunComparison = {
    a: summary(a, total(pa.patterns)),
    b: summary(b, total(pb.patterns)),
    patternsFrom: 'loki',
    normalisation: norm,
    patterns: compareLokiPatterns(pa.patterns, pb.patterns, norm),
    levels: lokiPatternLevels(pa.patterns, pb.patterns),
    tasks: [],
    results: [],
  };
  return gaps.length ? { comparison, incomplete: `Loki's pattern ingester missed lines (${gaps.join('; ')})` } : { comparison };
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

export function compareRuns(dirA: string, dirB: string, options: CompareOptions = {}): Promise<RunComparison> {
  return compareRunSources({ dir: dirA }, { dir: dirB }, options);
}

export async function compareRunSources(srcA: RunSource, srcB: RunSource, options: CompareOptions = {}): Promise<RunComparison> {
  const wanted = options.patterns ?? 'auto';
  if (wanted !== 'miner') {
    if ('loki' in srcA && 'loki' in srcB) {
      const fromLoki = await fromPatternIngester(srcA.loki, srcB.loki, options.signal);
      if (typeof fromLoki === 'string') {
        if (wanted === 'loki') throw new NotARunError(`Loki's pattern ingester did not answer: ${fromLoki}`);
        options.onNotice?.(`Loki's pattern ingester did not answer (${fromLoki}): mining the lines fetched instead`);
      } else if (!fromLoki.incomplete) {
        return fromLoki.comparison;
      } else if (wanted === 'loki') {
        options.onNotice?.(fromLoki.incomplete);
        return fromLoki.comparison;
      } else {
        options.onNotice?.(`${fromLoki.incomplete}: mining the lines fetched instead`);
      }
    } else if (wanted === 'loki') {
      throw new NotARunError("patterns from Loki's pattern ingester need both runs in Loki (loki:<query>)");
    }
  }
  const miner = new TemplateMiner(options);
  const a = await loadSource(srcA, miner, 0, options);
  const b = await loadSource(srcB, miner, 1, options);
  const norm = normalisation([a.summary.tasksRun, b.summary.tasksRun], [logSeconds(a.mined), logSeconds(b.mined)]);
  return {
    a: a.summary,
    b: b.summary,
    patternsFrom: 'miner',
    normalisation: norm,
    patterns: comparePatternCounts(miner.sharedPatterns(), norm),
    levels: compareLevels(a.mined, b.mined),
    tasks: compareTasks(a.journal, b.journal),
    results: compareResults(a.journal, b.journal, a.results, b.results),
  };
}
