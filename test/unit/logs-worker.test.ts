// The log session run in the log worker (dist/logWorker.js), as the extension uses it: the proxy answers
// exactly as the in-process session does, forwards changes, passes errors through and stops cleanly.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import type { LocalLogSession } from '../../core/logs/logSession';
import type { LogSession, LogSessionChange } from '../../core/logs/model';
import { createLogSession, openLogSession } from '../../core/logs/openLogSession';
import { REPO_ROOT } from '../support/paths';
import { GeneratedRun, generateRun } from '../support/runGenerator';

const WORKER = path.join(REPO_ROOT, 'dist', 'logWorker.js');

describe('a log session in the log worker', () => {
  let dir: string;
  let run: GeneratedRun;
  let local: LocalLogSession;
  let remote: LogSession;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-worker-'));
    run = generateRun(dir, { linesPerFile: 400, malformedRate: 0.02, seed: 4 });
    local = await createLogSession({ runDir: run.runDir, follow: false });
    remote = await openLogSession({ runDir: run.runDir, workerScript: WORKER, pollIntervalMs: 100 });
  });
  after(async () => {
    await local.dispose();
    await remote.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('answers as the in-process session does', async () => {
    assert.deepEqual(await remote.info(), await local.info());
    assert.deepEqual(await remote.rows(0, 10_000), await local.rows(0, 10_000));
    assert.deepEqual(await remote.facets(), await local.facets());
    assert.deepEqual(await remote.histogram(20), await local.histogram(20));
    assert.deepEqual(await remote.details(17), await local.details(17));
    assert.deepEqual(await remote.findLevel(0, 1, 'ERROR'), await local.findLevel(0, 1, 'ERROR'));
    const filter = { minLevel: 'WARNING' as const, hosts: ['node-1'], text: 'cooldown' };
    assert.deepEqual(await remote.setFilter(filter), await local.setFilter(filter));
    assert.deepEqual(await remote.rows(0, 10_000), await local.rows(0, 10_000));
    await remote.setFilter({});
    await local.setFilter({});
  });

  test('errors come back with their message', async () => {
    await assert.rejects(remote.setFilter({ text: '(', regex: true }), /invalid regular expression/);
    await assert.rejects(openLogSession({ files: [path.join(dir, 'missing.jsonl')], workerScript: WORKER }), /cannot read .*missing\.jsonl: ENOENT/);
  });

  test('lines appended to a run file are reported from the worker', async () => {
    const file = run.files.find((f) => f.includes('controller'))!;
    const changed = new Promise<LogSessionChange>((resolve) => {
      const sub = remote.onDidChange((c) => {
        sub.dispose();
        resolve(c);
      });
    });
    const record = { timestamp: '2099-01-01T00:00:00Z', level: 'CRITICAL', component: 'controller', host: 'controller', run_id: run.runId, logger: 'l', message: 'appended' };
    fs.appendFileSync(file, `${JSON.stringify(record)}\n`);
    const change = await changed;
    assert.equal(change.info.lines, run.truth.lines + 1);
    assert.equal(change.appended, 1);
    const [last] = await remote.rows(change.info.matched - 1, 1);
    assert.equal(last.message, 'appended');
    assert.equal(last.level, 'CRITICAL');
  });

  test('after dispose, calls fail instead of hanging', async () => {
    const session = await openLogSession({ files: [run.files[0]], workerScript: WORKER, follow: false });
    await session.dispose();
    await assert.rejects(session.info(), /closed|stopped/);
  });
});
