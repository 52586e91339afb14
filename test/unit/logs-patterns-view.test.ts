// The log session's Patterns methods over a file of known templates with known counts: the templates and counts
// mined, their volume over the histogram's buckets, the rows of one template and the rows without it (the
// panel's "show" and "hide"), mined on demand in this thread and while indexing in the log worker (progress,
// cancellation).
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import type { LocalLogSession } from '../../core/logs/logSession';
import type { PatternProgress, PatternRef } from '../../core/logs/model';
import { createLogSession, openLogSession } from '../../core/logs/openLogSession';
import { REPO_ROOT } from '../support/paths';

const WORKER = path.join(REPO_ROOT, 'dist', 'logWorker.js');
const SCAN_WORKER = path.join(REPO_ROOT, 'dist', 'logScanWorker.js');
const T0 = Date.parse('2026-11-20T10:00:00Z');

function line(i: number, level: string, component: string, message: string): string {
  const record = { timestamp: new Date(T0 + i * 1000).toISOString(), level, component, host: 'node-1', run_id: 'r1', logger: 'lb', message };
  return JSON.stringify(record);
}

/** 300 connections, 40 task timeouts, 5 workload starts, 3 lines that are not records, interleaved. */
function writeRun(file: string): void {
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    lines.push(line(lines.length, 'INFO', 'controller', `connected to host node-${i % 7} in ${10 + (i % 13)} ms`));
    if (i % 7 === 0 && i < 280) lines.push(line(lines.length, 'ERROR', 'k6', `task ${1000 + i} failed: timeout after ${30 + (i % 3)}s`));
    if (i % 60 === 0) lines.push(line(lines.length, 'INFO', 'controller', 'starting workload fio'));
    if (i % 100 === 50) lines.push('not a record {');
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

const CONNECTED: PatternRef = { pattern: 'connected to host <*> in <*> ms', level: 'INFO', component: 'controller' };
const TIMEOUT: PatternRef = { pattern: 'task <*> failed: timeout after <*>', level: 'ERROR', component: 'k6' };
const STARTING: PatternRef = { pattern: 'starting workload fio', level: 'INFO', component: 'controller' };

describe('log session patterns', () => {
  let dir: string;
  let file: string;
  let session: LocalLogSession;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-patterns-'));
    file = path.join(dir, 'controller.jsonl');
    writeRun(file);
    session = await createLogSession({ files: [file], follow: false });
  });
  after(async () => {
    await session.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every template with its exact count, most first, and its volume over the buckets', async () => {
    const info = await session.info();
    assert.equal(info.lines, 348);
    const result = await session.patterns(12);
    assert.deepEqual(
      result.patterns.map(({ pattern, level, component, count }) => ({ pattern, level, component, count })),
      [
        { ...CONNECTED, count: 300 },
        { ...TIMEOUT, count: 40 },
        { ...STARTING, count: 5 },
      ],
    );
    assert.equal(result.records, 345);
    assert.equal(result.start, info.firstTime);
    const histogram = await session.histogram(12);
    assert.equal(result.end, histogram.at(-1)!.end, 'the histogram buckets, over the same span');
    for (const p of result.patterns) {
      assert.equal(p.volume.length, histogram.length);
      assert.equal(p.volume.reduce((a, b) => a + b, 0), p.count);
    }
    const starting = result.patterns[2];
    assert.equal(starting.first, T0 + 2000, 'the third line');
    assert.equal(starting.last, T0 + 282_000, 'i = 240: after 241 connections, 35 timeouts, 4 starts, 2 non-records');
    assert.equal(starting.sample, 'starting workload fio');
    assert.deepEqual(result.patterns[1].sample, 'task 1000 failed: timeout after 30s');
  });

  test('a template filter lists exactly its lines; hiding it lists all the others', async () => {
    const shown = await session.setFilter({ patterns: [TIMEOUT] });
    assert.equal(shown.matched, 40);
    const rows = await session.rows(0, 100);
    assert.ok(rows.every((r) => /^task \d+ failed: timeout after \d+s$/.test(r.message) && r.level === 'ERROR'));

    const hidden = await session.setFilter({ hidePatterns: [CONNECTED] });
    assert.equal(hidden.matched, 348 - 300, 'the other records and the 3 lines that are not records');
    assert.ok((await session.rows(0, 100)).every((r) => !r.message.startsWith('connected to host')));

    const both = await session.setFilter({ patterns: [CONNECTED, STARTING], hidePatterns: [STARTING], minLevel: 'INFO' });
    assert.equal(both.matched, 300);
    const unknown = await session.setFilter({ patterns: [{ ...CONNECTED, component: 'k6' }] });
    assert.equal(unknown.matched, 0, 'a template that is not mined matches no line');
    await session.setFilter({});
  });

  /** The run 20 times over (6,960 lines), in a file of its own: large enough for the pool in parts of 4 kB. */
  function bigCopy(name: string): string {
    const big = path.join(dir, name);
    fs.writeFileSync(big, fs.readFileSync(file, 'utf8').repeat(20));
    return big;
  }
  const onPool = (big: string, follow: boolean) =>
    createLogSession({ files: [big], follow, pollIntervalMs: 20, scanWorkerScript: SCAN_WORKER, scanWorkers: 2, scanMinPartBytes: 4096, minePatterns: true });
  const full = (i: number) => line(7000 + i, 'CRITICAL', 'runner', `disk /dev/sd${i} is full`);

  test('files indexed on the scan pool: open without mining, templates mined there right after, the same answer', async () => {
    const big = bigCopy('big.jsonl');
    const pooled = await onPool(big, true);
    const onDemand = await createLogSession({ files: [big], follow: false });
    try {
      const progress: PatternProgress[] = [];
      const early = await pooled.patterns(12, { onProgress: (p) => progress.push(p) });
      assert.deepEqual(early, await onDemand.patterns(12), 'mined on the pool after opening = mined on demand');
      assert.deepEqual(early.patterns.map((p) => p.count), [6000, 800, 100]);
      assert.ok(progress.some((p) => p.done < p.total / 2), 'the wait for the mining shows as the first half of the progress');
      assert.deepEqual(progress.at(-1), { done: 2 * 6960, total: 2 * 6960 }, 'asked at once: waiting for the mining, then counting');
      const counted: PatternProgress[] = [];
      await pooled.patterns(12, { onProgress: (p) => counted.push(p) });
      assert.deepEqual(counted.at(-1), { done: 6960, total: 6960 }, 'once mined, one pass');

      fs.appendFileSync(big, `${[0, 1, 2].map(full).join('\n')}\n`);
      await pooled.settle();
      const later = await pooled.patterns(12);
      assert.deepEqual(later.patterns.map((p) => [p.pattern, p.count]).at(-1), ['disk <*> is full', 3], 'appended lines are mined as they are indexed');
      assert.equal(later.records, 6903);
    } finally {
      await pooled.dispose();
      await onDemand.dispose();
    }
  });

  test('lines appended while the pool mines, and closing the Patterns view meanwhile (the wait stops, not the mining)', async () => {
    const big = bigCopy('big-appended.jsonl');
    const pooled = await onPool(big, true);
    try {
      const controller = new AbortController();
      const cancelled = pooled.patterns(12, { signal: controller.signal });
      controller.abort();
      await assert.rejects(cancelled, /cancelled/);
      fs.appendFileSync(big, `${[0, 1, 2].map(full).join('\n')}\n`);
      await pooled.settle();
      const onDemand = await createLogSession({ files: [big], follow: false });
      try {
        assert.deepEqual(await pooled.patterns(12), await onDemand.patterns(12));
      } finally {
        await onDemand.dispose();
      }
    } finally {
      await pooled.dispose();
    }
  });

  test('through the log worker: the same answer, progress to the end, and cancellation', async () => {
    const remote = await openLogSession({ files: [file], workerScript: WORKER, follow: false });
    try {
      const progress: PatternProgress[] = [];
      const result = await remote.patterns(12, { onProgress: (p) => progress.push(p) });
      assert.deepEqual(result, await session.patterns(12), 'templates mined while indexing (worker) = mined on demand (here)');
      assert.deepEqual(progress.at(-1), { done: 348, total: 348 }, 'one pass: the worker mined while indexing');
      const controller = new AbortController();
      const cancelled = remote.patterns(12, { signal: controller.signal });
      controller.abort();
      await assert.rejects(cancelled, /cancelled/);
      assert.equal((await remote.setFilter({ patterns: [STARTING] })).matched, 5, 'the worker answers on after a cancel');
      await assert.rejects(remote.setFilter({ patterns: [{ pattern: 'x', level: 'INFO' } as PatternRef] }), /filter\.patterns\[0\]\.component: missing/);
    } finally {
      await remote.dispose();
    }
  });
});
