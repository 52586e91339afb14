// lb runs built from known message templates with known counts, for the pattern miner's and run comparison's
// ground truth: each template's `<*>` is filled with a different variable value on every line (numbers,
// durations, IPs, uuids, hex, paths, hosts, or the template's own words), lines are interleaved in a seeded
// order, and the journal's tasks, statuses and durations are given. The same layout as runGenerator.ts writes.
import * as fs from 'fs';
import * as path from 'path';
import type { LogLevel } from '../../core/logs/model';
import type { LbLogRecord } from '../../core/logs/recordParser';
import { seededRandom } from './runGenerator';

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

export interface PatternTask {
  host: string;
  workload: string;
  repetition: number;
  status?: 'COMPLETED' | 'FAILED' | 'SKIPPED';
  durationSeconds?: number;
  error?: string;
}

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

const LOGGER: Record<string, string> = { controller: 'lb_controller.engine.run_orchestrator', runner: 'lb_runner.engine.runner' };

export function writePatternRun(outputDir: string, options: PatternRunOptions): PatternRun {
  const rnd = seededRandom(options.seed ?? 7);
  const runDir = path.join(outputDir, options.runId);
  fs.mkdirSync(path.join(runDir, 'logs'), { recursive: true });
  // Every line's template, in a seeded shuffled order.
  const order: number[] = options.templates.flatMap((t, k) => Array<number>(t.count).fill(k));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const files = new Map<string, string[]>();
  const lineOf = new Map<TemplateSpec, number>();
  const times = new Map<TemplateSpec, { first: number; last: number }>();
  let ms = options.startMs ?? Date.UTC(2026, 10, 21, 13, 56, 0);
  order.forEach((k, n) => {
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
      logger: LOGGER[spec.component] ?? `lb_plugins.${spec.component}`,
      message: fill(spec, line, rnd),
      event_type: 'log',
      ...(task ? { workload: task.workload, repetition: task.repetition } : {}),
    };
    const file = `${spec.component}-${host}.jsonl`;
    const lines = files.get(file) ?? [];
    lines.push(JSON.stringify(record));
    files.set(file, lines);
    const t = times.get(spec);
    times.set(spec, { first: t?.first ?? ms, last: ms });
  });
  for (const [file, lines] of files) fs.writeFileSync(path.join(runDir, 'logs', file), `${lines.join('\n')}\n`);
  writeTasksJournal(runDir, options);
  return { runDir, times };
}

function writeTasksJournal(runDir: string, options: PatternRunOptions): void {
  let t = (options.startMs ?? Date.UTC(2026, 10, 21, 13, 56, 0)) / 1000;
  const tasks = options.tasks.map((task) => {
    const duration = task.durationSeconds ?? 60;
    const status = task.status ?? 'COMPLETED';
    const entry = {
      host: task.host,
      workload: task.workload,
      repetition: task.repetition,
      status,
      current_action: status === 'FAILED' ? 'failed' : 'done',
      timestamp: t + duration,
      error: task.error ?? null,
      error_type: task.error ? 'RuntimeError' : null,
      started_at: t,
      finished_at: t + duration,
      duration_seconds: duration,
    };
    t += duration;
    return entry;
  });
  const journal = {
    run_id: options.runId,
    tasks,
    metadata: { created_at: new Date((options.startMs ?? 0) || Date.UTC(2026, 10, 21, 13, 56, 0)).toISOString().replace('Z', ''), repetitions: 3, config_hash: 'patterns', execution_mode: 'remote', node_count: 1 },
  };
  fs.writeFileSync(path.join(runDir, 'run_journal.json'), JSON.stringify(journal, null, 2));
}
