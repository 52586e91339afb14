// Pushes 1,000,000 generated lb log lines to a local Loki started with high limits and reports lines/s and
// MB/s, next to Loki's own ingestion of the same requests, so that the reader sees who is the limit:
// - "lb-obs, no Loki": the whole push (read, classify, label, check, batch, encode, send, checkpoint) into a sink
//   process that answers like an empty Loki and records the request bodies: the push's own ceiling and CPU;
// - "minimal loop": those very bodies sent by a bare HTTP loop into a fresh Loki: the fastest this Loki ingests
//   the same requests from one sender (what "Loki's own rate" means);
// - "lb-obs push": the whole push into another fresh Loki;
// - Loki's CPU seconds (process_cpu_seconds_total) in both Loki runs, and ours from process.cpuUsage().
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
  /** Our process's CPU seconds (the push), or undefined for the minimal loop. */
  cpu?: number;
  /** Loki's CPU seconds, or undefined for the sink. */
  lokiCpu?: number;
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
  return `${name.padEnd(16)}${m.seconds.toFixed(1).padStart(7)} s${Math.round(lines / m.seconds).toLocaleString('en-US').padStart(11)}${(bytes / 1e6 / m.seconds).toFixed(1).padStart(8)}${cpu}${per100k}${loki}`;
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

    let loki = await startLoki({ limits: HIGH_LIMITS });
    const url = new URL(loki.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    let lokiBefore = await lokiCpuSeconds(loki);
    let started = performance.now();
    let next = 0;
    const sender = async () => {
      while (next < bodies.length) await post(url, agent, bodies[next++]);
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    const loop: Measured = { seconds: (performance.now() - started) / 1000 };
    loop.lokiCpu = (await lokiCpuSeconds(loki)) - lokiBefore;
    agent.destroy();
    await loki.stop();

    loki = await startLoki({ limits: HIGH_LIMITS });
    lokiBefore = await lokiCpuSeconds(loki);
    started = performance.now();
    const push = await timedPush(file, dir, loki.url, truth.records);
    push.measured.lokiCpu = (await lokiCpuSeconds(loki)) - lokiBefore;
    await loki.stop();

    const lines = truth.records;
    const bytes = push.report.totals.bytesSent;
    const bodyBytes = bodies.reduce((sum, b) => sum + b.length, 0);
    console.log(
      `\n${lines.toLocaleString('en-US')} lines (${(bytes / 1e6).toFixed(0)} MB of lines) in ${bodies.length} requests of up to ${DEFAULT_BATCH_LIMITS.maxBytes / 1024} KiB of lines ` +
        `(Loki's protobuf push, ${(bodyBytes / 1e6).toFixed(0)} MB of bodies, no compression), ${IN_FLIGHT} requests in flight\n`,
    );
    console.log(`${''.padEnd(16)}${'wall'.padStart(9)}${'lines/s'.padStart(11)}${'MB/s'.padStart(8)}${'our CPU'.padStart(10)}${'per 100k'.padStart(11)}${'Loki CPU'.padStart(11)}`);
    console.log(row('lb-obs push', push.measured, lines, bytes));
    console.log(row('minimal loop', loop, lines, bytes));
    console.log(row('lb-obs, no Loki', noLoki.measured, lines, bytes));
    console.log(`\nlb-obs push reaches ${((100 * loop.seconds) / push.measured.seconds).toFixed(0)}% of Loki's own ingestion rate for the same requests (the minimal loop; goal >= 85%);`);
    console.log(
      `our pipeline needs ${noLoki.measured.cpu!.toFixed(1)} s of CPU (${Math.round(lines / noLoki.measured.cpu!).toLocaleString('en-US')} lines per CPU second), ` +
        `Loki ${loop.lokiCpu.toFixed(1)} s for the same requests, on this machine's ${os.cpus().length} CPU cores;`,
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
