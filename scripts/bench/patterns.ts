// `npm run bench:patterns`: log patterns and run comparison on two 1,000,000-line runs written from known
// templates (writeChangedRuns in test/support/patternRuns.ts: the runs and checks of the integration test
// patterns-million-lines). Prints, next to plain indexing (`lb-obs logs stats`, the log engine), the time and peak
// RSS of `lb-obs logs patterns` and `lb-obs compare` as the built CLI runs them, what the miner itself adds to
// reading the lines (minerCost.ts), and checks the ground truth at that size: every template recovered with its
// exact count, and the comparison listing exactly the changes written into run B.
// Goals (issue 15): patterns add less than 50% to indexing time and under 64 MB (judged by minerCost.ts).
// BENCH_LINES sets the size (1,000,000).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { runLogPaths } from '../../core/logs/patterns/minePatterns';
import { comparedRows, templateCounts, writeChangedRuns } from '../../test/support/patternRuns';
import { REPO_ROOT } from '../../test/support/paths';
import { minerCost, minerCostReport, runMinerCostChild } from './minerCost';

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
    const started = performance.now();
    const runs = writeChangedRuns(dir, LINES);
    console.log(`wrote two runs of ${LINES} lines in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const index = best(['logs', 'stats', runs.runA, '--format', 'json']);
    const patterns = best(['logs', 'patterns', runs.runA, '--format', 'json']);
    const compare = best(['compare', runs.runA, runs.runB, '--format', 'json'], 1);
    console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; best of 3 runs`);
    console.log(`plain index (logs stats)   ${index.seconds.toFixed(2)} s${cpu(index)}  peak RSS ${mb(index.peakRssMb)}`);
    console.log(`logs patterns              ${patterns.seconds.toFixed(2)} s${cpu(patterns)}  peak RSS ${mb(patterns.peakRssMb)}  (${((patterns.seconds / index.seconds) * 100).toFixed(0)}% of indexing time)`);
    console.log(`compare (two runs)         ${compare.seconds.toFixed(2)} s${cpu(compare)}  peak RSS ${mb(compare.peakRssMb)}`);
    for (const line of minerCostReport(minerCost(runLogPaths(runs.runA)), index.cpuSeconds ?? index.seconds)) console.log(line);

    const mined = (JSON.parse(patterns.stdout) as { patterns: Parameters<typeof templateCounts>[0] }).patterns;
    const found = new Set(templateCounts(mined));
    const exact = templateCounts(runs.a).filter((t) => found.has(t)).length;
    console.log(`ground truth: ${exact} of ${runs.a.length} templates recovered with their exact count; ${mined.length} patterns mined`);

    const rows = comparedRows((JSON.parse(compare.stdout) as { patterns: Parameters<typeof comparedRows>[0] }).patterns);
    const changed = rows.filter((r) => !r.startsWith('same '));
    const same = JSON.stringify(changed) === JSON.stringify(runs.changed) && JSON.stringify(rows.filter((r) => r.startsWith('same ')).sort()) === JSON.stringify([...runs.same].sort());
    console.log(`compare: ${same ? `exactly the ${runs.changed.length} changes written into run B, every other pattern "same"` : `MISMATCH:\n  ${changed.join('\n  ')}`}`);
    if (exact !== runs.a.length || !same) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!runMinerCostChild()) main();
