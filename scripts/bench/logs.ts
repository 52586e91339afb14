// `npm run bench:logs`: the log engine on 1,000,000-line lb JSONL files of several shapes (logShapes.ts: field
// orders, timestamp precisions and zones, tags, message lengths and alphabets, CRLF, malformed lines), each next
// to lnav doing the same count in the same run. Prints, per shape, time (best and median of BENCH_RUNS runs), CPU
// time, lines/s, MB/s and peak RSS, and the ratio to lnav; the slowest shape is the figure to quote. The runs go
// round the shapes (one run of each shape per round), so that a spell of load on a shared machine slows one run
// of every shape rather than every run of one shape. On that shape
// it then runs jq and lb-obs logs patterns (mined in the scan workers while they index) and measures what the
// miner itself adds to reading the same lines (minerCost.ts: CPU and peak RSS, goals judged), the index size
// per line and how long an appended line takes to reach a log session in the log worker (what the panel shows);
// then pages 1,000,000 lines out of a local Loki, lb-obs logs query next to logcli (lokiPaging.ts).
// BENCH_SHAPES=0,3 picks shapes by index; BENCH_LNAV_RUNS sets lnav's runs (1); BENCH_LINES the lines per file (1,000,000).
// Goals (issues 6 and 18): every shape indexed in under 1 s on a 2-core machine and at least 3x faster than lnav,
// at most 32 bytes of index per line, an appended line visible within 250 ms; the miner adds less than 50% to
// indexing's CPU time and under 64 MB of peak RSS (issue 15).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { LogSessionChange } from '../../core/logs/model';
import { createLogSession, openLogSession } from '../../core/logs/openLogSession';
import { formatTimestamp } from '../../core/logs/timestamp';
import { REPO_ROOT } from '../../test/support/paths';
import { benchLokiPaging } from './lokiPaging';
import { LOG_SHAPES, ShapeTruth, writeShapeFile } from './logShapes';
import { minerCost, minerCostReport, runMinerCostChild } from './minerCost';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LNAV_RUNS = Number(process.env.BENCH_LNAV_RUNS ?? 1);
const SHAPES = process.env.BENCH_SHAPES ? process.env.BENCH_SHAPES.split(',').map((k) => LOG_SHAPES[Number(k)]) : LOG_SHAPES;
const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'lb-obs.js');
const WORKER = path.join(REPO_ROOT, 'dist', 'logWorker.js');
const SCAN_WORKER = path.join(REPO_ROOT, 'dist', 'logScanWorker.js');
const TIME = '/usr/bin/time';

interface Timed {
  seconds: number;
  peakRssKb: number | null;
  /** User + system CPU seconds (from GNU time): what the load of a shared machine does not inflate. */
  cpuSeconds: number | null;
  stdout: string;
}

function which(tool: string): string | null {
  const r = spawnSync('which', [tool], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Runs a command, timing it from outside; peak RSS from GNU time when installed. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const useTime = fs.existsSync(TIME);
  const started = performance.now();
  const r = useTime
    ? spawnSync(TIME, ['-f', '%M %U %S', cmd, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 26 })
    : spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [peak, user, sys] = useTime ? (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number) : [NaN, NaN, NaN];
  return { seconds, peakRssKb: Number.isFinite(peak) ? peak : null, cpuSeconds: Number.isFinite(user + sys) ? user + sys : null, stdout: r.stdout };
}

function repeat(run: () => Timed, runs = RUNS): { best: Timed; median: number } {
  return bestAndMedian(Array.from({ length: runs }, run));
}

function bestAndMedian(results: Timed[]): { best: Timed; median: number } {
  const sorted = [...results].sort((a, b) => a.seconds - b.seconds);
  return { best: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)].seconds };
}

/** An lnav format for lb's records, so lnav parses level and component as lb writes them. */
function lnavHome(dir: string): string {
  const home = path.join(dir, 'lnav-home');
  const formats = path.join(home, '.lnav', 'formats', 'installed');
  fs.mkdirSync(formats, { recursive: true });
  const format = {
    lb_log: {
      title: 'lb JSONL log',
      description: 'Records written by lb (linux-benchmark-lib)',
      json: true,
      'file-pattern': '\\.jsonl$',
      'timestamp-field': 'timestamp',
      'level-field': 'level',
      level: { critical: 'CRITICAL', error: 'ERROR', warning: 'WARNING', info: 'INFO', debug: 'DEBUG' },
      'body-field': 'message',
      'line-format': [{ field: '__timestamp__' }, ' ', { field: 'level' }, ' ', { field: 'component' }, ' ', { field: 'message' }],
      value: {
        component: { kind: 'string', identifier: true },
        host: { kind: 'string', identifier: true },
        workload: { kind: 'string', identifier: true },
        message: { kind: 'string' },
      },
    },
  };
  fs.writeFileSync(path.join(formats, 'lb_log.json'), JSON.stringify(format, null, 2));
  return home;
}

function csvCounts(csv: string): Record<string, number> {
  return Object.fromEntries(
    csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => {
        const [k, n] = l.split(',');
        return [k, Number(n)];
      }),
  );
}

/** Milliseconds from appending a line to a session in the log worker reporting it, `samples` times. */
async function appendLatency(file: string, samples: number): Promise<number[]> {
  const session = await openLogSession({ files: [file], workerScript: WORKER });
  const latencies: number[] = [];
  try {
    let lines = (await session.info()).lines;
    for (let i = 0; i < samples; i++) {
      const seen = new Promise<number>((resolve) => {
        const sub = session.onDidChange((c: LogSessionChange) => {
          if (c.info.lines > lines) {
            sub.dispose();
            lines = c.info.lines;
            resolve(performance.now());
          }
        });
      });
      const record = { timestamp: formatTimestamp(Date.now()), level: 'INFO', component: 'runner', host: 'node-1', run_id: 'bench', logger: 'bench', message: `appended ${i}` };
      const started = performance.now();
      fs.appendFileSync(file, `${JSON.stringify(record)}\n`);
      latencies.push((await seen) - started);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await session.dispose();
  }
  return latencies;
}

function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}

const sameCounts = (a: Record<string, number>, b: Record<string, number>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

interface ShapeRow {
  name: string;
  file: string;
  truth: ShapeTruth;
  lbObs: { best: Timed; median: number };
  stats: { lines: number; byLevel: Record<string, number>; byComponent: Record<string, number>; elapsedMs: number };
  lnav?: { best: Timed; median: number };
  lnavAgrees?: boolean;
}

const LNAV_ARGS = ['-n', '-c', ';SELECT log_level, count(*) AS n FROM lb_log GROUP BY log_level', '-c', ':write-csv-to -', '-c', ';SELECT component, count(*) AS n FROM lb_log GROUP BY component', '-c', ':write-csv-to -'];

function lnavLevels(stdout: string): Record<string, number> {
  return csvCounts(stdout.split(/\n(?=component,)/)[0]);
}

function lowerKeys(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k.toLowerCase(), v]));
}

/** One lb-obs logs stats run on a shape's file, its counts checked against the generator's. */
function statsRun(name: string, file: string, truth: ShapeTruth): Timed {
  const run = timed(process.execPath, [CLI, 'logs', 'stats', file, '--format', 'json']);
  const stats = JSON.parse(run.stdout);
  if (stats.lines !== truth.lines || stats.malformed !== truth.malformed || !sameCounts(stats.byLevel, truth.byLevel) || !sameCounts(stats.byComponent, truth.byComponent)) {
    throw new Error(`${name}: lb-obs counts differ from the generator's: ${run.stdout}`);
  }
  return run;
}

/** lnav doing the same count on a shape's file, and whether its level counts agree with lb-obs's. */
function lnavRun(row: ShapeRow, lnav: string, lnavEnv: NodeJS.ProcessEnv): void {
  row.lnav = repeat(() => timed(lnav, [...LNAV_ARGS, row.file], lnavEnv), LNAV_RUNS);
  row.lnavAgrees = sameCounts(lnavLevels(row.lnav.best.stdout), lowerKeys(row.stats.byLevel));
}

async function main(): Promise<void> {
  if (![CLI, WORKER, SCAN_WORKER].every((f) => fs.existsSync(f))) throw new Error('build first: node scripts/build.mjs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-bench-logs-'));
  try {
    const lnav = which('lnav');
    if (!lnav) console.log('lnav not found: apt-get install -y lnav');
    const lnavEnv = { ...process.env, HOME: lnavHome(dir), XDG_CONFIG_HOME: path.join(dir, 'lnav-home', '.config') };
    console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((l) => fmt(l)).join(' ')}; lb-obs ${RUNS} runs of each shape, round by round, lnav ${LNAV_RUNS}; best and median`);
    console.log(`${LINES.toLocaleString('en')} lines per shape; CPU = user + system seconds of the best run (what load does not inflate)\n`);
    console.log(
      `${'shape'.padEnd(48)} ${'MB'.padStart(5)} ${'best s'.padStart(7)} ${'median'.padStart(7)} ${'CPU s'.padStart(6)} ${'lines/s'.padStart(10)} ${'MB/s'.padStart(6)} ${'RSS MB'.padStart(7)} ${'lnav s'.padStart(7)} ${'x lnav'.padStart(7)} ${'lnav CPU'.padStart(9)} ${'x CPU'.padStart(6)}`,
    );
    const files = SHAPES.map((shape, k) => {
      const file = path.join(dir, `shape-${k}.jsonl`);
      process.stderr.write(`writing ${shape.name}...\n`);
      const truth = writeShapeFile(file, shape, LINES);
      // Read the file once so every tool starts from the page cache.
      fs.readFileSync(file).length;
      return { shape, file, truth };
    });
    const runs: Timed[][] = files.map(() => []);
    for (let round = 1; round <= RUNS; round++) {
      process.stderr.write(`lb-obs logs stats, round ${round} of ${RUNS}\n`);
      files.forEach(({ shape, file, truth }, k) => runs[k].push(statsRun(shape.name, file, truth)));
    }
    const rows: ShapeRow[] = files.map(({ shape, file, truth }, k) => {
      const lbObs = bestAndMedian(runs[k]);
      return { name: shape.name, file, truth, lbObs, stats: JSON.parse(lbObs.best.stdout) };
    });
    for (const row of rows) {
      if (lnav) lnavRun(row, lnav, lnavEnv);
      const best = row.lbObs.best;
      const rss = best.peakRssKb === null ? 'n/a' : fmt(best.peakRssKb / 1024, 0);
      const lnavCpu = row.lnav?.best.cpuSeconds;
      const cpuCols = lnavCpu != null && best.cpuSeconds !== null ? `${fmt(lnavCpu).padStart(9)} ${fmt(lnavCpu / best.cpuSeconds, 1).padStart(6)}` : '';
      const lnavCols = row.lnav ? `${fmt(row.lnav.best.seconds).padStart(7)} ${fmt(row.lnav.best.seconds / best.seconds, 1).padStart(7)} ${cpuCols}${row.lnavAgrees ? '' : ' (lnav level counts differ)'}` : '';
      console.log(
        `${row.name.padEnd(48)} ${fmt(row.truth.bytes / 1e6, 0).padStart(5)} ${fmt(best.seconds).padStart(7)} ${fmt(row.lbObs.median).padStart(7)} ${(best.cpuSeconds === null ? 'n/a' : fmt(best.cpuSeconds)).padStart(6)} ${Math.round(LINES / best.seconds).toLocaleString('en').padStart(10)} ${fmt(row.truth.bytes / 1e6 / best.seconds, 0).padStart(6)} ${rss.padStart(7)} ${lnavCols}`,
      );
    }
    // The slowest by CPU time when GNU time gives it: on a shared machine wall times follow the others' load.
    const cost = (r: ShapeRow) => r.lbObs.best.cpuSeconds ?? r.lbObs.best.seconds;
    const slowest = rows.reduce((a, b) => (cost(b) > cost(a) ? b : a));
    const worstRatio = rows.filter((r) => r.lnav).reduce((m, r) => Math.min(m, r.lnav!.best.seconds / r.lbObs.best.seconds), Infinity);
    const worstCpuRatio = rows.filter((r) => r.lnav?.best.cpuSeconds && r.lbObs.best.cpuSeconds).reduce((m, r) => Math.min(m, r.lnav!.best.cpuSeconds! / r.lbObs.best.cpuSeconds!), Infinity);
    console.log(`\nslowest shape: ${slowest.name}, ${fmt(slowest.lbObs.best.seconds)} s, ${fmt(cost(slowest))} s CPU (lb-obs elapsedMs inside the process: ${slowest.stats.elapsedMs} ms)`);
    if (Number.isFinite(worstRatio)) console.log(`smallest lnav ratio over the shapes: ${fmt(worstRatio, 1)}x in wall time, ${fmt(worstCpuRatio, 1)}x in CPU time`);

    const jq = which('jq');
    if (jq) {
      // Raw lines, each parsed on its own: jq stops at the first malformed line of a JSON stream.
      const program = 'reduce inputs as $l ({lines: 0}; .lines += 1 | (($l | fromjson?) // null) as $r | if $r then .byLevel[$r.level] += 1 | .byComponent[$r.component] += 1 else . end)';
      const r = repeat(() => timed(jq, ['-R', '-n', '-c', program, slowest.file]), 1);
      const counts = JSON.parse(r.best.stdout);
      const agrees = counts.lines === slowest.stats.lines && sameCounts(counts.byLevel, slowest.stats.byLevel);
      console.log(`jq on the slowest shape: ${fmt(r.best.seconds)} s, ${fmt(r.best.seconds / slowest.lbObs.best.seconds, 1)}x lb-obs (${agrees || slowest.truth.malformed ? 'counts agree' : 'counts DIFFER'})`);
    } else {
      console.log('jq not found: apt-get install -y jq');
    }

    // Patterns mined in the scan workers while they index (issue 15): time, CPU and memory next to the plain index.
    const patterns = repeat(() => timed(process.execPath, [CLI, 'logs', 'patterns', slowest.file, '--format', 'json']));
    const index = slowest.lbObs.best;
    const p = patterns.best;
    const mb = (kb: number | null) => (kb === null ? 'n/a' : `${fmt(kb / 1024, 0)} MB`);
    console.log(
      `logs patterns on the slowest shape: best ${fmt(p.seconds)} s (${fmt((100 * p.seconds) / index.seconds, 0)}% of logs stats' ${fmt(index.seconds)} s), median ${fmt(patterns.median)} s, CPU ${p.cpuSeconds === null ? 'n/a' : fmt(p.cpuSeconds)} s, peak RSS ${mb(p.peakRssKb)} (logs stats ${mb(index.peakRssKb)}), ${JSON.parse(p.stdout).patterns.length} patterns`,
    );
    for (const line of minerCostReport(minerCost([slowest.file]), index.cpuSeconds ?? index.seconds)) console.log(line);

    const started = performance.now();
    const session = await createLogSession({ files: [slowest.file], follow: false, scanWorkerScript: SCAN_WORKER });
    const indexMs = performance.now() - started;
    const info = await session.info();
    const bytes = session.indexBytes();
    await session.dispose();
    console.log(`index: ${fmt(bytes / info.lines, 1)} bytes/line (${fmt(bytes / 2 ** 20, 1)} MiB for ${info.lines.toLocaleString('en')} lines; in-process open ${fmt(indexMs, 0)} ms)`);
    for (const row of rows) if (row.file !== slowest.file) fs.rmSync(row.file);

    const latencies = (await appendLatency(slowest.file, 20)).sort((a, b) => a - b);
    console.log(
      `appended line to a log-worker session: median ${fmt(latencies[Math.floor(latencies.length / 2)], 1)} ms, p95 ${fmt(latencies[Math.floor(latencies.length * 0.95)], 1)} ms, max ${fmt(latencies[latencies.length - 1], 1)} ms (${latencies.length} appends)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await benchLokiPaging();
}

if (!runMinerCostChild()) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
