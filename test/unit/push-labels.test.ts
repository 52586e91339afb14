// Stream labels as lb's own Loki handler builds them, Loki's label rules, and timestamps with full precision.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIsoTimestampString } from '../../core/logs/timestamp';
import { lbStaticLabels } from '../../core/push/lbStaticLabels';
import { DEFAULT_PUSH_LIMITS } from '../../core/push/limits';
import { lineEntry } from '../../core/push/lineEntry';
import { labelsKey, lbLabelValues, staticLabelProblems, streamLabels, streamLabelsProblem } from '../../core/push/streamLabels';
import { isoToNs } from '../../core/push/timestampNs';

const record = {
  timestamp: '2026-11-21T13:56:39.603580Z',
  level: 'INFO',
  component: 'runner',
  host: 'node-1',
  run_id: 'run-20261121-135600',
  logger: 'lb_runner.engine.runner',
  message: 'Starting repetition 2',
  event_type: 'log',
  workload: 'stress_ng',
  package: 'lb_runner',
  plugin: 'stress_ng',
  scenario: 'cpu-heavy',
  repetition: 2,
  tags: { phase: 'setup', other: 'x' },
};

describe('lb labels of a record', () => {
  test('every lb label, in lb order, from the record fields and tags.phase', () => {
    assert.deepEqual(streamLabels(lbLabelValues(record), {}), {
      component: 'runner',
      host: 'node-1',
      run_id: 'run-20261121-135600',
      workload: 'stress_ng',
      package: 'lb_runner',
      plugin: 'stress_ng',
      scenario: 'cpu-heavy',
      repetition: '2',
      phase: 'setup',
    });
  });

  test('unset, empty or null fields give no label; repetition 0 is a label (lb tests it against None)', () => {
    const labels = streamLabels(
      lbLabelValues({ ...record, workload: '', package: null, plugin: undefined, scenario: 3, repetition: 0, tags: { phase: '' } }),
      {},
    );
    assert.deepEqual(labels, { component: 'runner', host: 'node-1', run_id: 'run-20261121-135600', repetition: '0' });
  });

  test('static labels are added and override lb labels of the same name', () => {
    const labels = streamLabels(lbLabelValues(record), { env: 'lab', host: 'renamed' });
    assert.equal(labels.host, 'renamed');
    assert.equal(labels.env, 'lab');
    assert.equal(Object.keys(labels).length, 10);
  });

  test('the label key ignores the order of names', () => {
    assert.equal(labelsKey({ a: '1', b: '2' }), labelsKey({ b: '2', a: '1' }));
    assert.notEqual(labelsKey({ a: '1', b: '2' }), labelsKey({ a: '1', b: '3' }));
  });
});

describe("Loki's label rules", () => {
  test('invalid static labels are each explained', () => {
    assert.deepEqual(staticLabelProblems({ 'team-name': 'perf', __meta: 'x', '9lives': 'y', empty: '', ok_label: 'fine' }, DEFAULT_PUSH_LIMITS), [
      'invalid static label name "team-name": use letters, digits and "_", not starting with a digit',
      'invalid static label name "__meta": names starting with "__" are reserved by Loki',
      'invalid static label name "9lives": use letters, digits and "_", not starting with a digit',
      'static label "empty" has an empty value (Loki treats it as no label)',
    ]);
  });

  test('a value over 2048 bytes is refused', () => {
    assert.deepEqual(staticLabelProblems({ note: 'é'.repeat(1025) }, DEFAULT_PUSH_LIMITS), [
      'static label "note": its value is 2050 bytes long; Loki allows at most 2048',
    ]);
  });

  test('a stream with 16 label names is refused, 15 are fine', () => {
    const fifteen: Record<string, string> = {};
    for (let i = 0; i < 15; i++) fifteen[`l${i}`] = 'v';
    assert.equal(streamLabelsProblem(fifteen, DEFAULT_PUSH_LIMITS), undefined);
    const problem = streamLabelsProblem({ ...fifteen, l15: 'v' }, DEFAULT_PUSH_LIMITS);
    assert.match(problem!, /^the stream has 16 label names \(l0, .*, l15\); Loki accepts at most 15 \(limits_config\.max_label_names_per_series\)$/);
  });
});

describe('timestamps as nanoseconds', () => {
  test('microseconds, nanoseconds, no fraction, a comma, and a zone offset keep full precision', () => {
    assert.equal(isoToNs('2026-11-21T13:56:39.603580Z'), '1795269399603580000');
    assert.equal(isoToNs('2026-11-21T13:56:39.603580123Z'), '1795269399603580123');
    assert.equal(isoToNs('2026-11-21T13:56:39.6035801239Z'), '1795269399603580123');
    assert.equal(isoToNs('2026-11-21T13:56:39Z'), '1795269399000000000');
    assert.equal(isoToNs('2026-11-21T13:56:39,5Z'), '1795269399500000000');
    assert.equal(isoToNs('2026-11-21T15:56:39.000001+02:00'), '1795269399000001000');
  });

  test("lb's own form takes a fast path that gives the same nanoseconds as reading every digit", () => {
    for (let i = 0; i < 20000; i++) {
      const ms = Date.UTC(2020, 0, 1) + Math.floor(Math.random() * 10 * 365 * 86_400_000);
      const text = `${new Date(ms).toISOString().slice(0, 23)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}Z`;
      assert.equal(isoToNs(text, parseIsoTimestampString(text)), isoToNs(text), text);
    }
  });

  test('what is not a timestamp gives undefined', () => {
    for (const text of ['yesterday at noon', '2026-13-01T00:00:00Z', '2026-11-21T13:56:39.Z', '']) assert.equal(isoToNs(text), undefined, text);
  });

  test('a line keeps its text byte for byte, without a byte order mark or carriage return handed over', () => {
    const line = JSON.stringify({ ...record, message: 'Tâche terminée ✓ "quoted" \\ back' });
    const entry = lineEntry(Buffer.from(`\ufeff${line}`));
    assert.ok(typeof entry !== 'string');
    assert.equal(entry.line, line);
    assert.equal(entry.bytes, Buffer.byteLength(line));
    assert.equal(entry.ns, '1795269399603580000');
  });

  test('a malformed line gives the log engine reason', () => {
    assert.equal(lineEntry(Buffer.from('{"timestamp": "2026-11-21T13:56:39Z"}')), 'missing required fields: level, component, host, run_id, logger, message');
    assert.match(lineEntry(Buffer.from('{"oops'))! as string, /^invalid JSON/);
  });
});

describe("lb's own static labels", () => {
  const files: Record<string, string> = {
    '/home/u/.config/lb/platform.json': '{"loki": {"enabled": true, "labels": {"env": "lab", "team": "perf"}}}',
    '/work/benchmark_config.json': '{\n  // the run config\n  "loki": {"labels": {"env": "from-run-config"}},\n}',
  };
  const input = (env: NodeJS.ProcessEnv, present: string[]) => ({
    env,
    homeDir: '/home/u',
    cwd: '/work',
    readFile: (f: string) => (present.includes(f) ? files[f] : undefined),
  });

  test("platform.json's loki block replaces the run config's; LB_LOKI_LABELS is the base the config overrides", () => {
    assert.deepEqual(lbStaticLabels(input({ LB_LOKI_LABELS: 'env=x, site = rome' }, Object.keys(files))), {
      labels: { env: 'lab', site: 'rome', team: 'perf' },
      sources: ['LB_LOKI_LABELS', '/home/u/.config/lb/platform.json'],
    });
  });

  test('without a platform loki block, the run config (JSON with comments) gives them', () => {
    assert.deepEqual(lbStaticLabels(input({}, ['/work/benchmark_config.json'])), { labels: { env: 'from-run-config' }, sources: ['/work/benchmark_config.json'] });
    assert.deepEqual(lbStaticLabels(input({}, [])), { labels: {}, sources: [] });
  });

  test('XDG_CONFIG_HOME moves the platform config', () => {
    const r = lbStaticLabels({ env: { XDG_CONFIG_HOME: '/xdg' }, homeDir: '/home/u', readFile: (f) => (f === '/xdg/lb/platform.json' ? '{"loki": {"labels": {"a": "1"}}}' : undefined) });
    assert.deepEqual(r, { labels: { a: '1' }, sources: ['/xdg/lb/platform.json'] });
  });
});
