// Whether Loki already holds a stream is asked once per stream for the whole push, even when several files
// pushed at once share it, and before the stream's first batch is sent; a failing question fails or is retried
// as a delivery's always was. The push goes to a recording stand-in of Loki.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolvePushInputs } from '../../core/push/inputFiles';
import { pushLogs } from '../../core/push/pushLogs';
import type { PushLimits } from '../../core/push/limits';
import type { PushReport } from '../../core/push/pushReport';

const WORKLOADS = ['fio', 'stress_ng', 'dfaas', 'late'];

function record(workload: string, i: number, ageMs = 600_000): string {
  const timestamp = new Date(Date.now() - ageMs + i).toISOString();
  return JSON.stringify({ timestamp, level: 'INFO', component: 'runner', host: 'node-1', run_id: 'run-1', workload, logger: 'lb_runner', message: `line ${i}` });
}

/** `lines` lines cycling through the first three workloads, then a few of a workload first seen at the end. */
function writeFile(file: string, lines: number, offset: number, ageMs?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = Array.from({ length: lines }, (_, i) => record(WORKLOADS[i % 3], offset + i, ageMs)).concat(
    Array.from({ length: 5 }, (_, i) => record('late', offset + lines + i, ageMs)),
  );
  fs.writeFileSync(file, text.map((l) => `${l}\n`).join(''));
}

/**
 * A stand-in of Loki recording `series <workload>` per selector asked and `push <workload>` per stream of each
 * push, in the order they arrive; `seriesStatus` answers the n-th series request (1-based), 200 when undefined.
 */
async function recordingLoki(t: { after(fn: () => void): void }, seriesStatus: (n: number) => number | undefined = () => undefined) {
  const events: string[] = [];
  let series = 0;
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      if (req.url === '/loki/api/v1/push') {
        for (const w of WORKLOADS) if (body.includes(`workload="${w}"`)) events.push(`push ${w}`);
        res.writeHead(204).end();
      } else if (req.url?.startsWith('/loki/api/v1/series')) {
        const status = seriesStatus(++series);
        for (const match of new URLSearchParams(body.toString()).getAll('match[]')) events.push(`series ${/workload="([^"]+)"/.exec(match)![1]}`);
        if (status) res.writeHead(status).end(status === 403 ? 'forbidden: logs:read scope missing' : 'ingester not ready');
        else res.end('{"status":"success","data":[]}');
      } else {
        res.end('{"status":"success","data":{"resultType":"streams","result":[]}}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, events };
}

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-push-presence-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function push(dir: string, files: string[], url: string, maxRetries = 10, limits?: Partial<PushLimits>): Promise<PushReport> {
  return pushLogs(await resolvePushInputs(files, dir), {
    connection: { url },
    ...(limits ? { limits } : {}),
    gzip: false,
    batch: { maxEntries: 100 },
    retry: { minBackoffMs: 1, maxBackoffMs: 2, maxRetries },
    concurrency: 2,
  });
}

test("two files pushed at once share their streams: each stream's presence is asked once, before its first batch is sent", async (t) => {
  const dir = tempDir(t);
  const loki = await recordingLoki(t);
  const files = [path.join(dir, 'a', 'runner-node-1.jsonl'), path.join(dir, 'b', 'runner-node-1.jsonl')];
  writeFile(files[0], 1000, 0);
  writeFile(files[1], 1000, 10_000);

  const report = await push(dir, files, loki.url);
  assert.equal(report.outcome, 'completed', report.error);
  assert.equal(report.totals.sent, 2010);
  for (const w of WORKLOADS) {
    assert.equal(loki.events.filter((e) => e === `series ${w}`).length, 1, `${w} asked once: ${loki.events.join(', ')}`);
    assert.ok(loki.events.indexOf(`series ${w}`) < loki.events.indexOf(`push ${w}`), `${w} asked before it is sent`);
  }
});

test("streams older than Loki's 30-day query range, shared by two files: each asked once, whichever file is read first", async (t) => {
  const dir = tempDir(t);
  const loki = await recordingLoki(t);
  const files = [path.join(dir, 'a', 'runner-node-1.jsonl'), path.join(dir, 'b', 'runner-node-1.jsonl')];
  const day = 24 * 3_600_000;
  // The first file listed starts later: its questions, asked first, start at the range's limit, not an hour before.
  writeFile(files[0], 1000, 10_000, 40 * day);
  writeFile(files[1], 1000, 0, 40 * day);

  const report = await push(dir, files, loki.url, 10, { maxAgeMs: undefined });
  assert.equal(report.outcome, 'completed', report.error);
  assert.equal(report.totals.sent, 2010);
  for (const w of WORKLOADS) assert.equal(loki.events.filter((e) => e === `series ${w}`).length, 1, `${w} asked once: ${loki.events.join(', ')}`);
});

test('a presence query that fails is retried before anything of the stream is sent, and one that keeps failing fails the push as before', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'runner-node-1.jsonl');
  writeFile(file, 300, 0);

  const flaky = await recordingLoki(t, (n) => (n <= 3 ? 503 : undefined));
  const recovered = await push(dir, [file], flaky.url);
  assert.equal(recovered.outcome, 'completed', recovered.error);
  assert.equal(recovered.totals.sent, 305);
  for (const w of WORKLOADS) assert.ok(flaky.events.indexOf(`series ${w}`) < flaky.events.indexOf(`push ${w}`), `${w} asked before it is sent`);

  const down = await recordingLoki(t, () => 503);
  const failed = await push(dir, [file], down.url, 2);
  assert.equal(failed.outcome, 'failed');
  assert.equal(failed.error, `${file}: gave up after 3 attempts: Loki answered 503: ingester not ready`);
  assert.equal(failed.totals.sent, 0);
  assert.ok(!down.events.some((e) => e.startsWith('push')), 'nothing sent without the answer');

  const refused = await recordingLoki(t, () => 403);
  const unchecked = await push(dir, [file], refused.url);
  assert.equal(unchecked.outcome, 'completed', unchecked.error);
  assert.equal(unchecked.totals.sent, 305);
  assert.equal(unchecked.notes.length, 1);
  assert.match(unchecked.notes[0], /^Loki refused the query that finds the lines it already has \(403: forbidden: logs:read scope missing\)/);
});

test("a stream whose presence Loki is slow to answer holds no place in flight: the batches read after it are sent meanwhile, and each stream's presence is still asked before it is sent", async (t) => {
  const dir = tempDir(t);
  const events: string[] = [];
  let pushedAfter: (() => void) | undefined;
  const dfaasPushed = new Promise<void>((resolve) => (pushedAfter = resolve));
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString();
      if (req.url === '/loki/api/v1/push') {
        for (const w of ['fio', 'slow', 'dfaas']) if (body.includes(`workload="${w}"`)) events.push(`push ${w}`);
        if (body.includes('workload="dfaas"')) pushedAfter!();
        res.writeHead(204).end();
      } else if (req.url?.startsWith('/loki/api/v1/series')) {
        const workload = /workload="([^"]+)"/.exec(new URLSearchParams(body).getAll('match[]')[0])![1];
        events.push(`series ${workload}`);
        // The answer about "slow" comes once a batch read after its lines was pushed, or after 3 s.
        const answer = () => res.end('{"status":"success","data":[]}');
        if (workload === 'slow') void Promise.race([dfaasPushed, new Promise((r) => setTimeout(r, 3000))]).then(answer);
        else answer();
      } else {
        res.end('{"status":"success","data":{"resultType":"streams","result":[]}}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const file = path.join(dir, 'run', 'runner-node-1.jsonl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lines = ['fio', 'slow', 'dfaas'].flatMap((w, k) => Array.from({ length: 200 }, (_, i) => record(w, 200 * k + i)));
  fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(''));

  const report = await push(dir, [file], `http://127.0.0.1:${(server.address() as { port: number }).port}`);
  assert.equal(report.outcome, 'completed', report.error);
  assert.equal(report.totals.sent, 600);
  assert.ok(events.indexOf('push dfaas') < events.indexOf('push slow'), `dfaas sent while slow waited for its answer: ${events.join(', ')}`);
  for (const w of ['fio', 'slow', 'dfaas']) assert.ok(events.indexOf(`series ${w}`) < events.indexOf(`push ${w}`), `${w} asked before it is sent`);
});
