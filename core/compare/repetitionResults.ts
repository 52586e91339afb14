// The numbers lb writes per repetition: `<run>/<host>/<workload>/rep<N>/result.json` (lb_runner's
// persist_rep_result: test_name, repetition, start_time, end_time, duration_seconds, success, generator_result,
// metrics per collector). Their numeric leaves (generator_result.*, metrics.*, duration_seconds) are averaged over
// a workload's repetitions; arrays (time series) are left out. Tolerant: an unreadable or odd file is skipped.
import { promises as fs } from 'fs';
import * as path from 'path';

/** Mean of each numeric result per host, workload and dotted key. */
export type RepetitionMeans = Map<string, { host: string; workload: string; metric: string; mean: number }>;

/** Bounds on what one result.json contributes: lb's files are small; a huge one is not read. */
const MAX_FILE_BYTES = 8 << 20;
const MAX_KEYS_PER_FILE = 500;
const MAX_DEPTH = 6;
const REP_DIR = /^rep(\d+)$/;

async function subdirs(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

function numericLeaves(value: unknown, prefix: string, out: Map<string, number>, depth: number): void {
  if (out.size >= MAX_KEYS_PER_FILE) return;
  if (typeof value === 'number' && Number.isFinite(value)) {
    out.set(prefix, value);
    return;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || depth >= MAX_DEPTH) return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) numericLeaves(v, `${prefix}.${k}`, out, depth + 1);
}

async function readResult(file: string): Promise<Map<string, number> | undefined> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
    if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
    const r = data as Record<string, unknown>;
    const leaves = new Map<string, number>();
    if (typeof r.duration_seconds === 'number' && Number.isFinite(r.duration_seconds)) leaves.set('duration_seconds', r.duration_seconds);
    numericLeaves(r.generator_result, 'generator_result', leaves, 0);
    numericLeaves(r.metrics, 'metrics', leaves, 0);
    return leaves;
  } catch {
    return undefined;
  }
}

export async function readRepetitionResults(runDir: string): Promise<RepetitionMeans> {
  const sums = new Map<string, { host: string; workload: string; metric: string; sum: number; n: number }>();
  for (const host of await subdirs(runDir)) {
    if (host === 'logs') continue;
    for (const workload of await subdirs(path.join(runDir, host))) {
      for (const rep of await subdirs(path.join(runDir, host, workload))) {
        if (!REP_DIR.test(rep)) continue;
        const leaves = await readResult(path.join(runDir, host, workload, rep, 'result.json'));
        for (const [metric, value] of leaves ?? []) {
          const key = JSON.stringify([host, workload, metric]);
          const s = sums.get(key) ?? { host, workload, metric, sum: 0, n: 0 };
          s.sum += value;
          s.n++;
          sums.set(key, s);
        }
      }
    }
  }
  return new Map([...sums].map(([k, s]) => [k, { host: s.host, workload: s.workload, metric: s.metric, mean: s.sum / s.n }]));
}
