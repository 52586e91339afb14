// Part of `npm run bench:logs`: paging BENCH_LOKI_LINES (default 1,000,000) lines out of a local Loki with
// `lb-obs logs query --limit N --format jsonl`, next to logcli doing the same (`--batch 5000 --output jsonl`),
// both writing to /dev/null. Prints seconds (best of BENCH_RUNS) and lines/s of each, and the ratio.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { lokiPush } from '../../core/loki/api';
import { startLoki } from '../../test/support/loki';
import { REPO_ROOT } from '../../test/support/paths';
import { logcliBinary, lokiBinary } from '../../test/support/prerequisites';

const LINES = Number(process.env.BENCH_LOKI_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STREAMS = 10;
const PUSH_BATCH = 20_000;
const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'lb-obs.js');

/** Best wall time of RUNS runs with stdout to /dev/null; the line count from one more run piped to wc. */
function bestSeconds(cmd: string, args: string[]): { seconds: number; lines: number } {
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 2 ** 20 });
    const seconds = (performance.now() - started) / 1000;
    if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${r.stderr.toString().slice(0, 500)}`);
    best = Math.min(best, seconds);
  }
  const counted = spawnSync('sh', ['-c', '"$@" | wc -l', 'sh', cmd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return { seconds: best, lines: Number(counted.stdout.trim()) };
}

export async function benchLokiPaging(): Promise<void> {
  const loki = lokiBinary();
  const logcli = logcliBinary();
  if (!loki.path || !logcli.path) {
    console.log(`loki paging: skipped (${[loki, logcli].filter((p) => !p.path).map((p) => `${p.name}: ${p.missing}`).join('; ')})`);
    return;
  }
  const running = await startLoki({
    limits: { ingestionRateMb: 1024, ingestionBurstMb: 1024, perStreamRateLimit: '1GB', perStreamRateLimitBurst: '1GB' },
  });
  try {
    const conn = { url: running.url };
    // A line every 100 µs per stream, ending a minute ago: all within Loki's ingester (query_ingesters_within).
    const stepNs = 100_000n;
    const perStream = Math.ceil(LINES / STREAMS);
    const endNs = BigInt(Date.now() - 60_000) * 1_000_000n;
    const startNs = endNs - BigInt(perStream) * stepNs;
    const pushStarted = performance.now();
    for (let from = 0; from < perStream; from += PUSH_BATCH / STREAMS) {
      const streams = Array.from({ length: STREAMS }, (_, s) => ({
        stream: { bench: 'paging', namespace: 'airflow', pod: `worker-${s}` },
        values: Array.from({ length: Math.min(PUSH_BATCH / STREAMS, perStream - from) }, (_, k): [string, string] => {
          const i = from + k;
          return [(startNs + BigInt(i) * stepNs + BigInt(s)).toString(), `level=info dag_id=hello_world task_id=extract try_number=1 msg="line ${i} of worker ${s}"`];
        }),
      }));
      await lokiPush(conn, streams, { gzip: true });
    }
    console.log(`loki paging: pushed ${(perStream * STREAMS).toLocaleString('en')} lines in ${((performance.now() - pushStarted) / 1000).toFixed(1)} s`);
    const from = new Date(Number(startNs / 1_000_000n) - 1000).toISOString();
    const to = new Date(Number(endNs / 1_000_000n) + 1000).toISOString();
    const query = '{bench="paging"}';
    const limit = String(perStream * STREAMS);
    const ours = bestSeconds(process.execPath, [CLI, 'logs', 'query', query, '--loki', running.url, '--from', from, '--to', to, '--limit', limit, '--format', 'jsonl']);
    const theirs = bestSeconds(logcli.path, ['query', query, `--addr=${running.url}`, `--from=${from}`, `--to=${to}`, `--limit=${limit}`, '--batch=5000', '--output=jsonl', '--quiet']);
    const rate = (r: { seconds: number; lines: number }) => Math.round(r.lines / r.seconds).toLocaleString('en');
    console.log(`loki paging, lb-obs logs query: ${ours.lines.toLocaleString('en')} lines in ${ours.seconds.toFixed(2)} s (${rate(ours)} lines/s, best of ${RUNS})`);
    console.log(`loki paging, logcli query:      ${theirs.lines.toLocaleString('en')} lines in ${theirs.seconds.toFixed(2)} s (${rate(theirs)} lines/s, best of ${RUNS})`);
    console.log(`loki paging: lb-obs takes ${(ours.seconds / theirs.seconds).toFixed(2)}x logcli's time`);
  } finally {
    await running.stop();
  }
}
