// Pushes 1,000,000 generated lb log lines to a local Loki started with high limits and reports lines/s and
// MB/s, next to Loki's own ingestion of the same requests, so that the reader sees who is the limit:
// - "lb-obs, no Loki": the whole push (read, classify, label, check, batch, encode, send, checkpoint) into a sink
//   process that answers like an empty Loki and records the request bodies: the push's own ceiling and CPU;
// - "minimal loop": those very bodies sent by a bare HTTP loop into a fresh Loki: the fastest this Loki ingests
//   the same requests from one sender (what "Loki's own rate" means);
// - "lb-obs push": the whole push into another fresh Loki;
// - Loki's CPU seconds (process_cpu_seconds_total) in both Loki runs, and the senders' from process.cpuUsage().
// Loki's own rate for the same requests varies by up to a third between fresh Lokis, so the loop and the push
// are measured in several rounds (BENCH_ROUNDS, default 5), alternating which goes first, and the ratio quoted
// is the median of the rounds' ratios.
// Both senders keep two requests in flight (the push's default), so they compare like for like. On this 2-core
// machine the push and Loki share the CPU: the push reaches Loki's own rate when its CPU per line is small next
// to Loki's. BENCH_LINES overrides the number of lines.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { CheckpointStore } from '../../core/push/checkpoints';
import { resolvePushInputs } from '../../core/push/inputFiles';
import { DEFAULT_BATCH_LIMITS } from '../../core/push/limits';
import { pushLogs } from '../../core/push/pushLogs';
import type { PushReport } from '../../core/push/pushReport';
import { lokiBinary } from '../../test/support/prerequisites';
import { killOnExit, terminate } from '../../test/support/processes';
import { RunningLoki, startLoki } from '../../test/support/loki';
import { writeLargeLogFile } from '../../test/support/runGenerator';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const IN_FLIGHT = 2;
const HIGH_LIMITS = {
  ingestionRateMb: 4096,
  ingestionBurstMb: 8192,
  perStreamRateLimit: '4GB',
  perStreamRateLimitBurst: '8GB',
  maxEntriesLimitPerQuery: 5000,
};

/**
 * The sink (a separate process, so that its CPU is not counted as ours): answers a push with 204 and appends
 * its body to the file named by its argument (a 4-byte length, then the body), and any query with no data.
 * Prints its port when listening.
 */
const SINK = `
const http = require('http');
const fs = require('fs');
const out = fs.openSync(process.argv[1], 'w');
http.createServer((req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    if (req.url.startsWith('/loki/api/v1/push')) {
      const body = Buffer.concat(parts);
      const length = Buffer.alloc(4);
      length.writeUInt32LE(body.length);
      fs.writeSync(out, length);
      fs.writeSync(out, body);
      res.writeHead(204).end();
    } else {
      const data = req.url.startsWith('/loki/api/v1/series') ? [] : { resultType: 'streams', result: [] };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'success', data }));
    }
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write(this.address().port + '\\n'); });
`;

async function startSink(bodiesFile: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['-e', SINK, bodiesFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  killOnExit(proc);
  const port = await new Promise<string>((resolve, reject) => {
    proc.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    proc.once('exit', (code) => reject(new Error(`the sink stopped (exit code ${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, proc };
}

function readBodies(file: string): Buffer[] {
  const data = fs.readFileSync(file);
  const bodies: Buffer[] = [];
  for (let at = 0; at < data.length; ) {
    const length = data.readUInt32LE(at);
    bodies.push(data.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return bodies;
}

/** Loki's own CPU seconds so far, from its /metrics. */
async function lokiCpuSeconds(loki: RunningLoki): Promise<number> {
  const text = await (await fetch(`${loki.url}/metrics`)).text();
  const m = /^process_cpu_seconds_total (\S+)$/m.exec(text);
  if (!m) throw new Error('Loki reports no process_cpu_seconds_total');
  return Number(m[1]);
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

interface Measured {
  seconds: number;
  /** The sender's CPU seconds: the whole push, or the minimal loop's sending alone. */
  cpu?: number;
  /** Loki's CPU seconds, or undefined for the sink. */
  lokiCpu?: number;
}

/** The captured bodies sent by a bare HTTP loop into a fresh Loki, timed, with both sides' CPU. */
async function minimalLoop(bodies: Buffer[]): Promise<Measured> {
  const loki = await startLoki({ limits: HIGH_LIMITS });
  const url = new URL(loki.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const lokiBefore = await lokiCpuSeconds(loki);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let next = 0;
  const sender = async () => {
    while (next < bodies.length) await post(url, agent, bodies[next++]);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  const lokiCpu = (await lokiCpuSeconds(loki)) - lokiBefore;
  agent.destroy();
  await loki.stop();
  return { seconds, cpu: (cpu.user + cpu.system) / 1e6, lokiCpu };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The whole push of `file` to `url`, timed, with its CPU. */
async function timedPush(file: string, dir: string, url: string, expected: number): Promise<{ measured: Measured; report: PushReport }> {
  const state = fs.mkdtempSync(path.join(dir, 'state-'));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await pushLogs(await resolvePushInputs([file], dir), {
    connection: { url },
    gzip: false,
    inFlight: IN_FLIGHT,
    checkpoints: new CheckpointStore(state),
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (report.outcome !== 'completed' || report.totals.sent !== expected) {
    throw new Error(`the push did not complete: ${report.outcome} ${report.error ?? ''}, sent ${report.totals.sent} of ${expected}`);
  }
  return { measured: { seconds, cpu: (cpu.user + cpu.system) / 1e6 }, report };
}

function row(name: string, m: Measured, lines: number, bytes: number): string {
  const cpu = m.cpu === undefined ? ''.padStart(10) : `${m.cpu.toFixed(1).padStart(8)} s`;
  const per100k = m.cpu === undefined ? ''.padStart(11) : `${((m.cpu * 100_000) / lines).toFixed(2).padStart(9)} s`;
  const loki = m.lokiCpu === undefined ? '' : `${m.lokiCpu.toFixed(1).padStart(9)} s`;
  return `${name.padEnd(17)}${m.seconds.toFixed(1).padStart(7)} s${Math.round(lines / m.seconds).toLocaleString('en-US').padStart(11)}${(bytes / 1e6 / m.seconds).toFixed(1).padStart(8)}${cpu}${per100k}${loki}`;
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

    const bodiesFile = path.join(dir, 'bodies');
    const sink = await startSink(bodiesFile);
    const noLoki = await timedPush(file, dir, sink.url, truth.records);
    await terminate(sink.proc);
    const bodies = readBodies(bodiesFile);

    // Loki's own rate varies between fresh Lokis by up to a third for the very same requests: rounds alternate
    // which sender goes first.
    const rounds: Array<{ loop: Measured; push: Measured }> = [];
    let report: PushReport | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      const measureLoop = () => minimalLoop(bodies);
      const measurePush = async () => {
        const loki = await startLoki({ limits: HIGH_LIMITS });
        const lokiBefore = await lokiCpuSeconds(loki);
        const push = await timedPush(file, dir, loki.url, truth.records);
        push.measured.lokiCpu = (await lokiCpuSeconds(loki)) - lokiBefore;
        await loki.stop();
        report = push.report;
        return push.measured;
      };
      if (round % 2 === 0) {
        const loop = await measureLoop();
        rounds.push({ loop, push: await measurePush() });
      } else {
        const push = await measurePush();
        rounds.push({ push, loop: await measureLoop() });
      }
      console.error(`round ${round + 1} of ${ROUNDS}: push ${rounds[round].push.seconds.toFixed(1)} s, minimal loop ${rounds[round].loop.seconds.toFixed(1)} s`);
    }

    const lines = truth.records;
    const bytes = report!.totals.bytesSent;
    const bodyBytes = bodies.reduce((sum, b) => sum + b.length, 0);
    console.log(
      `\n${lines.toLocaleString('en-US')} lines (${(bytes / 1e6).toFixed(0)} MB of lines) in ${bodies.length} requests of up to ${DEFAULT_BATCH_LIMITS.maxBytes / 1024} KiB of lines ` +
        `(Loki's protobuf push, ${(bodyBytes / 1e6).toFixed(0)} MB of bodies, no compression), ${IN_FLIGHT} requests in flight, ${ROUNDS} rounds (each on fresh Lokis)\n`,
    );
    console.log(`${''.padEnd(17)}${'wall'.padStart(9)}${'lines/s'.padStart(11)}${'MB/s'.padStart(8)}${'our CPU'.padStart(10)}${'per 100k'.padStart(11)}${'Loki CPU'.padStart(11)}`);
    rounds.forEach(({ push, loop }, i) => {
      console.log(row(`lb-obs push #${i + 1}`, push, lines, bytes));
      console.log(row(`minimal loop #${i + 1}`, loop, lines, bytes));
    });
    const push = median(rounds.map((r) => r.push.seconds));
    const loop = median(rounds.map((r) => r.loop.seconds));
    console.log(row('lb-obs, no Loki', noLoki.measured, lines, bytes));
    // The machine's speed drifts during a run: a round's push and loop run back to back, so the median of the
    // rounds' ratios is the figure quoted; the ratio of the medians is shown beside it.
    const ratios = rounds.map((r) => (100 * r.loop.seconds) / r.push.seconds);
    console.log(`\nper round: ${ratios.map((r) => `${r.toFixed(0)}%`).join(', ')} of the minimal loop's rate;`);
    console.log(
      `lb-obs push reaches ${median(ratios).toFixed(0)}% of Loki's own ingestion rate for the same requests (median of the rounds; goal >= 85%), ` +
        `${((100 * loop) / push).toFixed(0)}% by the medians (push ${push.toFixed(2)} s, minimal loop ${loop.toFixed(2)} s);`,
    );
    console.log(
      `our pipeline needs ${noLoki.measured.cpu!.toFixed(1)} s of CPU (${Math.round(lines / noLoki.measured.cpu!).toLocaleString('en-US')} lines per CPU second; sending alone ${median(rounds.map((r) => r.loop.cpu!)).toFixed(1)} s), ` +
        `Loki ${median(rounds.map((r) => r.loop.lokiCpu!)).toFixed(1)} s for the same requests (median), on this machine's ${os.cpus().length} CPU cores;`,
    );
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}: wall times grow with other processes' load, CPU seconds much less.`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
