// Rows assigned to templates by a scan worker get the very template the log view gives them from the text it
// shows: escaped and non-ASCII messages, messages longer than the panel shows, records only JSON.parse could
// decide, lines that are not records. Then, end to end: a session on the pool filters by a template to the
// same lines as one that assigns them itself.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, test } from 'node:test';
import { createLogSession } from '../../core/logs/openLogSession';
import { mineLogFiles } from '../../core/logs/patterns/minePatterns';
import { TemplateMatcher, type TemplateOf } from '../../core/logs/patterns/templateMatcher';
import { TemplateMiner } from '../../core/logs/patterns/templateMiner';
import { runScanRequest } from '../../core/logs/scanPool';
import { REPO_ROOT } from '../support/paths';

const SCAN_WORKER = path.join(REPO_ROOT, 'dist', 'logScanWorker.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-patterns-assign-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function record(i: number, level: string, component: string, message: string): string {
  const timestamp = new Date(Date.UTC(2026, 10, 21, 13, 56, 0, i)).toISOString();
  return JSON.stringify({ timestamp, level, component, host: 'node-1', run_id: 'run-1', logger: 'lb', message });
}

/** Lines of every kind the two assignments could read differently. */
function corpus(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 600; i++) {
    const k = i % 12;
    if (k === 0) lines.push(record(i, 'INFO', 'runner', `Connected to node-${i % 7} in ${i} ms`));
    else if (k === 1) lines.push(record(i, 'WARNING', 'controller', `retry "${i}"\ttab and \\ backslash`));
    else if (k === 2) lines.push(record(i, 'INFO', 'dfaas', `déjà vu ✓ ${i} fois`));
    else if (k === 3) lines.push(record(i, 'ERROR', 'runner', `${'word '.repeat(4000)}${i}`));
    else if (k === 4) lines.push(record(i, 'DEBUG', 'runner', `sample ${i}`).replace('"level"', '"le\\u0076el"'));
    else if (k === 5) lines.push(record(i, 'INFO', 'runner', `Connected to node-${i % 7} in ${i} ms`).slice(0, 60));
    else if (k === 6) lines.push('Traceback (most recent call last):');
    else if (k === 7) lines.push(record(i, 'CRITICAL', 'runner', ''));
    else lines.push(record(i, 'INFO', 'runner', `Collected ${i} samples from psutil (cpu=${i % 100}%)`));
  }
  return lines;
}

test("a scan worker's assignment is the view's, row by row", async () => {
  const file = path.join(dir, 'kinds.jsonl');
  fs.writeFileSync(file, `${corpus().join('\n')}\n`);
  const miner = new TemplateMiner();
  await mineLogFiles([file], miner);
  const refs: TemplateOf[] = miner.patterns().map(({ pattern, level, component }) => ({ pattern, level, component }));
  const fd = fs.openSync(file, 'r');
  let assigned: number[];
  try {
    const { response } = runScanRequest({ id: 1, fd, start: 0, end: fs.fstatSync(fd).size, final: true, assign: refs });
    assert.ok(response.ok, response.ok ? '' : response.error);
    assigned = [...response.part.assigned!];
  } finally {
    fs.closeSync(fd);
  }
  const session = await createLogSession({ files: [file], follow: false });
  try {
    const rows = await session.rows(0, 1000);
    const matcher = new TemplateMatcher(refs);
    const expected = rows.map((r) => (r.parsed ? matcher.match(r.level!, r.component ?? '', r.message) : -1));
    assert.equal(assigned.length, 600);
    assert.deepEqual(assigned, expected);
    assert.ok(new Set(assigned).size >= 6, `${new Set(assigned).size} different templates`);
  } finally {
    await session.dispose();
  }
});

test('a session on the pool (rows assigned by its workers) filters by each template to the lines of one that assigns them itself', async () => {
  const file = path.join(dir, 'big.jsonl');
  fs.writeFileSync(file, `${corpus().join('\n')}\n`.repeat(8));
  const pooled = await createLogSession({ files: [file], follow: false, scanWorkerScript: SCAN_WORKER, scanWorkers: 2, scanMinPartBytes: 64 * 1024, minePatterns: true });
  const onDemand = await createLogSession({ files: [file], follow: false });
  try {
    const patterns = await pooled.patterns(12);
    assert.deepEqual(patterns, await onDemand.patterns(12));
    for (const p of patterns.patterns) {
      const ref = { pattern: p.pattern, level: p.level, component: p.component };
      const [a, b] = [await pooled.setFilter({ patterns: [ref] }), await onDemand.setFilter({ patterns: [ref] })];
      assert.equal(a.matched, p.count, p.pattern);
      assert.equal(a.matched, b.matched, p.pattern);
      assert.deepEqual(await pooled.rows(0, 5), await onDemand.rows(0, 5), p.pattern);
    }
  } finally {
    await pooled.dispose();
    await onDemand.dispose();
  }
});
