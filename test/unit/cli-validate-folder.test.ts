// `lb-obs validate <folder>`: every recognised file under the folder checked as one workspace (a query knows the
// labels an Alloy pipeline elsewhere in the folder produces), the built CLI as a child process, exact output.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyHomeEnv } from '../support/emptyHome';
import { runLbObsSync } from '../support/lbObsCli';
import { REPO_ROOT } from '../support/paths';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'validate-folder');
const home = emptyHomeEnv();
const env = { ...process.env, ...home, LB_OBS_LOKI_URL: '' };

const lbObs = (cwd: string, ...args: string[]) => runLbObsSync(args, { cwd, env });

const METADATA_WARNING =
  'warning: `logical_date` reaches Loki as structured metadata (stage.structured_metadata in loki.process "airflow"), not as a stream label: a stream selector cannot match it, so this selects no stream; filter it after the selector: `| logical_date="2026-11-21"` [logql/structured-metadata-in-selector]';
const TYPO_WARNING =
  'warning: no label source produces `dagid` (labels here come from lb (benchmark_config.json), Alloy (airflow.alloy), Kubernetes discovery (airflow.alloy)): the selector matches no stream; did you mean `dag_id`? [logql/unknown-label]';

/** A copy of the fixture workspace to add hostile entries to. */
function workspaceCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-validate-folder-'));
  fs.cpSync(FIXTURE, path.join(dir, 'ws'), { recursive: true });
  return dir;
}

test("a folder: the label warnings of queries against the labels its pipeline produces, nothing else", () => {
  const r = lbObs(path.dirname(FIXTURE), 'validate', 'validate-folder');
  assert.deepEqual(r, {
    code: 1,
    stdout: `validate-folder/dashboards/airflow.json:8:58: ${METADATA_WARNING}\nvalidate-folder/queries/typo.logql:1:57: ${TYPO_WARNING}\n`,
    stderr: '',
  });
});

test('--format json lists every recognised file, in path order; unknown JSON and other files are not', () => {
  const r = lbObs(FIXTURE, 'validate', '--format', 'json', '.');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  const results = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Array<{ code: string; range: unknown }> }>;
  assert.deepEqual(
    results.map((f) => [f.file, f.diagnostics.map((d) => d.code)]),
    [
      ['benchmark_config.json', []],
      ['collector/airflow.alloy', []],
      ['dashboards/airflow.json', ['logql/structured-metadata-in-selector']],
      ['queries/errors.logql', []],
      ['queries/typo.logql', ['logql/unknown-label']],
    ],
  );
  assert.deepEqual(results[4].diagnostics[0].range, { start: { line: 0, character: 56 }, end: { line: 0, character: 61 } });
});

test('files and folders mixed are one workspace; a file named twice is checked once', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-validate-mixed-'));
  fs.writeFileSync(path.join(dir, 'extra.logql'), '{namespace="airflow", dag_id="etl", taskid="load"}\n');
  const alone = lbObs(dir, 'validate', 'extra.logql');
  assert.deepEqual(alone, { code: 0, stdout: '', stderr: '' }, 'alone, nothing tells which labels exist');
  const mixed = lbObs(dir, 'validate', 'extra.logql', FIXTURE, path.join(FIXTURE, 'queries', 'typo.logql'));
  assert.equal(mixed.code, 1);
  assert.equal(mixed.stderr, '');
  const extraWarning = TYPO_WARNING.replace('`dagid`', '`taskid`').replace('`dag_id`', '`task_id`');
  assert.deepEqual(mixed.stdout.split('\n'), [
    `extra.logql:1:37: ${extraWarning}`,
    `${FIXTURE}/dashboards/airflow.json:8:58: ${METADATA_WARNING}`,
    `${FIXTURE}/queries/typo.logql:1:57: ${TYPO_WARNING}`,
    '',
  ]);
});

test('unreadable entries are reported with their path (exit 2), large files skipped with a note, .git and node_modules not entered', () => {
  const dir = workspaceCopy();
  const ws = path.join(dir, 'ws');
  fs.symlinkSync(path.join(ws, 'missing.logql'), path.join(ws, 'queries', 'dangling.logql'));
  fs.symlinkSync(ws, path.join(ws, 'loop'));
  for (const skipped of ['.git', 'node_modules/some-package']) {
    fs.mkdirSync(path.join(ws, skipped), { recursive: true });
    fs.writeFileSync(path.join(ws, skipped, 'broken.logql'), '{broken\n');
  }
  const big = path.join(ws, 'dashboards', 'big.json');
  fs.writeFileSync(big, '{}');
  fs.truncateSync(big, 40 * 1024 * 1024);
  const r = lbObs(dir, 'validate', 'ws');
  assert.equal(r.code, 2);
  assert.equal(r.stdout, `ws/dashboards/airflow.json:8:58: ${METADATA_WARNING}\nws/queries/typo.logql:1:57: ${TYPO_WARNING}\n`);
  assert.equal(
    r.stderr,
    'lb-obs validate: skipped ws/dashboards/big.json: it is 40.0 MB; lb-obs checks files of at most 32.0 MB\n' +
      'lb-obs validate: skipped ws/queries/dangling.logql: cannot read it: ENOENT\n',
  );
  fs.rmSync(path.join(ws, 'queries', 'dangling.logql'));
  assert.equal(lbObs(dir, 'validate', 'ws').code, 1, 'a large file alone is no I/O error');
});

test('a folder of many files reports its progress on stderr', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-validate-many-'));
  for (let i = 0; i < 401; i++) fs.writeFileSync(path.join(dir, `q${String(i).padStart(3, '0')}.logql`), '{app="a"}\n');
  const r = lbObs(dir, 'validate', '.');
  assert.deepEqual(r, {
    code: 0,
    stdout: '',
    stderr: 'lb-obs validate: 200 of 401 files checked\nlb-obs validate: 400 of 401 files checked\nlb-obs validate: 401 of 401 files checked\n',
  });
});

test('an empty folder checks nothing and succeeds', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-validate-empty-'));
  assert.deepEqual(lbObs(dir, 'validate', '--format', 'json', '.'), { code: 0, stdout: '[]\n', stderr: '' });
});
