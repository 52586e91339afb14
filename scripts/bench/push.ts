// Pushes 1,000,000 generated lb log lines to a local Loki started with high limits and reports lines/s and
// MB/s, next to Loki's own ingestion time for the same batches, so that the reader sees who is the limit:
// - "lb-obs push": the whole pipeline (read, classify, label, batch, send, checkpoint) into a fresh Loki;
// - "minimal loop": the same batches, encoded beforehand, sent one after another by a bare HTTP loop into
//   another fresh Loki: the fastest this Loki ingests them from one sender;
// - "lb-obs, no Loki": the push's own pipeline (read, classify, label, check, batch, encode) without sending, its
//   ceiling on this machine, with its CPU time (what a loaded machine does not inflate);
// - Loki's server-side time for push requests (its loki_request_duration_seconds histogram) in both runs.
// Both senders keep two requests in flight (the push's default), so they compare like for like. BENCH_LINES
// overrides the number of lines.
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { pushBody } from '../../core/loki/pushBody';
import { BatchBuilder } from '../../core/push/batchBuilder';
import { CheckpointStore } from '../../core/push/checkpoints';
import { resolvePushInputs } from '../../core/push/inputFiles';
import { DEFAULT_BATCH_LIMITS, DEFAULT_PUSH_LIMITS } from '../../core/push/limits';
import { LineJudge, StreamTable } from '../../core/push/lineJudge';
import { pushLogs } from '../../core/push/pushLogs';
import { readLines } from '../../core/logs/lineReader';
import { lokiBinary } from '../../test/support/prerequisites';
import { RunningLoki, startLoki } from '../../test/support/loki';
import { writeLargeLogFile } from '../../test/support/runGenerator';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const IN_FLIGHT = 2;
const HIGH_LIMITS = {
  ingestionRateMb: 4096,
  ingestionBurstMb: 8192,
  perStreamRateLimit: '4GB',
  perStreamRateLimitBurst: '8GB',
  maxEntriesLimitPerQuery: 5000,
};

/** Loki's own time handling push requests, and how many it handled, from its /metrics. */
async function pushServerTime(loki: RunningLoki): Promise<{ seconds: number; requests: number }> {
  const text = await (await fetch(`${loki.url}/metrics`)).text();
  let seconds = 0;
  let requests = 0;
  for (const line of text.split('\n')) {
    if (!line.includes('route="loki_api_v1_push"')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith('loki_request_duration_seconds_sum')) seconds += value;
    else if (line.startsWith('loki_request_duration_seconds_count')) requests += value;
  }
  return { seconds, requests };
}

/** The push's batches as request bodies, built with the push's own modules (not timed). */
async function encodeBatches(file: string): Promise<Buffer[]> {
  const table = new StreamTable({}, DEFAULT_PUSH_LIMITS);
  const judge = new LineJudge(table, DEFAULT_PUSH_LIMITS, false, Date.now());
  const builder = new BatchBuilder(DEFAULT_BATCH_LIMITS);
  const bodies: Buffer[] = [];
  const take = () => bodies.push(pushBody(builder.take().streams));
  for await (const line of readLines(file)) {
    const v = judge.judge(line.bytes);
    if (v.kind !== 'entry') continue;
    if (!builder.fits(v.bytes)) take();
    builder.add(v.stream, v.ns, v.line, v.bytes);
  }
  if (builder.entries) take();
  return bodies;
}

function post(url: URL, agent: http.Agent, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: '/loki/api/v1/push', method: 'POST', agent, headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.length } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`Loki answered ${res.statusCode}: ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function row(name: string, seconds: number, lines: number, bytes: number, serverSeconds?: number, cpuSeconds?: number): string {
  const server = serverSeconds === undefined ? ''.padStart(14) : `${serverSeconds.toFixed(1).padStart(12)} s`;
  const cpu = cpuSeconds === undefined ? '' : `${cpuSeconds.toFixed(1).padStart(9)} s`;
  return `${name.padEnd(16)}${seconds.toFixed(1).padStart(7)} s${Math.round(lines / seconds).toLocaleString('en-US').padStart(11)}${(bytes / 1e6 / seconds).toFixed(1).padStart(8)}${server}${cpu}`;
}

async function main(): Promise<void> {
  if (!lokiBinary().path) throw new Error(`bench:push needs Loki: ${lokiBinary().missing}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-bench-push-'));
  try {
    const file = path.join(dir, 'run', 'logs', 'runner-node-1.jsonl');
    console.log(`generating ${LINES.toLocaleString('en-US')} lines...`);
    const truth = writeLargeLogFile(file, {
      seed: 7,
      lines: LINES,
      component: 'runner',
      host: 'node-1',
      runId: 'run-bench',
      workloads: ['stress_ng', 'fio', 'dfaas'],
      startMs: Date.now() - 3 * 3_600_000,
      meanGapMs: (2.5 * 3_600_000) / LINES,
    });
    const fileBytes = fs.statSync(file).size;
    console.log(`file: ${(fileBytes / 1e6).toFixed(0)} MB, ${truth.records.toLocaleString('en-US')} records`);

    let loki = await startLoki({ limits: HIGH_LIMITS });
    let started = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await pushLogs(await resolvePushInputs([file], dir), {
      connection: { url: loki.url },
      gzip: false,
      inFlight: IN_FLIGHT,
      checkpoints: new CheckpointStore(path.join(dir, 'state')),
    });
    const pushSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const pushCpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (report.outcome !== 'completed' || report.totals.sent !== truth.records) {
      throw new Error(`the push did not complete: ${report.outcome} ${report.error ?? ''}, sent ${report.totals.sent} of ${truth.records}`);
    }
    const pushServer = await pushServerTime(loki);
    await loki.stop();

    started = performance.now();
    const pipelineCpuBefore = process.cpuUsage();
    const bodies = await encodeBatches(file);
    const pipelineSeconds = (performance.now() - started) / 1000;
    const pipelineCpu = process.cpuUsage(pipelineCpuBefore);
    const pipelineCpuSeconds = (pipelineCpu.user + pipelineCpu.system) / 1e6;
    loki = await startLoki({ limits: HIGH_LIMITS });
    const url = new URL(loki.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    started = performance.now();
    let next = 0;
    const sender = async () => {
      while (next < bodies.length) await post(url, agent, bodies[next++]);
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    const loopSeconds = (performance.now() - started) / 1000;
    const loopServer = await pushServerTime(loki);
    agent.destroy();
    await loki.stop();

    const mb = (report.totals.bytesSent / 1e6).toFixed(0);
    console.log(`\n${truth.records.toLocaleString('en-US')} lines (${mb} MB of lines) in ${bodies.length} requests of up to ${DEFAULT_BATCH_LIMITS.maxBytes / 1024} KiB, no compression, ${IN_FLIGHT} requests in flight\n`);
    console.log(`${''.padEnd(16)}${'wall'.padStart(9)}${'lines/s'.padStart(11)}${'MB/s'.padStart(8)}${'Loki busy*'.padStart(14)}${'our CPU'.padStart(11)}`);
    console.log(row('lb-obs push', pushSeconds, truth.records, report.totals.bytesSent, pushServer.seconds, pushCpuSeconds));
    console.log(row('minimal loop', loopSeconds, truth.records, report.totals.bytesSent, loopServer.seconds));
    console.log(row('lb-obs, no Loki', pipelineSeconds, truth.records, report.totals.bytesSent, undefined, pipelineCpuSeconds));
    console.log(`\n* sum of the durations of Loki's push requests (loki_request_duration_seconds), overlapping ones counted twice`);
    console.log(`lb-obs push reaches ${((100 * loopSeconds) / pushSeconds).toFixed(0)}% of Loki's own ingestion rate for the same batches (the minimal loop; goal >= 85%);`);
    console.log(`its own pipeline alone needs ${pipelineCpuSeconds.toFixed(1)} s of CPU (${Math.round(truth.records / pipelineCpuSeconds).toLocaleString('en-US')} lines per CPU second), sharing this machine's ${os.cpus().length} CPU cores with Loki;`);
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}: wall times grow with other processes' load, CPU seconds much less.`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
