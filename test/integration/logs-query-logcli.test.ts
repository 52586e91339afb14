// `lb-obs logs query` against logcli, Loki's own client, on a real Loki: the same lines in the same order for the
// same query, range and limit (newest first and --forward), through more than 5,000 entries in one millisecond
// and a group sharing one nanosecond; exactly the pushed lines for the issue's Airflow query; and --follow
// showing lines pushed after it started, each once, as logcli --tail does.
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { LokiStream, lokiPush } from '../../core/loki/api';
import type { LokiConnection } from '../../core/loki/connection';
import { startAuthProxy } from '../support/authProxy';
import { runLbObs } from '../support/lbObsCli';
import { RunningLoki, startLoki } from '../support/loki';
import { REPO_ROOT } from '../support/paths';
import { logcliBinary, lokiBinary, needs } from '../support/prerequisites';
import { waitUntil } from '../support/waitUntil';

const SUITE = 'integration/logs-query-logcli';

interface JsonlEntry {
  labels: Record<string, string>;
  line: string;
  timestamp: string;
}

const MS = 1_000_000n;
/** Entries in the one millisecond: more than Loki's 5,000 per request. */
const BURST = 6200;
/** Entries sharing one nanosecond (distinct lines). */
const SAME_NS = 40;

function parseJsonl(text: string): JsonlEntry[] {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as JsonlEntry);
}

/** RFC3339Nano (as logcli and lb-obs print it) as nanoseconds. */
function timestampNs(text: string): bigint {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(text)!;
  return BigInt(Date.parse(`${m[1]}Z`)) * MS + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** Nanoseconds as RFC3339Nano, independently of the code under test. */
function rfc3339(ns: bigint): string {
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${new Date(Number(ns / MS)).toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/** Lines in output order; within a timestamp shared by several entries logcli's order is arbitrary (Go's sort.Slice), so sorted. */
function comparable(entries: JsonlEntry[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < entries.length; ) {
    let j = i;
    while (j < entries.length && entries[j].timestamp === entries[i].timestamp) j++;
    out.push(...entries.slice(i, j).map((e) => `${e.timestamp} ${JSON.stringify(e.labels)} ${e.line}`).sort());
    i = j;
  }
  return out;
}

function runLogcli(args: string[], url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(logcliBinary().path!, [...args, `--addr=${url}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A long-running command whose stdout lines are collected as they come. */
function startFollower(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (state.stdout += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (state.stderr += t));
  return {
    state,
    entries: () => parseJsonl(state.stdout.slice(0, state.stdout.lastIndexOf('\n') + 1)),
    stop: () => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : (child.once('close', resolve), child.kill('SIGINT')))),
  };
}

describe('lb-obs logs query agrees with logcli', needs(SUITE, lokiBinary(), logcliBinary()), () => {
  let loki: RunningLoki;
  let conn: LokiConnection;
  let env: NodeJS.ProcessEnv;
  const baseNs = BigInt(Date.now() - 20 * 60_000) * MS;
  const from = new Date(Number(baseNs / MS) - 60_000).toISOString();
  const to = new Date(Number(baseNs / MS) + 10 * 60_000).toISOString();
  /** Every pushed ERROR line of namespace airflow. */
  const errorLines: string[] = [];

  before(async () => {
    loki = await startLoki();
    conn = { url: loki.url };
    env = { ...process.env, LB_OBS_LOKI_URL: loki.url };
    const streams: LokiStream[] = [];
    const stream = (labels: Record<string, string>) => {
      const s: LokiStream = { stream: labels, values: [] };
      streams.push(s);
      return s;
    };
    const pods = ['hello-world-extract-1', 'hello-world-load-1'].map((pod) => stream({ namespace: 'airflow', pod, container: 'base', dag_id: 'hello_world' }));
    const other = stream({ namespace: 'flyte', pod: 'fx-n0-0', container: 'fx' });
    // Spread lines over minutes, a burst of BURST entries inside one millisecond (distinct nanoseconds, both pods),
    // and SAME_NS entries at one nanosecond.
    for (let i = 0; i < 300; i++) {
      const level = i % 3 === 0 ? 'ERROR' : 'INFO';
      const line = `${level} dag_id=hello_world task ${i} {"step": ${i}}`;
      pods[i % 2].values.push([(baseNs + BigInt(i) * 1000n * MS).toString(), line]);
      if (level === 'ERROR') errorLines.push(line);
      other.values.push([(baseNs + BigInt(i) * 1000n * MS + 7n).toString(), `ERROR flyte ${i}`]);
    }
    const burstNs = baseNs + 150_500n * MS;
    for (let i = 0; i < BURST; i++) {
      const line = `ERROR burst ${i} level=error`;
      pods[i % 2].values.push([(burstNs + BigInt(i * 100)).toString(), line]);
      errorLines.push(line);
    }
    const sameNs = baseNs + 200_250n * MS;
    for (let i = 0; i < SAME_NS; i++) {
      const line = `ERROR same nanosecond ${i}`;
      pods[0].values.push([sameNs.toString(), line]);
      errorLines.push(line);
    }
    for (const s of streams) s.values.sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : BigInt(a[0]) > BigInt(b[0]) ? 1 : 0));
    for (const s of streams) for (let i = 0; i < s.values.length; i += 2000) await lokiPush(conn, [{ stream: s.stream, values: s.values.slice(i, i + 2000) }]);
  });

  after(async () => {
    await loki?.stop();
  });

  test("the issue's Airflow query returns exactly the lines pushed", async () => {
    const query = '{namespace="airflow"} |= "ERROR"';
    const r = await runLbObs(['logs', 'query', query, '--since', '1h', '--limit', '100000', '--format', 'jsonl'], { cwd: REPO_ROOT, env });
    assert.equal(r.code, 0, r.stderr);
    const lines = parseJsonl(r.stdout).map((e) => e.line);
    assert.equal(lines.length, errorLines.length);
    assert.deepEqual([...lines].sort(), [...errorLines].sort());
    // Newest first.
    const times = parseJsonl(r.stdout).map((e) => timestampNs(e.timestamp));
    assert.ok(times.every((t, i) => i === 0 || t <= times[i - 1]));
  });

  for (const [name, extra, limit] of [
    ['every line, newest first', [], 100000],
    ['a limit that ends inside the burst', [], 5100],
    ["logcli's default limit", [], 30],
    ['every line, oldest first', ['--forward'], 100000],
    ['a limit inside the burst, oldest first', ['--forward'], 3333],
  ] as Array<[string, string[], number]>) {
    test(`same lines in the same order as logcli: ${name}`, async () => {
      const query = '{namespace=~"airflow|flyte"} |= "ERROR"';
      const ours = await runLbObs(['logs', 'query', query, '--from', from, '--to', to, '--limit', String(limit), '--format', 'jsonl', ...extra], {
        cwd: REPO_ROOT,
        env,
      });
      assert.equal(ours.code, 0, ours.stderr);
      const theirs = await runLogcli(
        ['query', query, `--from=${from}`, `--to=${to}`, `--limit=${limit}`, '--batch=1000', '--output=jsonl', '--include-common-labels', '--quiet', ...extra],
        loki.url,
      );
      assert.equal(theirs.code, 0, theirs.stderr);
      const expected = comparable(parseJsonl(theirs.stdout));
      assert.equal(expected.length, Math.min(limit, errorLines.length + 300));
      assert.deepEqual(comparable(parseJsonl(ours.stdout)), expected);
    });
  }

  test('--follow shows lines pushed after it started, each once, as logcli --tail', async () => {
    const query = '{namespace="airflow", pod="live"}';
    const live = { namespace: 'airflow', pod: 'live', container: 'base' };
    const at = () => (BigInt(Date.now()) * MS).toString();
    await lokiPush(conn, [{ stream: live, values: [[at(), 'before follow']] }]);
    const ours = startFollower(process.execPath, [`${REPO_ROOT}/dist/cli/lb-obs.js`, 'logs', 'query', query, '--follow', '--since', '5m', '--format', 'jsonl'], env);
    const theirs = startFollower(logcliBinary().path!, ['query', query, '--tail', '--since=5m', '--output=jsonl', '--include-common-labels', '--quiet', `--addr=${loki.url}`], env);
    try {
      for (const f of [ours, theirs]) {
        await waitUntil('the line pushed before following', async () => f.entries().some((e) => e.line === 'before follow'), {
          seen: async () => f.state.stderr,
        });
      }
      const pushedLive: string[] = [];
      for (let batch = 0; batch < 5; batch++) {
        const values: Array<[string, string]> = [];
        for (let i = 0; i < 10; i++) {
          const line = `live ${batch}.${i}`;
          values.push([(BigInt(Date.now()) * MS + BigInt(i)).toString(), line]);
          pushedLive.push(line);
        }
        await lokiPush(conn, [{ stream: live, values }]);
        await new Promise((r) => setTimeout(r, 300));
      }
      for (const [who, f] of [['lb-obs', ours], ['logcli', theirs]] as const) {
        await waitUntil(`${who} to show every live line`, async () => f.entries().filter((e) => e.line.startsWith('live ')).length >= pushedLive.length, {
          seen: async () => `${who} printed ${JSON.stringify(f.entries().map((e) => e.line))}; stderr ${f.state.stderr}`,
        });
      }
      // A moment more, for any repeat to arrive.
      await new Promise((r) => setTimeout(r, 1500));
      const oursLines = ours.entries().map((e) => e.line);
      const theirsLines = theirs.entries().map((e) => e.line);
      assert.deepEqual(oursLines.filter((l) => l.startsWith('live ')), pushedLive);
      assert.deepEqual(oursLines.filter((l) => l === 'before follow'), ['before follow']);
      assert.deepEqual(oursLines.filter((l) => l.startsWith('live ')), theirsLines.filter((l) => l.startsWith('live ')));
    } finally {
      await ours.stop();
      await theirs.stop();
    }
  });

  test('more entries at one nanosecond than Loki returns per request: every one, read stream by stream', async () => {
    const ns = baseNs + 250_000n * MS + 123n;
    const crowd = ['a', 'b', 'c'].map((pod) => ({ stream: { namespace: 'crowd', pod }, values: [] as Array<[string, string]> }));
    const expected: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const line = `crowd ${i}`;
      crowd[i % 3].values.push([ns.toString(), line]);
      expected.push(line);
    }
    for (const s of crowd) await lokiPush(conn, [s]);
    for (const extra of [[], ['--forward']]) {
      const r = await runLbObs(['logs', 'query', '{namespace="crowd"}', '--from', from, '--to', to, '--limit', '0', '--format', 'jsonl', ...extra], { cwd: REPO_ROOT, env });
      assert.equal(r.code, 0, r.stderr);
      const lines = parseJsonl(r.stdout).map((e) => e.line);
      assert.equal(lines.length, expected.length);
      assert.deepEqual([...lines].sort(), [...expected].sort());
      assert.doesNotMatch(r.stderr, /left out/);
    }
  });

  test('a stream with more entries at one nanosecond than a request returns: what Loki gives, and a notice', async () => {
    const ns = baseNs + 260_000n * MS + 7n;
    const values = Array.from({ length: 5100 }, (_, i): [string, string] => [ns.toString(), `solo ${i}`]);
    await lokiPush(conn, [{ stream: { namespace: 'solo', pod: 'one' }, values }]);
    const r = await runLbObs(['logs', 'query', '{namespace="solo"}', '--from', from, '--to', to, '--limit', '0', '--format', 'jsonl'], { cwd: REPO_ROOT, env });
    assert.equal(r.code, 0, r.stderr);
    const lines = parseJsonl(r.stdout).map((e) => e.line);
    assert.equal(lines.length, 5000);
    assert.equal(new Set(lines).size, 5000);
    // Besides progress lines ("N entries, at T"), which a slow machine prints.
    const notices = r.stderr.split('\n').filter((l) => l && !/^lb-obs logs query: [\d,]+ entries, at /.test(l));
    assert.deepEqual(notices, [`lb-obs logs query: more than 5000 entries of one stream share the nanosecond ${ns}; Loki returns at most 5000 of them, the others are left out`]);
  });

  test('text output: control characters from Loki are shown as symbols, never sent to the terminal', async () => {
    const ns = baseNs + 270_000n * MS;
    await lokiPush(conn, [{ stream: { namespace: 'hostile', note: 'p\u001b[2J' }, values: [[ns.toString(), 'evil \u001b]0;title\u0007 line\rhidden\u009b']] }]);
    const r = await runLbObs(['logs', 'query', '{namespace="hostile"}', '--from', from, '--to', to], { cwd: REPO_ROOT, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${rfc3339(ns)} {detected_level="unknown", namespace="hostile", note="p\\u001b[2J", service_name="unknown_service"} evil \u241b]0;title\u2407 line\u240dhidden\ufffd\n`);
  });

  test("through a gateway wanting basic auth: push's credentials from the environment, never in the URL", async () => {
    const proxy = await startAuthProxy({ target: loki.url, basic: { username: 'lb', password: 'pa ss:w' } });
    try {
      const withAuth = { ...process.env, LB_OBS_LOKI_URL: proxy.url, LB_OBS_LOKI_USERNAME: 'lb', LB_OBS_LOKI_PASSWORD: 'pa ss:w', LB_OBS_LOKI_TENANT: 'team-a' };
      const r = await runLbObs(['logs', 'query', '{namespace="airflow"} |= "ERROR"', '--from', from, '--to', to, '--limit', '50', '--format', 'jsonl'], { cwd: REPO_ROOT, env: withAuth });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(parseJsonl(r.stdout).length, 50);
      const labels = await runLbObs(['logs', 'labels', 'dag_id', '--since', '1h'], { cwd: REPO_ROOT, env: withAuth });
      assert.equal(labels.stdout, 'hello_world\n');
      assert.ok(proxy.requests.length >= 2 && proxy.requests.every((q) => q.forwarded && q.headers['x-scope-orgid'] === 'team-a'));
      const refused = await runLbObs(['logs', 'labels'], { cwd: REPO_ROOT, env: { ...withAuth, LB_OBS_LOKI_PASSWORD: 'wrong' } });
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, new RegExp(`^lb-obs logs labels: Loki answered 401 for ${proxy.url.replace(/[.]/g, '\\.')}/loki/api/v1/labels\\?`));
    } finally {
      await proxy.stop();
    }
  });

  test('--follow behind a gateway that refuses WebSockets polls instead, each line once', async () => {
    // Plain requests pass to Loki; the tail's upgrade is refused, as some gateways do.
    const gateway = http.createServer((req, res) => {
      const target = new URL(req.url ?? '/', loki.url);
      const forward = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(forward);
    });
    gateway.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    const stream = { namespace: 'airflow', pod: 'polled' };
    await lokiPush(conn, [{ stream, values: [[(BigInt(Date.now()) * MS).toString(), 'before polling']] }]);
    const ours = startFollower(process.execPath, [`${REPO_ROOT}/dist/cli/lb-obs.js`, 'logs', 'query', '{pod="polled"}', '--follow', '--since', '5m', '--format', 'jsonl'], { ...env, LB_OBS_LOKI_URL: url });
    try {
      await waitUntil('the polling notice', async () => /Loki's tail is not available \(Loki answered 501 .*\); polling every 1 s instead/.test(ours.state.stderr), {
        seen: async () => ours.state.stderr,
      });
      const pushed: string[] = [];
      for (let batch = 0; batch < 4; batch++) {
        const values = Array.from({ length: 5 }, (_, i): [string, string] => [(BigInt(Date.now()) * MS + BigInt(i)).toString(), `polled ${batch}.${i}`]);
        pushed.push(...values.map(([, line]) => line));
        await lokiPush(conn, [{ stream, values }]);
        await new Promise((r) => setTimeout(r, 700));
      }
      await waitUntil('every pushed line', async () => ours.entries().length >= pushed.length + 1, { seen: async () => JSON.stringify(ours.entries().map((e) => e.line)) });
      await new Promise((r) => setTimeout(r, 2500));
      assert.deepEqual(ours.entries().map((e) => e.line), ['before polling', ...pushed]);
    } finally {
      await ours.stop();
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  test('labels and label values, as logcli labels', async () => {
    const names = await runLbObs(['logs', 'labels', '--since', '1h'], { cwd: REPO_ROOT, env });
    assert.equal(names.code, 0, names.stderr);
    const theirs = await runLogcli(['labels', '--since=1h', '--quiet'], loki.url);
    assert.equal(names.stdout, theirs.stdout);
    const pods = await runLbObs(['logs', 'labels', 'pod', '--since', '1h'], { cwd: REPO_ROOT, env });
    const theirPods = await runLogcli(['labels', 'pod', '--since=1h', '--quiet'], loki.url);
    assert.equal(pods.stdout, theirPods.stdout);
    assert.match(pods.stdout, /^hello-world-extract-1$/m);
  });

  test('a metric query is printed as a table', async () => {
    const r = await runLbObs(['logs', 'query', 'sum by (pod) (count_over_time({namespace="airflow"} |= "ERROR" [1h]))', '--from', from, '--to', to], {
      cwd: REPO_ROOT,
      env,
    });
    assert.equal(r.code, 0, r.stderr);
    const [header, ...rows] = r.stdout.trimEnd().split('\n');
    assert.match(header, /^TIME\s+SERIES\s+VALUE$/);
    assert.ok(rows.some((row) => /\{pod="hello-world-extract-1"\}\s+\d+$/.test(row)), r.stdout);
  });
});
