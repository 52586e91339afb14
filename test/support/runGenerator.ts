// Deterministic lb-shaped runs for tests, benchmarks and demos: a run directory as lb writes it
// (docs/FACTS.md, "Run results layout") with JSONL logs of realistic records, optional malformed lines, and the
// ground truth every test compares the log engine against.
import * as fs from 'fs';
import * as path from 'path';
import type { LogCounts } from '../../core/logs/logStats';
import type { LbLogRecord } from '../../core/logs/recordParser';

export type MalformedKind =
  | 'invalid-json'
  | 'missing-field'
  | 'binary'
  | 'invalid-utf8'
  | 'empty'
  | 'not-object'
  | 'bad-level'
  | 'bad-timestamp';
export const MALFORMED_KINDS: readonly MalformedKind[] = [
  'invalid-json',
  'missing-field',
  'binary',
  'invalid-utf8',
  'empty',
  'not-object',
  'bad-level',
  'bad-timestamp',
];

const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
/** Cumulative level weights: mostly INFO and DEBUG, a few warnings and errors, rare criticals. */
const LEVEL_CDF = [0.2, 0.86, 0.95, 0.993, 1];

/** Counts of what was written, in the shape of `lb-obs logs stats`. */
export interface GroundTruth extends LogCounts {
  /** Epoch ms of the earliest and latest record (null when there is none). */
  firstTime: number | null;
  lastTime: number | null;
  bytes: number;
}

export function emptyTruth(): GroundTruth {
  return { lines: 0, records: 0, malformed: 0, byLevel: {}, byComponent: {}, byHost: {}, byWorkload: {}, firstTime: null, lastTime: null, bytes: 0 };
}

export function addTruth(into: GroundTruth, from: GroundTruth): GroundTruth {
  into.lines += from.lines;
  into.records += from.records;
  into.malformed += from.malformed;
  into.bytes += from.bytes;
  for (const key of ['byLevel', 'byComponent', 'byHost', 'byWorkload'] as const) {
    for (const [k, v] of Object.entries(from[key])) into[key][k] = (into[key][k] ?? 0) + v;
  }
  if (from.firstTime !== null) into.firstTime = into.firstTime === null ? from.firstTime : Math.min(into.firstTime, from.firstTime);
  if (from.lastTime !== null) into.lastTime = into.lastTime === null ? from.lastTime : Math.max(into.lastTime, from.lastTime);
  return into;
}

/** mulberry32: small, fast and good enough to make varied but reproducible logs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LogFileOptions {
  seed: number;
  lines: number;
  component: 'controller' | 'runner' | 'dfaas' | 'k6' | string;
  host: string;
  runId: string;
  workloads?: string[];
  repetitions?: number;
  /** Epoch ms of the first line. */
  startMs?: number;
  /** Mean gap between lines in ms. */
  meanGapMs?: number;
  /** Probability that a line is malformed, and which kinds to use. */
  malformedRate?: number;
  malformedKinds?: readonly MalformedKind[];
  /** Line endings `\r\n` instead of `\n` (still valid records). */
  crlf?: boolean;
  /** Start the file with a UTF-8 byte order mark (the first record stays valid). */
  bom?: boolean;
  /** Leave the last line without its newline (a writer caught mid-line). */
  partialLastLine?: boolean;
}

const PLUGIN_OF: Record<string, string> = { stress_ng: 'stress_ng', fio: 'fio', dfaas: 'dfaas', sysbench: 'sysbench' };
/** The loggers lb's components write as (the first is each one's main logger). */
export const LOGGERS: Record<string, string[]> = {
  controller: ['lb_controller.engine.run_orchestrator', 'lb_controller.ansible.executor', 'lb_controller.services.journal'],
  runner: ['lb_runner.engine.runner', 'lb_runner.metric_collectors.psutil', 'lb_runner.plugins.executor'],
  dfaas: ['lb_plugins.dfaas.generator', 'lb_plugins.dfaas.cooldown', 'lb_plugins.dfaas.prometheus'],
  k6: ['lb_plugins.dfaas.k6'],
};

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)];
}

function messageFor(rnd: () => number, component: string, workload: string | undefined, rep: number): string {
  const n = Math.floor(rnd() * 10000);
  switch (Math.floor(rnd() * 10)) {
    case 0:
      return `Starting repetition ${rep} of ${workload ?? 'run'} on attempt ${1 + (n % 3)}`;
    case 1:
      return `Collected ${n} samples from psutil (cpu=${(rnd() * 100).toFixed(1)}%, mem=${(rnd() * 100).toFixed(1)}%)`;
    case 2:
      return `ansible task "Run workload" changed=${n % 2 === 0} host_vars={"lb_workdir": "/opt/lb"}`;
    case 3:
      return component === 'k6'
        ? `http_req_duration avg=${(rnd() * 50).toFixed(2)}ms p(95)=${(rnd() * 120).toFixed(2)}ms rate=${n % 200}/s`
        : `Function figlet scaled to ${1 + (n % 15)} replicas`;
    case 4:
      return `Timeout after ${n % 600}s waiting for cooldown: cpu ${(rnd() * 100).toFixed(0)}% > idle threshold 15%`;
    case 5:
      return `Tâche terminée en ${(rnd() * 90).toFixed(3)} s — résultat écrit dans rep${rep}/result.json ✓`;
    case 6:
      return `Traceback (most recent call last):\n  File "runner.py", line ${n % 900}, in run\nRuntimeError: exit status ${n % 256}`;
    case 7:
      return `path C:\\temp\\lb\\${n} and tab\tseparated\tvalues`;
    case 8:
      return `Metric sample ${n}: ${'x'.repeat(n % 120)}`;
    default:
      return `Workload ${workload ?? '-'} progress ${n % 100}/100`;
  }
}

function isoMicros(ms: number, micros: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.${String((ms % 1000) * 1000 + micros).padStart(6, '0')}Z`;
}

/** One file's bytes as lb writes them, with the truth about its lines. */
export function generateLogLines(options: LogFileOptions): { chunks: Buffer[]; truth: GroundTruth } {
  const rnd = seededRandom(options.seed);
  const truth = emptyTruth();
  const chunks: Buffer[] = [];
  const workloads = options.component === 'controller' ? [undefined, ...(options.workloads ?? [])] : options.workloads ?? ['stress_ng'];
  const reps = options.repetitions ?? 3;
  const newline = options.crlf ? '\r\n' : '\n';
  const kinds = options.malformedKinds ?? MALFORMED_KINDS;
  let ms = Math.floor(options.startMs ?? Date.UTC(2026, 10, 21, 13, 56, 0));
  const gap = options.meanGapMs ?? 5;
  let pending = '';
  const flush = () => {
    if (pending) chunks.push(Buffer.from(pending, 'utf8'));
    pending = '';
  };
  const count = (key: 'byLevel' | 'byComponent' | 'byHost' | 'byWorkload', value: string | undefined) => {
    if (value !== undefined) truth[key][value] = (truth[key][value] ?? 0) + 1;
  };
  let lastMicros = -1;
  for (let i = 0; i < options.lines; i++) {
    const step = Math.floor(rnd() * gap * 2);
    ms += step;
    // Strictly increasing times within a file, as a single writer produces them.
    let micros = Math.floor(rnd() * 1000);
    if (step === 0 && micros <= lastMicros) micros = lastMicros + 1;
    if (micros > 999) {
      ms++;
      micros = 0;
    }
    lastMicros = micros;
    // The same arithmetic as the engine's timestamp parser, so times compare exactly.
    const time = Math.floor(ms / 1000) * 1000 + ((ms % 1000) * 1000 + micros) / 1000;
    const last = i === options.lines - 1;
    const end = last && options.partialLastLine ? '' : newline;
    const progress = i / Math.max(1, options.lines);
    const workload = workloads[Math.floor(progress * workloads.length)] ?? workloads[workloads.length - 1];
    const rep = 1 + (Math.floor(progress * workloads.length * reps) % reps);
    const r = rnd();
    const level = LEVELS[LEVEL_CDF.findIndex((p) => r < p)];
    const record: LbLogRecord = {
      timestamp: isoMicros(ms, micros),
      level,
      component: options.component,
      host: options.host,
      run_id: options.runId,
      logger: pick(rnd, LOGGERS[options.component] ?? ['lb.other']),
      message: messageFor(rnd, options.component, workload, rep),
      event_type: 'log',
    };
    if (workload) {
      record.workload = workload;
      record.package = options.component === 'controller' ? 'lb_controller' : 'lb_runner';
      record.plugin = PLUGIN_OF[workload] ?? workload;
      record.repetition = rep;
      const inRep = (progress * workloads.length * reps) % 1;
      if (inRep < 0.05) record.tags = { phase: 'setup' };
      else if (inRep > 0.95) record.tags = { phase: 'teardown' };
    }
    const malformed = options.malformedRate && rnd() < options.malformedRate ? pick(rnd, kinds) : undefined;
    truth.lines++;
    if (malformed) {
      truth.malformed++;
      flush();
      const bytes = malformedLine(malformed, record, rnd);
      chunks.push(bytes, Buffer.from(end));
      truth.bytes += bytes.length + end.length;
      continue;
    }
    truth.records++;
    count('byLevel', level);
    count('byComponent', options.component);
    count('byHost', options.host);
    count('byWorkload', record.workload);
    truth.firstTime = truth.firstTime === null ? time : Math.min(truth.firstTime, time);
    truth.lastTime = truth.lastTime === null ? time : Math.max(truth.lastTime, time);
    const line = (i === 0 && options.bom ? '\ufeff' : '') + JSON.stringify(record) + end;
    pending += line;
    truth.bytes += Buffer.byteLength(line);
    if (pending.length > 1 << 20) flush();
  }
  flush();
  return { chunks, truth };
}

/** A line that is not a valid lb record, of the given kind, derived from a real record. */
export function malformedLine(kind: MalformedKind, record: LbLogRecord, rnd: () => number): Buffer {
  const json = JSON.stringify(record);
  switch (kind) {
    case 'invalid-json':
      return Buffer.from(json.slice(0, Math.max(1, Math.floor(json.length * (0.2 + rnd() * 0.7)))));
    case 'missing-field': {
      const { run_id: _runId, ...rest } = record;
      return Buffer.from(JSON.stringify(rest));
    }
    case 'binary':
      return Buffer.from(Array.from({ length: 16 + Math.floor(rnd() * 64) }, (_, k) => (k % 7 === 0 ? 0 : Math.floor(rnd() * 256))).filter((b) => b !== 10));
    case 'invalid-utf8': {
      const text = Buffer.from(JSON.stringify({ ...record, message: 'bad byte: @' }));
      text[text.indexOf('@')] = 0xff;
      return text;
    }
    case 'empty':
      return Buffer.alloc(0);
    case 'not-object':
      return Buffer.from(JSON.stringify([record.level, record.message]));
    case 'bad-level':
      return Buffer.from(JSON.stringify({ ...record, level: 'trace' }));
    case 'bad-timestamp':
      return Buffer.from(JSON.stringify({ ...record, timestamp: 'yesterday at noon' }));
  }
}

export function writeLogFile(file: string, options: LogFileOptions): GroundTruth {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { chunks, truth } = generateLogLines(options);
  const fd = fs.openSync(file, 'w');
  try {
    for (const c of chunks) fs.writeSync(fd, c);
  } finally {
    fs.closeSync(fd);
  }
  return truth;
}

/**
 * Writes a large file without holding it in memory: `lines` records split into blocks, each generated and
 * appended in turn. Used by the benchmark for its million-line file.
 */
export function writeLargeLogFile(file: string, options: LogFileOptions, blockLines = 50_000): GroundTruth {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const truth = emptyTruth();
  const fd = fs.openSync(file, 'w');
  try {
    let startMs = options.startMs ?? Date.UTC(2026, 10, 21, 13, 56, 0);
    for (let done = 0, block = 0; done < options.lines; block++) {
      const lines = Math.min(blockLines, options.lines - done);
      const { chunks, truth: t } = generateLogLines({ ...options, seed: options.seed + block, lines, startMs, bom: false });
      for (const c of chunks) fs.writeSync(fd, c);
      addTruth(truth, t);
      startMs = Math.ceil(t.lastTime ?? startMs) + 1;
      done += lines;
    }
  } finally {
    fs.closeSync(fd);
  }
  return truth;
}

export interface RunOptions {
  seed?: number;
  runId?: string;
  hosts?: string[];
  controllerNode?: string;
  workloads?: string[];
  repetitions?: number;
  /** Lines per log file. */
  linesPerFile?: number;
  malformedRate?: number;
  startMs?: number;
}

export interface GeneratedRun {
  runId: string;
  runDir: string;
  files: string[];
  /** Truth per file path and in total. */
  perFile: Record<string, GroundTruth>;
  truth: GroundTruth;
}

/** `<outputDir>/<runId>/` with run_journal.json and logs/{controller,runner,dfaas,k6}-<host>.jsonl. */
export function generateRun(outputDir: string, options: RunOptions = {}): GeneratedRun {
  const seed = options.seed ?? 1;
  const runId = options.runId ?? 'run-20261121-135600';
  const hosts = options.hosts ?? ['node-1', 'node-2'];
  const workloads = options.workloads ?? ['stress_ng', 'dfaas'];
  const repetitions = options.repetitions ?? 3;
  const linesPerFile = options.linesPerFile ?? 200;
  const startMs = options.startMs ?? Date.UTC(2026, 10, 21, 13, 56, 0);
  const runDir = path.join(outputDir, runId);
  const logs = path.join(runDir, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const plan: Array<{ component: string; host: string; workloads: string[] }> = [
    { component: 'controller', host: options.controllerNode ?? 'controller', workloads },
  ];
  for (const host of hosts) {
    plan.push({ component: 'runner', host, workloads });
    if (workloads.includes('dfaas')) {
      plan.push({ component: 'dfaas', host, workloads: ['dfaas'] });
      plan.push({ component: 'k6', host, workloads: ['dfaas'] });
    }
  }
  const perFile: Record<string, GroundTruth> = {};
  const truth = emptyTruth();
  plan.forEach((p, k) => {
    const file = path.join(logs, `${p.component}-${p.host}.jsonl`);
    perFile[file] = writeLogFile(file, {
      seed: seed * 1000 + k,
      lines: linesPerFile,
      component: p.component,
      host: p.host,
      runId,
      workloads: p.workloads,
      repetitions,
      startMs: startMs + k * 3,
      malformedRate: options.malformedRate,
    });
    addTruth(truth, perFile[file]);
  });
  writeJournal(runDir, runId, hosts, workloads, repetitions, startMs);
  return { runId, runDir, files: Object.keys(perFile), perFile, truth };
}

function writeJournal(runDir: string, runId: string, hosts: string[], workloads: string[], repetitions: number, startMs: number): void {
  const tasks = hosts.flatMap((host) =>
    workloads.flatMap((workload) => Array.from({ length: repetitions }, (_, k) => ({ host, workload, repetition: k + 1, durationSeconds: 60 + k + 1 }))),
  );
  writeRunJournal(runDir, { runId, tasks, startMs, repetitions, configHash: 'generated', nodeCount: hosts.length });
}

export interface JournalTask {
  host: string;
  workload: string;
  repetition: number;
  status?: 'COMPLETED' | 'FAILED' | 'SKIPPED';
  durationSeconds?: number;
  error?: string;
}

export interface JournalOptions {
  runId: string;
  /** Run one after the other from `startMs`, in this order. */
  tasks: JournalTask[];
  startMs: number;
  repetitions: number;
  configHash: string;
  nodeCount: number;
}

/** run_journal.json as lb writes it: each task's status, times and error (a failed task's error is a RuntimeError). */
export function writeRunJournal(runDir: string, options: JournalOptions): void {
  let t = options.startMs / 1000;
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
    metadata: {
      created_at: new Date(options.startMs).toISOString().replace('Z', ''),
      repetitions: options.repetitions,
      config_hash: options.configHash,
      execution_mode: 'remote',
      node_count: options.nodeCount,
    },
  };
  fs.writeFileSync(path.join(runDir, 'run_journal.json'), JSON.stringify(journal, null, 2));
}
