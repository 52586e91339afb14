// Loki as a log source against a real Loki: the history paged through query_range (small pages, so that
// page boundaries cut through lines sharing a millisecond), then new lines from the tail WebSocket, then by
// polling after Loki restarts under the tail. Every pushed line must be shown exactly once.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { LokiStream, lokiPush } from '../../core/loki/api';
import type { LokiConnection } from '../../core/loki/connection';
import { LocalLogSession } from '../../core/logs/logSession';
import { createLogSession } from '../../core/logs/openLogSession';
import { formatTimestamp } from '../../core/logs/timestamp';
import { uniqueRunId } from '../support/lbStreams';
import { allRows, truthLines } from '../support/logTruth';
import { RunningLoki, startLoki } from '../support/loki';
import { lokiBinary, needs } from '../support/prerequisites';
import { generateRun } from '../support/runGenerator';

const SUITE = 'integration/logs-loki-source';

interface Entry {
  labels: Record<string, string>;
  ns: bigint;
  line: string;
}

/** Streams as lb pushes them: labelled by component, host, run_id, workload, repetition, phase. */
function toStreams(entries: Entry[]): LokiStream[] {
  const streams = new Map<string, LokiStream>();
  for (const e of entries) {
    const key = JSON.stringify(e.labels);
    let s = streams.get(key);
    if (!s) streams.set(key, (s = { stream: e.labels, values: [] }));
    s.values.push([e.ns.toString(), e.line]);
  }
  for (const s of streams.values()) s.values.sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : 1));
  return [...streams.values()];
}

function record(runId: string, ms: number, message: string, host = 'node-live') {
  return JSON.stringify({ timestamp: formatTimestamp(ms), level: 'INFO', component: 'runner', host, run_id: runId, logger: 'lb_runner', message });
}

async function eventually(what: string, check: () => Promise<boolean>, state: () => Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the session: ${JSON.stringify(await state())}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Loki as a log source', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  let conn: LokiConnection;
  let dir: string;
  const runId = uniqueRunId();
  const pushed: string[] = [];
  let session: LocalLogSession;

  before(async () => {
    loki = await startLoki();
    conn = { url: loki.url };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-loki-source-'));
    const start = Date.now() - 20 * 60_000;
    const run = generateRun(dir, { runId, linesPerFile: 25, startMs: start, seed: 21 });
    const entries: Entry[] = [];
    for (const file of run.files) {
      for (const t of truthLines(file)) {
        const labels: Record<string, string> = { component: t.component!, host: t.host!, run_id: runId };
        if (t.workload) labels.workload = t.workload;
        if (t.repetition !== undefined) labels.repetition = String(t.repetition);
        if (t.phase) labels.phase = t.phase;
        entries.push({ labels, ns: BigInt(Math.round(t.time! * 1000)) * 1000n, line: t.raw.toString('utf8') });
      }
    }
    // With pages of 20: 15 lines one millisecond apart, then 12 lines within one millisecond in two streams
    // (some at the very same nanosecond), so the first page ends inside that millisecond and the second
    // page starts by receiving 5 lines again.
    for (let i = 0; i < 15; i++) {
      const ms = start - 1000 + i;
      entries.push({ labels: { component: 'controller', host: 'early', run_id: runId }, ns: BigInt(ms) * 1_000_000n, line: record(runId, ms, `early ${i}`, 'early') });
    }
    const crowded = BigInt(start - 10) * 1_000_000n;
    for (let i = 0; i < 6; i++) {
      for (const host of ['crowd-a', 'crowd-b']) {
        entries.push({ labels: { component: 'k6', host, run_id: runId }, ns: crowded + BigInt(i % 3), line: record(runId, start - 10, `crowd ${host} ${i}`, host) });
      }
    }
    // A line that is not an lb record (a pod's plain output) is shown raw, at Loki's time.
    entries.push({ labels: { component: 'pod', host: 'node-x', run_id: runId }, ns: BigInt(start + 1) * 1_000_000n, line: 'plain text, not JSON' });
    await lokiPush(conn, toStreams(entries));
    pushed.push(...entries.map((e) => e.line));
    session = await createLogSession({
      loki: { connection: conn, query: `{run_id="${runId}"}`, start: start - 60_000, pageLimit: 20, pollIntervalMs: 300 },
    });
  });

  after(async () => {
    await session?.dispose();
    await loki?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the history arrives page by page, every line exactly once', async () => {
    await eventually('the history to load', async () => !(await session.info()).loading, () => session.info());
    const info = await session.info();
    assert.equal(info.lines, pushed.length);
    assert.equal(info.unparsed, 1);
    assert.deepEqual(info.sources, [{ name: `loki {run_id="${runId}"}`, kind: 'loki' }]);
    const rows = await allRows(session);
    const details = await Promise.all(rows.map((r) => session.details(r.index)));
    assert.deepEqual(details.map((d) => d!.raw).sort(), [...pushed].sort());
    assert.deepEqual(rows.map((r) => r.offset), rows.map((_, i) => i), 'Loki rows are numbered in arrival order');
    const plain = rows.find((r) => !r.parsed)!;
    assert.equal(plain.message, 'plain text, not JSON');
    assert.ok(plain.time !== null && plain.problem!.startsWith('invalid JSON'));
    const crowd = rows.filter((r) => r.message.startsWith('crowd '));
    assert.equal(crowd.length, 12);
    assert.deepEqual((await session.facets()).host['crowd-a'], 6);
  });

  test('new lines come through the tail', async () => {
    const now = Date.now();
    const lines = [record(runId, now, 'tail 1'), record(runId, now + 1, 'tail 2')];
    await lokiPush(conn, [{ stream: { component: 'runner', host: 'node-live', run_id: runId }, values: lines.map((l, i) => [(BigInt(now + i) * 1_000_000n).toString(), l]) }]);
    pushed.push(...lines);
    await eventually('the tailed lines', async () => (await session.info()).lines === pushed.length, () => session.info());
    const messages = (await allRows(session)).map((r) => r.message);
    assert.equal(messages.filter((m) => m === 'tail 1').length, 1);
    assert.equal(messages.filter((m) => m === 'tail 2').length, 1);
  });

  test('when Loki restarts under the tail, polling takes over and still shows each line once', async () => {
    await loki.restart();
    await eventually('the fallback notice', async () => ((await session.info()).notices ?? []).some((n) => /polling every 300 ms/.test(n)), () => session.info());
    const now = Date.now();
    const lines = [record(runId, now, 'after restart 1'), record(runId, now + 1, 'after restart 2')];
    await lokiPush(conn, [{ stream: { component: 'runner', host: 'node-live', run_id: runId }, values: lines.map((l, i) => [(BigInt(now + i) * 1_000_000n).toString(), l]) }]);
    pushed.push(...lines);
    await eventually('the polled lines', async () => (await session.info()).lines >= pushed.length, () => session.info());
    // A few more polls must not repeat anything.
    await new Promise((r) => setTimeout(r, 1500));
    const rows = await allRows(session);
    const raws = await Promise.all(rows.map(async (r) => (await session.details(r.index))!.raw));
    assert.deepEqual(raws.sort(), [...pushed].sort());
  });
});
