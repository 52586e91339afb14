// Run links: the query from the log panel's filters, the time range from real run folders (journal and JSONL
// logs), lb's dashboards, and the decoded Explore URL.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { dashboardUrl, exploreUrl } from '../../core/links/grafanaUrl';
import { logTimeBounds } from '../../core/links/logTimeBounds';
import { parseRunLinkArgument } from '../../core/links/runLinkArgument';
import { inspectRunDir, runDashboards, runIdStartTime, runQuery, runTimeRange } from '../../core/links/runLinks';
import { LOG_LEVELS } from '../../core/logs/model';
import { decodeExploreUrl, grafanaParams, queryStrings, unescapeAlternatives, unescapeRegex } from '../support/grafanaLinks';
import { nonEmptyHostileText } from '../support/hostileText';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-run-links-'));
const T0 = Date.UTC(2026, 10, 21, 13, 56, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '123Z');

function record(ms: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ timestamp: iso(ms), level: 'INFO', component: 'runner', host: 'h1', run_id: 'r', logger: 'x', message: 'm', ...extra });
}

function makeRun(name: string, opts: { tasks?: unknown[]; logs?: Record<string, string[]> }): string {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  if (opts.tasks) fs.writeFileSync(path.join(dir, 'run_journal.json'), JSON.stringify({ run_id: name, tasks: opts.tasks, metadata: {} }));
  for (const [file, lines] of Object.entries(opts.logs ?? {})) fs.writeFileSync(path.join(dir, 'logs', file), lines.join('\n') + '\n');
  return dir;
}

const task = (workload: string, status: string, start?: number, end?: number) => ({
  host: 'h1',
  workload,
  repetition: 1,
  status,
  started_at: start === undefined ? null : new Date(start).toISOString(),
  finished_at: end === undefined ? null : new Date(end).toISOString(),
});

describe('time range', () => {
  test('a finished run: first to last of journal and logs, padded by a minute', async () => {
    const dir = makeRun('run-finished', {
      tasks: [task('stress_ng', 'COMPLETED', T0, T0 + 60_000), task('fio', 'FAILED', T0 + 60_000, T0 + 120_000)],
      logs: { 'controller-ctl.jsonl': [record(T0 - 5_000), record(T0 + 130_000)], 'runner-h1.jsonl': [record(T0 + 1_000)] },
    });
    const facts = await inspectRunDir(dir);
    assert.deepEqual(facts, { runId: 'run-finished', start: T0 - 5_000, end: T0 + 130_000, running: false, hasDfaas: false });
    assert.deepEqual(runTimeRange(facts.runId, facts), { from: String(T0 - 65_000), to: String(T0 + 190_000) });
  });

  test('a running run is open-ended', async () => {
    const dir = makeRun('run-running', { tasks: [task('stress_ng', 'COMPLETED', T0, T0 + 60_000), task('stress_ng', 'RUNNING', T0 + 60_000)] });
    const facts = await inspectRunDir(dir);
    assert.equal(facts.running, true);
    assert.deepEqual(runTimeRange(facts.runId, facts), { from: String(T0 - 60_000), to: 'now' });
  });

  test('without a journal the log timestamps decide; the run id is the folder name', async () => {
    const dir = makeRun('my-run', { logs: { 'runner-h1.jsonl': ['not json', record(T0), record(T0 + 5_000), '{"partial'] } });
    const facts = await inspectRunDir(dir);
    assert.deepEqual(facts, { runId: 'my-run', start: T0, end: T0 + 5_000, running: false, hasDfaas: false });
  });

  test('dfaas runs are recognised by their k6/dfaas logs or their workloads', async () => {
    const byLogs = makeRun('run-dfaas-logs', { logs: { 'k6-h1.jsonl': [record(T0)] } });
    const byJournal = makeRun('run-dfaas-journal', { tasks: [task('dfaas', 'PENDING')] });
    assert.equal((await inspectRunDir(byLogs)).hasDfaas, true);
    assert.equal((await inspectRunDir(byJournal)).hasDfaas, true);
  });

  test("lb's default run id gives the start when the run folder is not here; else the last day", () => {
    assert.equal(runIdStartTime('run-20261121-135600'), T0);
    assert.equal(runIdStartTime('nightly'), undefined);
    assert.deepEqual(runTimeRange('run-20261121-135600'), { from: String(T0 - 60_000), to: 'now' });
    assert.deepEqual(runTimeRange('nightly'), { from: 'now-24h', to: 'now' });
  });

  test("the histogram's selected window wins", () => {
    assert.deepEqual(runTimeRange('r', { start: T0, end: T0 + 1 }, { from: T0 + 10, to: T0 + 20 }), { from: String(T0 + 10), to: String(T0 + 20) });
  });

  test('log bounds read only head and tail: a huge last line and partial chunks do not break them', async () => {
    const dir = path.join(root, 'bounds');
    fs.mkdirSync(dir);
    const filler = Array.from({ length: 2000 }, (_, i) => record(T0 + i * 1000, { message: 'x'.repeat(100) }));
    fs.writeFileSync(path.join(dir, 'a.jsonl'), [...filler, record(T0 + 9_999_000, { message: 'y'.repeat(200_000) }), record(T0 + 10_000_000)].join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'b.jsonl.1'), record(T0 - 1000) + '\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), record(T0 - 99_000) + '\n');
    assert.deepEqual(await logTimeBounds(dir), { first: T0 - 1000, last: T0 + 10_000_000, files: ['a.jsonl', 'b.jsonl.1'] });
  });
});

describe('query', () => {
  test("the panel's filters as lb's labels, a line filter and the level filter", () => {
    assert.equal(
      runQuery('run-20261121-135600', {
        components: ['controller', 'runner'],
        hosts: ['node-1'],
        workloads: ['fio'],
        repetitions: [1, 2],
        phases: ['setup'],
        minLevel: 'WARNING',
        text: 'disk full',
        caseSensitive: true,
      }),
      '{run_id="run-20261121-135600", component=~"controller|runner", host="node-1", workload="fio", repetition=~"1|2", phase="setup"} |= "disk full" | json | level=~"WARNING|ERROR|CRITICAL"',
    );
    assert.equal(runQuery('r', { minLevel: 'DEBUG', components: [] }), '{run_id="r"}');
  });

  test('property: hostile run ids and filter values decode back exactly', () => {
    fc.assert(
      fc.property(
        nonEmptyHostileText,
        fc.uniqueArray(nonEmptyHostileText, { minLength: 2, maxLength: 3 }),
        nonEmptyHostileText,
        nonEmptyHostileText,
        fc.constantFrom(...LOG_LEVELS.slice(1)),
        (runId, components, host, text, minLevel) => {
          const strings = queryStrings(runQuery(runId, { components, hosts: [host], text, minLevel }));
          assert.deepEqual(strings[0], { kind: 'matcher', label: 'run_id', op: '=', value: runId });
          assert.deepEqual(unescapeAlternatives(strings[1].value), components);
          assert.deepEqual(strings[2], { kind: 'matcher', label: 'host', op: '=', value: host });
          assert.equal(unescapeRegex(strings[3].value.replace(/^\(\?i\)/, '')), text);
          assert.deepEqual(strings[4], { kind: 'label-filter', label: 'level', op: '=~', value: LOG_LEVELS.slice(LOG_LEVELS.indexOf(minLevel)).join('|') });
        },
      ),
      { numRuns: 500 },
    );
  });

  test('the Explore link of a run decodes to its query and range', async () => {
    const facts = await inspectRunDir(path.join(root, 'run-finished'));
    const url = exploreUrl({ url: 'http://g:3000', orgId: 1, datasourceUid: 'loki' }, runQuery(facts.runId, { hosts: ['h1'] }), runTimeRange(facts.runId, facts));
    const decoded = decodeExploreUrl(url);
    assert.equal(decoded.expr, '{run_id="run-finished", host="h1"}');
    assert.deepEqual([decoded.from, decoded.to], [String(T0 - 65_000), String(T0 + 190_000)]);
  });
});

describe('dashboards', () => {
  test('lb-platform-logs always; the dfaas dashboards when the run has dfaas workloads', () => {
    assert.deepEqual(
      runDashboards('r1', { hasDfaas: false }, { components: ['k6'], hosts: ['h1', 'h2'] }).map((d) => [d.uid, d.vars]),
      [['lb-platform-logs', [['run_id', 'r1'], ['component', 'k6'], ['host', 'h1'], ['host', 'h2']]]],
    );
    assert.deepEqual(
      runDashboards('r1', { hasDfaas: true }).map((d) => [d.uid, d.vars]),
      [
        ['lb-platform-logs', [['run_id', 'r1']]],
        ['dfaas-k6-overview', [['run_id', 'r1']]],
        ['dfaas-overview', [['run_id', 'r1']]],
      ],
    );
  });

  test('a dashboard link carries var-run_id and the run range', () => {
    const [d] = runDashboards('run 1&2', { hasDfaas: false });
    const { params } = grafanaParams(dashboardUrl({ url: 'http://g', orgId: 1 }, d.uid, d.vars, { from: '1', to: 'now' }));
    assert.deepEqual(params.get('var-run_id'), ['run 1&2']);
    assert.deepEqual(params.get('from'), ['1']);
  });
});

describe('the command argument from the Runs view and the log panel', () => {
  test('{ runDir?, runId?, filter? } is taken field by field; nothing else gets through', () => {
    assert.deepEqual(parseRunLinkArgument(undefined), {});
    assert.deepEqual(
      parseRunLinkArgument({ runDir: '/r', filter: { minLevel: 'ERROR', hosts: ['h'], repetitions: [1], text: 'x', from: 1, to: 2, extra: '<script>' } }),
      {
        runDir: '/r',
        runId: undefined,
        filter: {
          minLevel: 'ERROR',
          components: undefined,
          hosts: ['h'],
          workloads: undefined,
          repetitions: [1],
          phases: undefined,
          text: 'x',
          regex: undefined,
          caseSensitive: undefined,
          from: 1,
          to: 2,
        },
      },
    );
  });

  test('wrong shapes are refused with the field that is wrong', () => {
    assert.throws(() => parseRunLinkArgument('run-1'), /the argument must be an object \{ runDir\?, runId\?, filter\? \}/);
    assert.throws(() => parseRunLinkArgument({ runId: 5 }), /runId must be a string/);
    assert.throws(() => parseRunLinkArgument({ runId: 'r', filter: { hosts: 'h' } }), /filter\.hosts must be a list of strings/);
    assert.throws(() => parseRunLinkArgument({ runId: 'r', filter: { minLevel: 'LOUD' } }), /filter\.minLevel must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL/);
    assert.throws(() => parseRunLinkArgument({ runId: 'r', filter: { repetitions: ['1'] } }), /filter\.repetitions must be a list of integers/);
    assert.throws(() => parseRunLinkArgument({ runId: 'r', filter: { from: 'yesterday' } }), /filter\.from must be a number/);
  });
});
