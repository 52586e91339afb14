// `npm run bench:logs`: the log engine on a 1,000,000-line lb JSONL file (about 300 MB), next to jq and lnav
// doing the same counts (lines per level and per component), in the same run. Prints time (best and median
// of BENCH_RUNS runs), lines/s and peak RSS of each tool and the ratios; then the index size per line and how
// long an appended line takes to reach a log session in the log worker (what the panel shows); then paging
// 1,000,000 lines out of a local Loki, lb-obs logs query next to logcli (lokiPaging.ts).
// Goals (issue 6): index in under 1 s on a 2-core machine, under 32 bytes of index per line, an appended line
// visible within 250 ms.
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
import { writeLargeLogFile } from '../../test/support/runGenerator';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'lb-obs.js');
const WORKER = path.join(REPO_ROOT, 'dist', 'logWorker.js');
const SCAN_WORKER = path.join(REPO_ROOT, 'dist', 'logScanWorker.js');
const TIME = '/usr/bin/time';

interface Timed {
  seconds: number;
  peakRssKb: number | null;
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
    ? spawnSync(TIME, ['-f', '%M', cmd, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 26 })
    : spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const peak = useTime ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { seconds, peakRssKb: Number.isFinite(peak) ? peak : null, stdout: r.stdout };
}

function repeat(run: () => Timed): { best: Timed; median: number } {
  const results = Array.from({ length: RUNS }, run);
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

async function main(): Promise<void> {
  if (![CLI, WORKER, SCAN_WORKER].every((f) => fs.existsSync(f))) throw new Error('build first: node scripts/build.mjs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-bench-logs-'));
  try {
    const file = path.join(dir, 'runner-node-1.jsonl');
    let started = performance.now();
    const truth = writeLargeLogFile(file, {
      seed: 42,
      lines: LINES,
      component: 'runner',
      host: 'node-1',
      runId: 'run-20261121-135600',
      workloads: ['stress_ng', 'fio', 'dfaas'],
      repetitions: 3,
    });
    const mb = truth.bytes / 1e6;
    console.log(`generated ${LINES.toLocaleString('en')} lb records, ${fmt(mb, 0)} MB, in ${fmt((performance.now() - started) / 1000, 1)} s (${file})`);
    console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((l) => fmt(l)).join(' ')}; ${RUNS} runs each, best and median`);
    // Read the file once so every tool starts from the page cache.
    fs.readFileSync(file).length;

    const rows: Array<{ tool: string; best: Timed; median: number }> = [];
    const lbObs = repeat(() => timed(process.execPath, [CLI, 'logs', 'stats', file, '--format', 'json']));
    rows.push({ tool: 'lb-obs logs stats', ...lbObs });
    const stats = JSON.parse(lbObs.best.stdout);
    const sameCounts = (a: Record<string, number>, b: Record<string, number>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
    if (stats.lines !== truth.lines || !sameCounts(stats.byLevel, truth.byLevel) || !sameCounts(stats.byComponent, truth.byComponent)) {
      throw new Error(`lb-obs counts differ from the generator's: ${lbObs.best.stdout}`);
    }
    const agreement: string[] = [];

    const jq = which('jq');
    if (jq) {
      const program = 'reduce inputs as $r ({lines: 0}; .lines += 1 | .byLevel[$r.level] += 1 | .byComponent[$r.component] += 1)';
      const r = repeat(() => timed(jq, ['-n', '-c', program, file]));
      rows.push({ tool: 'jq (reduce by level, component)', ...r });
      const counts = JSON.parse(r.best.stdout);
      agreement.push(`jq ${counts.lines === stats.lines && sameCounts(counts.byLevel, stats.byLevel) && sameCounts(counts.byComponent, stats.byComponent) ? 'agrees' : 'DISAGREES'}`);
    } else {
      console.log('jq not found: apt-get install -y jq');
    }

    const lnav = which('lnav');
    if (lnav) {
      const env = { ...process.env, HOME: lnavHome(dir), XDG_CONFIG_HOME: path.join(dir, 'lnav-home', '.config') };
      const args = ['-n', '-c', ';SELECT log_level, count(*) AS n FROM lb_log GROUP BY log_level', '-c', ':write-csv-to -', '-c', ';SELECT component, count(*) AS n FROM lb_log GROUP BY component', '-c', ':write-csv-to -', file];
      const r = repeat(() => timed(lnav, args, env));
      rows.push({ tool: 'lnav -n (SQL count by level, component)', ...r });
      const [levels] = r.best.stdout.split(/\n(?=component,)/);
      const lnavLevels = csvCounts(levels);
      const ours = Object.fromEntries(Object.entries(stats.byLevel as Record<string, number>).map(([k, v]) => [k.toLowerCase(), v]));
      agreement.push(`lnav ${sameCounts(lnavLevels, ours) ? 'agrees' : `DISAGREES (${levels.replace(/\n/g, ' ')})`}`);
    } else {
      console.log('lnav not found: apt-get install -y lnav');
    }

    console.log('');
    console.log(`${'tool'.padEnd(42)} ${'best s'.padStart(7)} ${'median s'.padStart(9)} ${'lines/s'.padStart(12)} ${'peak RSS MB'.padStart(12)} ${'x lb-obs'.padStart(9)}`);
    for (const r of rows) {
      const rss = r.best.peakRssKb === null ? 'n/a' : fmt(r.best.peakRssKb / 1024, 0);
      const ratio = r.best.seconds / rows[0].best.seconds;
      console.log(
        `${r.tool.padEnd(42)} ${fmt(r.best.seconds).padStart(7)} ${fmt(r.median).padStart(9)} ${Math.round(LINES / r.best.seconds).toLocaleString('en').padStart(12)} ${rss.padStart(12)} ${fmt(ratio, 1).padStart(9)}`,
      );
    }
    console.log(`(lb-obs elapsedMs, indexing inside the process: ${stats.elapsedMs} ms; counts: ${agreement.join(', ') || 'no other tool'})`);

    started = performance.now();
    const session = await createLogSession({ files: [file], follow: false, scanWorkerScript: SCAN_WORKER });
    const indexMs = performance.now() - started;
    const info = await session.info();
    const bytes = session.indexBytes();
    await session.dispose();
    console.log(`index: ${fmt(bytes / info.lines, 1)} bytes/line (${fmt(bytes / 2 ** 20, 1)} MiB for ${info.lines.toLocaleString('en')} lines; in-process open ${fmt(indexMs, 0)} ms)`);

    const latencies = (await appendLatency(file, 20)).sort((a, b) => a - b);
    console.log(
      `appended line to a log-worker session: median ${fmt(latencies[Math.floor(latencies.length / 2)], 1)} ms, p95 ${fmt(latencies[Math.floor(latencies.length * 0.95)], 1)} ms, max ${fmt(latencies[latencies.length - 1], 1)} ms (${latencies.length} appends)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await benchLokiPaging();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
