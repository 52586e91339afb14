// lb runs built from known message templates with known counts, for the pattern miner's and run comparison's
// ground truth: each template's `<*>` is filled with a different variable value on every line (numbers,
// durations, IPs, uuids, hex, paths, hosts, or the template's own words), lines are interleaved in a seeded
// order, and the journal's tasks, statuses and durations are given. Written by the project's run generator
// (runGenerator.ts: its random numbers, loggers and journal), as lb lays a run out; files are written as they
// grow, so a run of millions of lines is not held in memory.
import * as fs from 'fs';
import * as path from 'path';
import type { LogLevel } from '../../core/logs/model';
import type { LbLogRecord } from '../../core/logs/recordParser';
import { JournalTask, LOGGERS, seededRandom, writeRunJournal } from './runGenerator';

export interface TemplateSpec {
  /** The pattern the miner must find: constant words and `<*>` where values vary. */
  pattern: string;
  level: LogLevel;
  component: string;
  count: number;
  /** Host of the file the lines go to (default node-1). */
  host?: string;
  /** Values without digits for the first `<*>` (cycled), to exercise merging of differing words. */
  words?: string[];
}

/** Templates of every level and several components, variable kinds and word variables, counts 1 to 500. */
export const GROUND_TRUTH_TEMPLATES: TemplateSpec[] = [
  { pattern: 'Connected to host <*> in <*> ms', level: 'INFO', component: 'controller', count: 300 },
  { pattern: 'Starting workload <*> repetition <*> on <*>', level: 'INFO', component: 'controller', count: 120, words: ['stress_ng', 'fio', 'dfaas'] },
  { pattern: 'Collected <*> samples from psutil (cpu=<*>, mem=<*>)', level: 'DEBUG', component: 'runner', count: 500 },
  { pattern: 'Timeout after <*> waiting for cooldown on <*>', level: 'WARNING', component: 'runner', count: 40 },
  { pattern: 'Task <*> failed: exit status <*> writing <*>', level: 'ERROR', component: 'runner', count: 7 },
  { pattern: 'Task <*> failed: exit status <*> writing <*>', level: 'ERROR', component: 'controller', count: 3 },
  { pattern: 'ansible task <*> changed=<*> on <*>', level: 'INFO', component: 'controller', count: 90 },
  { pattern: 'Function figlet scaled to <*> replicas', level: 'INFO', component: 'dfaas', count: 60 },
  { pattern: 'Request id=<*> served by <*> status=<*>', level: 'DEBUG', component: 'k6', count: 250 },
  { pattern: 'Prometheus query returned no samples for <*>', level: 'WARNING', component: 'dfaas', count: 1 },
  { pattern: 'Run finished', level: 'INFO', component: 'controller', count: 1 },
  { pattern: 'Heartbeat from <*> at <*>', level: 'DEBUG', component: 'controller', count: 75 },
];

export type PatternTask = JournalTask;

export interface PatternRunOptions {
  runId: string;
  templates: TemplateSpec[];
  tasks: PatternTask[];
  seed?: number;
  startMs?: number;
  /** Each line is one task's (the tasks in turn): it carries the task's host, workload and repetition. */
  taskLines?: boolean;
}

export interface PatternRun {
  runDir: string;
  /** Epoch ms of each template's first and last line, by pattern. */
  times: Map<TemplateSpec, { first: number; last: number }>;
}

/** The i-th variable value: each kind of variable the miner masks, and never the same twice in a row. */
export function variableValue(i: number, rnd: () => number): string {
  const n = Math.floor(rnd() * 100000);
  switch (i % 8) {
    case 0:
      return String(n);
    case 1:
      return `${(n / 100).toFixed(2)}ms`;
    case 2:
      return `10.${n % 256}.${(n >> 8) % 256}.${i % 250}:${8000 + (n % 1000)}`;
    case 3:
      return `${(n % 9) + 1}${n.toString(16).padStart(7, 'a')}-4f2e-9c1d-${String(i).padStart(4, '0')}-0b6c2f3e8a11`;
    case 4:
      return `0x${n.toString(16)}`;
    case 5:
      return `/var/lib/lb/run-${n}/out.json`;
    case 6:
      return `node-${n % 40}`;
    default:
      return `${n % 600}s`;
  }
}

function fill(spec: TemplateSpec, line: number, rnd: () => number): string {
  let k = 0;
  return spec.pattern.replace(/<\*>/g, () => {
    const value = k === 0 && spec.words ? spec.words[line % spec.words.length] : variableValue(line + k, rnd);
    k++;
    return value;
  });
}

const DEFAULT_START_MS = Date.UTC(2026, 10, 21, 13, 56, 0);
/** Characters of a file's lines held before they are written. */
const FLUSH_CHARS = 1 << 20;

export function writePatternRun(outputDir: string, options: PatternRunOptions): PatternRun {
  const rnd = seededRandom(options.seed ?? 7);
  const runDir = path.join(outputDir, options.runId);
  fs.mkdirSync(path.join(runDir, 'logs'), { recursive: true });
  // Every line's template, in a seeded shuffled order.
  const order = new Uint32Array(options.templates.reduce((n, t) => n + t.count, 0));
  let at = 0;
  options.templates.forEach((t, k) => order.fill(k, at, (at += t.count)));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const files = new Map<string, { fd: number; pending: string }>();
  const write = (file: { fd: number; pending: string }) => {
    fs.writeSync(file.fd, file.pending);
    file.pending = '';
  };
  const lineOf = new Map<TemplateSpec, number>();
  const times = new Map<TemplateSpec, { first: number; last: number }>();
  const startMs = options.startMs ?? DEFAULT_START_MS;
  let ms = startMs;
  try {
    for (const [n, k] of order.entries()) {
      const spec = options.templates[k];
      ms += 1 + Math.floor(rnd() * 10);
      const task = options.taskLines && options.tasks.length ? options.tasks[n % options.tasks.length] : undefined;
      const host = task?.host ?? spec.host ?? 'node-1';
      const line = lineOf.get(spec) ?? 0;
      lineOf.set(spec, line + 1);
      const record: LbLogRecord = {
        timestamp: new Date(ms).toISOString(),
        level: spec.level,
        component: spec.component,
        host,
        run_id: options.runId,
        logger: LOGGERS[spec.component]?.[0] ?? `lb_plugins.${spec.component}`,
        message: fill(spec, line, rnd),
        event_type: 'log',
        ...(task ? { workload: task.workload, repetition: task.repetition } : {}),
      };
      const name = `${spec.component}-${host}.jsonl`;
      let file = files.get(name);
      if (!file) files.set(name, (file = { fd: fs.openSync(path.join(runDir, 'logs', name), 'w'), pending: '' }));
      file.pending += `${JSON.stringify(record)}\n`;
      if (file.pending.length > FLUSH_CHARS) write(file);
      const t = times.get(spec);
      times.set(spec, { first: t?.first ?? ms, last: ms });
    }
    for (const file of files.values()) write(file);
  } finally {
    for (const file of files.values()) fs.closeSync(file.fd);
  }
  writeRunJournal(runDir, { runId: options.runId, tasks: options.tasks, startMs, repetitions: 3, configHash: 'patterns', nodeCount: 1 });
  return { runDir, times };
}

/** A template's level, component and pattern: what a mined or compared pattern is matched by. */
export const patternKey = (p: { pattern: string; level: string; component: string }): string => `${p.level} ${p.component} ${p.pattern}`;

/** `level component pattern count` of each template, sorted: what the miner must recover, exactly. */
export function templateCounts(list: Array<{ pattern: string; level: string; component: string; count: number }>): string[] {
  return list.map((p) => `${patternKey(p)} ${p.count}`).sort();
}

/** `change level component pattern a -> b` of each compared pattern, in the comparison's order. */
export function comparedRows(list: Array<{ pattern: string; level: string; component: string; a: number; b: number; change: string }>): string[] {
  return list.map((p) => `${p.change} ${patternKey(p)} ${p.a} -> ${p.b}`);
}

export interface ChangedRuns {
  runA: string;
  runB: string;
  a: TemplateSpec[];
  b: TemplateSpec[];
  /** The rows the comparison must list as changed, in its order (errors and warnings first), and no other. */
  changed: string[];
  /** Every other row: "same", with the same count in both runs. */
  same: string[];
}

/**
 * Runs A and B of exactly `lines` lines each, from the ground truth's templates scaled up (the largest takes
 * the remainder), B with one template new (an error), one gone (a warning), one twice as frequent and one less
 * than half as frequent; the same three tasks in both, so counts compare as they are.
 */
export function writeChangedRuns(outputDir: string, lines: number): ChangedRuns {
  const scale = Math.max(1, Math.floor(lines / GROUND_TRUTH_TEMPLATES.reduce((n, t) => n + t.count, 0)));
  const a = GROUND_TRUTH_TEMPLATES.map((t) => ({ ...t, count: t.count * scale }));
  const [connected, collected, prometheus] = ['Connected to host', 'Collected', 'Prometheus query'].map((p) => a.find((t) => t.pattern.startsWith(p))!);
  collected.count += Math.max(0, lines - a.reduce((n, t) => n + t.count, 0));
  const segfault: TemplateSpec = { pattern: 'Segmentation fault in worker <*> at <*>', level: 'ERROR', component: 'runner', count: prometheus.count };
  const moreConnected = { ...connected, count: connected.count * 2 };
  const fewerCollected = { ...collected, count: collected.count - connected.count };
  const b: TemplateSpec[] = [
    ...a.filter((t) => t !== prometheus).map((t) => (t === connected ? moreConnected : t === collected ? fewerCollected : t)),
    segfault,
  ];
  const tasks = [1, 2, 3].map((repetition) => ({ host: 'node-1', workload: 'stress_ng', repetition }));
  const runA = writePatternRun(outputDir, { runId: 'run-a', templates: a, tasks, seed: 21 }).runDir;
  const runB = writePatternRun(outputDir, { runId: 'run-b', templates: b, tasks, seed: 22 }).runDir;
  const row = (change: string, t: TemplateSpec, countA: number, countB: number) => `${change} ${patternKey(t)} ${countA} -> ${countB}`;
  return {
    runA,
    runB,
    a,
    b,
    changed: [
      row('new', segfault, 0, segfault.count),
      row('gone', prometheus, prometheus.count, 0),
      row('more', connected, connected.count, moreConnected.count),
      row('fewer', collected, collected.count, fewerCollected.count),
    ],
    same: a.filter((t) => ![connected, collected, prometheus].includes(t)).map((t) => row('same', t, t.count, t.count)),
  };
}
