// `npm run bench:patterns`: log patterns and run comparison on 1,000,000-line runs written from known templates
// (test/support/patternRuns.ts, the unit tests' templates with counts scaled up). Prints, next to plain indexing
// (`lb-obs logs stats`, the log engine), the time and peak RSS of `lb-obs logs patterns` and `lb-obs compare` as
// the built CLI runs them, and checks the ground truth at that size: every template recovered with its exact
// count, and the comparison listing exactly the changes written into run B.
// Goals (issue 15): patterns add less than 50% to indexing time and stay under 64 MB.
// BENCH_LINES sets the size (1,000,000).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { GROUND_TRUTH_TEMPLATES, TemplateSpec, writePatternRun } from '../../test/support/patternRuns';
import { REPO_ROOT } from '../../test/support/paths';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'lb-obs.js');
const TIME = '/usr/bin/time';

interface Timed {
  seconds: number;
  peakRssMb: number | null;
  /** User + system CPU seconds: what the load of a shared machine does not inflate. */
  cpuSeconds: number | null;
  stdout: string;
}

function timed(args: string[]): Timed {
  const useTime = fs.existsSync(TIME);
  const started = performance.now();
  const r = useTime
    ? spawnSync(TIME, ['-f', '%M %U %S', process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`lb-obs ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [peak, user, sys] = useTime ? (r.stderr.trim().split('\n').pop() ?? '').trim().split(' ').map(Number) : [NaN, NaN, NaN];
  return { seconds, peakRssMb: Number.isFinite(peak) ? peak / 1024 : null, cpuSeconds: Number.isFinite(user + sys) ? user + sys : null, stdout: r.stdout };
}

function best(args: string[], runs = 3): Timed {
  return Array.from({ length: runs }, () => timed(args)).sort((a, b) => a.seconds - b.seconds)[0];
}

const mb = (v: number | null) => (v === null ? '-' : `${v.toFixed(0)} MB`);
const cpu = (t: Timed) => (t.cpuSeconds === null ? '' : `  CPU ${t.cpuSeconds.toFixed(2)} s`);

function main(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "node scripts/build.mjs" first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-bench-patterns-'));
  try {
    const sum = GROUND_TRUTH_TEMPLATES.reduce((n, t) => n + t.count, 0);
    const scale = Math.max(1, Math.round(LINES / sum));
    const a: TemplateSpec[] = GROUND_TRUTH_TEMPLATES.map((t) => ({ ...t, count: t.count * scale }));
    const [connected, heartbeat, prometheus] = ['Connected to host', 'Heartbeat from', 'Prometheus query'].map((p) => a.find((t) => t.pattern.startsWith(p))!);
    const segfault: TemplateSpec = { pattern: 'Segmentation fault in worker <*> at <*>', level: 'ERROR', component: 'runner', count: 5 };
    const b: TemplateSpec[] = [
      ...a.filter((t) => t !== prometheus).map((t) => (t === connected ? { ...t, count: t.count * 2 } : t === heartbeat ? { ...t, count: Math.floor(t.count / 4) } : t)),
      segfault,
    ];
    const tasks = [1, 2, 3].map((repetition) => ({ host: 'node-1', workload: 'stress_ng', repetition }));
    let started = performance.now();
    const runA = writePatternRun(dir, { runId: 'run-a', templates: a, tasks, seed: 21 }).runDir;
    const runB = writePatternRun(dir, { runId: 'run-b', templates: b, tasks, seed: 22 }).runDir;
    const lines = a.reduce((n, t) => n + t.count, 0);
    console.log(`wrote two runs of ${lines} and ${b.reduce((n, t) => n + t.count, 0)} lines in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const index = best(['logs', 'stats', runA, '--format', 'json']);
    const patterns = best(['logs', 'patterns', runA, '--format', 'json']);
    const compare = best(['compare', runA, runB, '--format', 'json'], 1);
    console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; best of 3 runs`);
    console.log(`plain index (logs stats)   ${index.seconds.toFixed(2)} s${cpu(index)}  peak RSS ${mb(index.peakRssMb)}`);
    console.log(`logs patterns              ${patterns.seconds.toFixed(2)} s${cpu(patterns)}  peak RSS ${mb(patterns.peakRssMb)}  (${((patterns.seconds / index.seconds) * 100).toFixed(0)}% of indexing time)`);
    console.log(`compare (two runs)         ${compare.seconds.toFixed(2)} s${cpu(compare)}  peak RSS ${mb(compare.peakRssMb)}`);

    started = performance.now();
    const mined = (JSON.parse(patterns.stdout) as { patterns: Array<{ pattern: string; level: string; component: string; count: number }> }).patterns;
    const key = (p: { pattern: string; level: string; component: string }) => `${p.level} ${p.component} ${p.pattern}`;
    const found = new Map(mined.map((p) => [key(p), p.count]));
    const exact = a.filter((t) => found.get(key(t)) === t.count).length;
    console.log(`ground truth: ${exact} of ${a.length} templates recovered with their exact count; ${mined.length} patterns mined`);

    const c = JSON.parse(compare.stdout) as { patterns: Array<{ pattern: string; level: string; component: string; a: number; b: number; change: string }> };
    const changed = c.patterns.filter((p) => p.change !== 'same').map((p) => `${p.change} ${key(p)} ${p.a} -> ${p.b}`);
    const expected = [
      `new ${key(segfault)} 0 -> ${segfault.count}`,
      `gone ${key(prometheus)} ${prometheus.count} -> 0`,
      `more ${key(connected)} ${connected.count} -> ${connected.count * 2}`,
      `fewer ${key(heartbeat)} ${heartbeat.count} -> ${Math.floor(heartbeat.count / 4)}`,
    ];
    const same = JSON.stringify(changed) === JSON.stringify(expected) && c.patterns.length === a.length + 1;
    console.log(`compare: ${same ? 'exactly the 4 changes written into run B, every other pattern "same"' : `MISMATCH:\n  ${changed.join('\n  ')}`}`);
    const ok = exact === a.length && same;
    const goalTime = patterns.seconds < 1.5 * index.seconds;
    const goalMemory = patterns.peakRssMb !== null && patterns.peakRssMb - (index.peakRssMb ?? 0) < 64;
    console.log(`goals: patterns < 150% of indexing time: ${goalTime ? 'met' : 'NOT met'}; patterns' peak RSS over indexing's < 64 MB: ${goalMemory ? 'met' : 'NOT met'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
