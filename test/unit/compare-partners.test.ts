// "Compare with...": the runs offered and the default partner (the newest earlier run of the same config that
// passed), and the checks of the comparison webview's messages.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { partnerCandidates, passed } from '../../core/compare/comparePartners';
import type { RunSummary } from '../../core/runs/discover';
import { parseRunJournal } from '../../core/runs/journal';
import { validateCompareMessage } from '../../protocol/compare';

function run(runId: string, sortTime: number, opts: { hash?: string; statuses?: string[]; workloads?: string[] } = {}): RunSummary {
  const statuses = opts.statuses ?? ['COMPLETED', 'COMPLETED'];
  const tasks = statuses.map((status, k) => ({ host: 'node-1', workload: opts.workloads?.[k] ?? 'fio', repetition: k + 1, status }));
  const metadata = opts.hash === undefined ? {} : { config_hash: opts.hash };
  return { runId, runDir: `/runs/${runId}`, journal: parseRunJournal(JSON.stringify({ run_id: runId, tasks, metadata }), runId), sortTime };
}

const ids = (runs: RunSummary[]) => runs.map((r) => r.runId);

describe('Compare with...: the runs offered', () => {
  test('the default is the newest earlier run of the same config_hash that passed; then the same config; then the rest', () => {
    const target = run('run-5', 5000, { hash: 'h1', statuses: ['COMPLETED', 'FAILED'] });
    const runs = [
      run('run-6', 6000, { hash: 'h1' }), // later: never the default
      target,
      run('run-4', 4000, { hash: 'h1', statuses: ['FAILED', 'COMPLETED'] }), // did not pass
      run('run-3', 3000, { hash: 'h2' }), // another config
      run('run-2', 2000, { hash: 'h1' }), // the default
      run('run-1', 1000, { hash: 'h1' }),
    ];
    const c = partnerCandidates(target, runs);
    assert.equal(c.defaultPartner?.runId, 'run-2');
    assert.deepEqual(ids(c.runs), ['run-2', 'run-6', 'run-4', 'run-1', 'run-3']);
  });

  test('without config_hash, the same config is the same hosts and workloads', () => {
    const target = run('run-3', 3000, { workloads: ['fio', 'stress_ng'] });
    const runs = [target, run('run-2', 2000, { workloads: ['fio', 'dd'] }), run('run-1', 1000, { workloads: ['stress_ng', 'fio'] })];
    const c = partnerCandidates(target, runs);
    assert.equal(c.defaultPartner?.runId, 'run-1');
    assert.deepEqual(ids(c.runs), ['run-1', 'run-2']);
  });

  test('a run whose tasks COMPLETED or were SKIPPED passed: it is the default partner', () => {
    const target = run('run-9', 9000, { hash: 'h', statuses: ['COMPLETED', 'FAILED'] });
    const runs = [target, run('run-8', 8000, { hash: 'h', statuses: ['COMPLETED', 'SKIPPED'] }), run('run-7', 7000, { hash: 'h' })];
    const c = partnerCandidates(target, runs);
    assert.equal(c.defaultPartner?.runId, 'run-8');
    assert.equal(passed(runs[1]), true);
    assert.deepEqual(ids(c.runs), ['run-8', 'run-7']);
  });

  test('a run that was skipped, pending or has no journal is never the default', () => {
    const target = run('run-9', 9000, { hash: 'h' });
    const noJournal: RunSummary = { runId: 'run-0', runDir: '/runs/run-0', journal: { ok: false, error: 'cannot read run_journal.json: ENOENT' }, sortTime: 100 };
    const runs = [target, run('run-8', 8000, { hash: 'h', statuses: ['SKIPPED', 'SKIPPED'] }), run('run-7', 7000, { hash: 'h', statuses: ['PENDING', 'PENDING'] }), noJournal];
    const c = partnerCandidates(target, runs);
    assert.equal(c.defaultPartner, undefined);
    assert.deepEqual(ids(c.runs), ['run-8', 'run-7', 'run-0']);
  });
});

describe("the comparison webview's messages", () => {
  test('known messages are rebuilt from their fields; anything else is refused with where and what', () => {
    assert.deepEqual(validateCompareMessage({ type: 'openLines', run: 'b', kind: 'pattern', row: 3, extra: '<img>' }), { ok: true, message: { type: 'openLines', run: 'b', kind: 'pattern', row: 3 } });
    assert.deepEqual(validateCompareMessage({ type: 'openGrafana', run: 'a' }), { ok: true, message: { type: 'openGrafana', run: 'a' } });
    assert.deepEqual(validateCompareMessage({ type: 'openLines', run: 'c', kind: 'pattern', row: 1 }), { ok: false, error: 'run: expected one of a, b' });
    assert.deepEqual(validateCompareMessage({ type: 'openLines', run: 'a', kind: 'pattern', row: -1 }), { ok: false, error: 'row: expected 0..1000000, got -1' });
    assert.deepEqual(validateCompareMessage({ type: 'openLines', run: 'a', kind: 'pattern', row: 1.5 }), { ok: false, error: 'row: expected an integer' });
    assert.deepEqual(validateCompareMessage({ type: 'rm -rf' }), { ok: false, error: 'type: unknown message type "rm -rf"' });
    assert.deepEqual(validateCompareMessage(null), { ok: false, error: 'message: expected an object' });
  });
});
