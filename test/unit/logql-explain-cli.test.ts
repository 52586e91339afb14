// `lb-obs logql explain` and `lb-obs logql check --fixes` without a Loki: the built CLI as a child process,
// exact output and exit codes; every query a fix leaves passes `logql check`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runLbObsSync } from '../support/lbObsCli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-logql-explain-'));
const lbObs = (...args: string[]) => runLbObsSync(args, { cwd: dir, env: { ...process.env, LB_OBS_LOKI_URL: '' } });

test('explain prints each step in plain words, in the order Loki runs them', () => {
  const r = lbObs('logql', 'explain', '--query', 'rate({component="runner", host=~"node-.*"} != "debug" | logfmt | duration > 2s [1m])');
  assert.deepEqual(r, {
    code: 0,
    stderr: '',
    stdout: [
      '1. {component="runner", host=~"node-.*"}',
      '   Picks the streams whose labels satisfy all of: component equals runner, host matches the regex node-.*.',
      '2. != "debug"',
      '   Drops lines that contain the string. Here: "debug".',
      '3. | logfmt',
      '   Extracts key=value pairs as labels. Flags: --strict stops at malformed pairs, --keep-empty keeps empty values. Lines it cannot parse get an __error__ label.',
      '4. | duration > 2s',
      '   Keeps the lines whose labels satisfy duration > 2s.',
      '5. rate(... [1m])',
      '   Log lines per second in each range window; with unwrap, the per-second rate of the summed values. The window is 1 minute, evaluated at every step of the graph.',
      '',
    ].join('\n'),
  });
});

test('explain refuses an invalid query with the validator\'s message (exit 1) and a missing --query (exit 2)', () => {
  const bad = lbObs('logql', 'explain', '--query', '{app="api"} |= ');
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^lb-obs logql explain: the query is not valid LogQL: .* \(at character \d+\)\n$/);
  const usage = lbObs('logql', 'explain');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^lb-obs logql explain: give the query with --query\nUsage: /);
});

test('check --fixes lists each hint with the query it leaves, and each of those queries passes check', () => {
  const r = lbObs('logql', 'check', '--fixes', '--query', '{app="api"} |~ "timeout" | json | job="nightly"');
  assert.equal(r.code, 0);
  assert.equal(
    r.stdout,
    [
      '<query>:1:1: fix: Use |= "timeout": the pattern has no regex characters, and a plain string match is faster',
      '    {app="api"} |= "timeout" | json | job="nightly"',
      '<query>:1:1: fix: Add |= "nightly" before | json: only lines containing "nightly" can have job="nightly", and filtering them first spares parsing the others',
      '    {app="api"} |~ "timeout" |= "nightly" | json | job="nightly"',
      '<query>:1:1: fix: Wrap in count_over_time(... [5m]): lines per stream in each 5m window, for a metric panel',
      '    count_over_time({app="api"} |~ "timeout" | json | job="nightly" [5m])',
      '<query>:1:1: fix: Wrap in rate(... [5m]): lines per second per stream, for a metric panel',
      '    rate({app="api"} |~ "timeout" | json | job="nightly" [5m])',
      '<query>:1:1: fix: Wrap in sum by (level) (count_over_time(... [5m])): lines per level, for a metric panel',
      '    sum by (level) (count_over_time({app="api"} |~ "timeout" | json | job="nightly" [5m]))',
      '',
    ].join('\n'),
  );
  const edited = r.stdout.split('\n').filter((l) => l.startsWith('    ')).map((l) => l.slice(4));
  for (const query of edited) assert.deepEqual(lbObs('logql', 'check', '--query', query), { code: 0, stdout: '', stderr: '' }, query);
});

test('check --fixes in a file names where each query starts; --fixes with JSON output or --loki without --fixes are usage errors', () => {
  fs.writeFileSync(path.join(dir, 'q.logql'), '# errors of a run\n{run_id="run-1"} | json | level="ERROR"\n\n{app="api"} | logfmt | level="error"\n');
  const r = lbObs('logql', 'check', '--fixes', 'q.logql');
  assert.equal(r.code, 0);
  const heads = r.stdout.split('\n').filter((l) => !l.startsWith('    ') && l);
  assert.ok(heads.includes('q.logql:2:1: fix: Filter the setup phase (lb\'s tags.phase): | tags_phase="setup"'), r.stdout);
  assert.ok(heads.includes('q.logql:4:1: fix: Add |= "error" before | logfmt: only lines containing "error" can have level="error", and filtering them first spares parsing the others'), r.stdout);
  assert.equal(lbObs('logql', 'check', '--fixes', '--format', 'json', 'q.logql').code, 2);
  assert.equal(lbObs('logql', 'check', '--loki', 'http://localhost:3100', 'q.logql').code, 2);
});
