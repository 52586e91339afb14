// Every row of a comparison links to its lines in both runs: the log panel's filter of each row kind (a pattern's
// text, component and level; a task's host, workload and repetition; a level row's component and level; a
// result's host and workload), and the run's Grafana Explore link narrowed the same way, read back as Grafana
// reads it. Hosts and workloads come from the journals, so hostile ones must stay quoted values.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { compareRuns, RunComparison } from '../../core/compare/compareRuns';
import { patternRegex } from '../../core/compare/patternFilter';
import { lokiRunRowQuery } from '../../core/compare/lokiRunRowQuery';
import { compareRowFilter, CompareRowKind } from '../../core/compare/rowFilters';
import { exploreUrl } from '../../core/links/grafanaUrl';
import { parseRunLinkArgument } from '../../core/links/runLinkArgument';
import { runQuery, runTimeRange } from '../../core/links/runLinks';
import { msTime } from '../../core/links/timeRange';
import { LIMITS } from '../../protocol/logPanel';
import { validateCompareMessage } from '../../protocol/compare';
import { decodeExploreUrl, queryStrings } from '../support/grafanaLinks';
import { GROUND_TRUTH_TEMPLATES, TemplateSpec, writePatternRun } from '../support/patternRuns';

const PANEL = { panel: { maxLength: LIMITS.maxSearchLength } };
const HOSTILE_HOST = 'node "2"\\ {x="1"} |= `';
const HOSTILE_WORKLOAD = 'fio|.*';
const TASKS = [
  { host: 'node-1', workload: 'stress_ng', repetition: 1 },
  { host: 'node-1', workload: 'stress_ng', repetition: 2 },
  { host: HOSTILE_HOST, workload: HOSTILE_WORKLOAD, repetition: 1 },
];
const SEGFAULT: TemplateSpec = { pattern: 'Segmentation fault in worker <*> at <*>', level: 'ERROR', component: 'runner', count: 6 };
const GRAFANA = { url: 'http://grafana:3000', orgId: 1, datasourceUid: 'loki' };

/** The Explore link the host opens for row `row` of `kind` in run B: through the command's argument check, as the host's call goes. */
function exploreExpr(c: RunComparison, kind: CompareRowKind, row: number): string {
  const filter = compareRowFilter(c, kind, row, 'line');
  const arg = parseRunLinkArgument(JSON.parse(JSON.stringify({ runDir: c.b.dir, runId: c.b.runId, filter })));
  return decodeExploreUrl(exploreUrl(GRAFANA, runQuery(arg.runId!, arg.filter), runTimeRange(arg.runId!, {}, arg.filter))).expr;
}

describe("a comparison row's lines in the log panels and in Grafana", () => {
  let dir: string;
  let c: RunComparison;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-compare-rows-'));
    const a = writePatternRun(dir, { runId: 'run-a', templates: GROUND_TRUTH_TEMPLATES, tasks: TASKS, seed: 1 });
    const b = writePatternRun(dir, { runId: 'run-b', templates: [...GROUND_TRUTH_TEMPLATES, SEGFAULT], tasks: TASKS, seed: 2 });
    c = await compareRuns(a.runDir, b.runDir);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a pattern row: its text, component and level; in Grafana a line filter and the levels from its own up', () => {
    const row = c.patterns.findIndex((p) => p.pattern === SEGFAULT.pattern);
    assert.deepEqual(compareRowFilter(c, 'pattern', row, PANEL), { minLevel: 'ERROR', components: ['runner'], text: patternRegex(SEGFAULT.pattern), regex: true, caseSensitive: true });
    const expr = exploreExpr(c, 'pattern', row);
    assert.deepEqual(queryStrings(expr), [
      { kind: 'matcher', label: 'run_id', op: '=', value: 'run-b' },
      { kind: 'matcher', label: 'component', op: '=', value: 'runner' },
      { kind: 'line-filter', op: '|~', value: patternRegex(SEGFAULT.pattern, 'line') },
      { kind: 'label-filter', label: 'level', op: '=~', value: 'ERROR|CRITICAL' },
    ]);
  });

  test('a task row: its host, workload and repetition, hostile values quoted', () => {
    const row = c.tasks.findIndex((t) => t.host === HOSTILE_HOST);
    assert.deepEqual(compareRowFilter(c, 'task', row, PANEL), { hosts: [HOSTILE_HOST], workloads: [HOSTILE_WORKLOAD], repetitions: [1] });
    assert.deepEqual(compareRowFilter(c, 'task', row, 'line'), compareRowFilter(c, 'task', row, PANEL));
    assert.deepEqual(queryStrings(exploreExpr(c, 'task', row)), [
      { kind: 'matcher', label: 'run_id', op: '=', value: 'run-b' },
      { kind: 'matcher', label: 'host', op: '=', value: HOSTILE_HOST },
      { kind: 'matcher', label: 'workload', op: '=', value: HOSTILE_WORKLOAD },
      { kind: 'matcher', label: 'repetition', op: '=', value: '1' },
    ]);
    const second = c.tasks.findIndex((t) => t.workload === 'stress_ng' && t.repetition === 2);
    assert.equal(exploreExpr(c, 'task', second), '{run_id="run-b", host="node-1", workload="stress_ng", repetition="2"}');
  });

  test('a level row: its component at its level and above', () => {
    const row = c.levels.findIndex((l) => l.component === 'runner' && l.level === 'WARNING');
    assert.deepEqual(c.levels[row], { component: 'runner', level: 'WARNING', a: 40, b: 40 });
    assert.deepEqual(compareRowFilter(c, 'level', row, PANEL), { minLevel: 'WARNING', components: ['runner'] });
    assert.equal(exploreExpr(c, 'level', row), '{run_id="run-b", component="runner"} | json | level=~"WARNING|ERROR|CRITICAL"');
    const debug = c.levels.findIndex((l) => l.component === 'k6' && l.level === 'DEBUG');
    assert.deepEqual(compareRowFilter(c, 'level', debug, PANEL), { components: ['k6'] });
  });

  test('a result row: its host and workload', () => {
    const row = c.results.findIndex((r) => r.host === HOSTILE_HOST);
    assert.deepEqual(compareRowFilter(c, 'result', row, PANEL), { hosts: [HOSTILE_HOST], workloads: [HOSTILE_WORKLOAD] });
    assert.deepEqual(queryStrings(exploreExpr(c, 'result', row)), [
      { kind: 'matcher', label: 'run_id', op: '=', value: 'run-b' },
      { kind: 'matcher', label: 'host', op: '=', value: HOSTILE_HOST },
      { kind: 'matcher', label: 'workload', op: '=', value: HOSTILE_WORKLOAD },
    ]);
  });

  test('a row the comparison does not have gives no filter', () => {
    for (const kind of ['pattern', 'task', 'level', 'result'] as const) assert.equal(compareRowFilter(c, kind, 10_000, PANEL), undefined);
  });

  test("the webview's row messages: kind and number, both or neither", () => {
    assert.deepEqual(validateCompareMessage({ type: 'openLines', run: 'b', kind: 'task', row: 2 }), { ok: true, message: { type: 'openLines', run: 'b', kind: 'task', row: 2 } });
    assert.deepEqual(validateCompareMessage({ type: 'openGrafana', run: 'a', kind: 'level', row: 0 }), { ok: true, message: { type: 'openGrafana', run: 'a', kind: 'level', row: 0 } });
    assert.deepEqual(validateCompareMessage({ type: 'openLines', run: 'b', kind: 'journal', row: 2 }), { ok: false, error: 'kind: expected one of pattern, task, level, result' });
    assert.deepEqual(validateCompareMessage({ type: 'openGrafana', run: 'a', row: 0 }), { ok: false, error: 'kind: expected one of pattern, task, level, result' });
    assert.deepEqual(validateCompareMessage({ type: 'openGrafana', run: 'a', kind: 'task' }), { ok: false, error: 'row: expected an integer' });
  });
});

describe("a comparison row's lines of a run known only by its query (in Loki)", () => {
  const QUERY = '{namespace="flyte"} |= "exec \\"f6a1\\""';
  const comparison = (patterns: RunComparison['patterns'], levels: RunComparison['levels']): RunComparison => ({
    a: {} as RunComparison['a'],
    b: {} as RunComparison['b'],
    patternsFrom: 'loki',
    normalisation: { by: 'none', a: 0, b: 0, rule: '' },
    patterns,
    levels,
    tasks: [],
    results: [],
  });
  const c = comparison(
    [{ pattern: 'Connection refused to <*> after "<*>" (try <*>)', level: 'WARNING', component: '', a: 0, b: 4, change: 'new' }],
    [{ component: '', level: 'INFO', a: 10, b: 10 }],
  );

  test("a pattern row: the run's query, the pattern as a line filter, Loki's detected levels from the row's up", () => {
    const filter = compareRowFilter(c, 'pattern', 0, 'line')!;
    const query = lokiRunRowQuery(QUERY, filter);
    const range = { from: msTime(Date.UTC(2026, 10, 21, 13)), to: msTime(Date.UTC(2026, 10, 21, 15)) };
    const decoded = decodeExploreUrl(exploreUrl(GRAFANA, query, range));
    assert.equal(decoded.expr, query);
    assert.deepEqual([decoded.from, decoded.to], [range.from, range.to]);
    assert.deepEqual(queryStrings(decoded.expr), [
      { kind: 'matcher', label: 'namespace', op: '=', value: 'flyte' },
      { kind: 'line-filter', op: '|=', value: 'exec "f6a1"' },
      { kind: 'line-filter', op: '|~', value: patternRegex('Connection refused to <*> after "<*>" (try <*>)', 'line') },
      { kind: 'label-filter', label: 'detected_level', op: '=~', value: 'warn|error|critical|fatal' },
    ]);
  });

  test("a level row: the run's query from that level up (Loki's unknown counted as INFO, as the comparison does)", () => {
    assert.equal(lokiRunRowQuery(QUERY, compareRowFilter(c, 'level', 0, 'line')!), `${QUERY} | detected_level=~"info|unknown|warn|error|critical|fatal"`);
  });

  test("a query the row's text cannot extend is refused with Loki's reason, not sent", () => {
    assert.throws(() => lokiRunRowQuery('sum(rate({a="b"}[1m]))', { text: 'x' }), /is not valid LogQL/);
  });
});
