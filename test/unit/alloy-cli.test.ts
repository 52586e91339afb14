// `lb-obs alloy check` and `lb-obs validate` on Alloy configurations: the built CLI as a child process, exact
// output and exit codes (the diagnostics are those of the language server).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { runLbObsSync } from '../support/lbObsCli';
import { FIXTURES } from '../support/paths';

const lbObs = (...args: string[]) => runLbObsSync(args, { cwd: path.join(FIXTURES, 'alloy') });
const REGEX = "stage.regex expression: invalid regex (RE2 syntax, Go's regexp as Alloy compiles it): invalid or unsupported Perl syntax `(?=`; lookahead assertions are not supported by RE2 [alloy/regex]";
const LABEL =
  'label `execution_date` takes a date or time as its value: each distinct value creates a new Loki stream (stream explosion: rate limits, tiny chunks, slow queries). Keep it as structured metadata, which LogQL still filters on [alloy/unbounded-label]';

test('alloy check: the seed pipeline in a .alloy file and in a HelmRelease, exit 1', () => {
  const r = lbObs('alloy', 'check', 'airflow-seed.alloy', 'airflow-helmrelease.yaml');
  assert.equal(r.stderr, '');
  assert.equal(
    r.stdout,
    [
      `airflow-seed.alloy:22:97: error: ${REGEX}`,
      `airflow-seed.alloy:28:9: warning: ${LABEL}`,
      `airflow-helmrelease.yaml:32:107: error: ${REGEX}`,
      `airflow-helmrelease.yaml:38:19: warning: ${LABEL}`,
      '',
    ].join('\n'),
  );
  assert.equal(r.code, 1);
});

test('validate covers embedded Alloy with the same diagnostics', () => {
  const r = lbObs('validate', 'configmap.yaml');
  assert.deepEqual(r, {
    code: 1,
    stdout:
      'configmap.yaml:11:25: warning: target_label `bad-label` is not a valid Loki label name ([a-zA-Z_][a-zA-Z0-9_]*): LogQL cannot select it [alloy/label-name]\n' +
      'configmap.yaml:14:5: error: unknown component `loki.wrte`; did you mean `loki.write`? [alloy/unknown-component]\n',
    stderr: '',
  });
});

test('a file without Alloy is refused with exit 2, and a clean snippet config exits 0', () => {
  const r = lbObs('alloy', 'check', path.join(FIXTURES, '..', '..', 'package.json'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /package\.json: is JSON, not an Alloy configuration\n$/);
  assert.deepEqual(lbObs('alloy', 'check', 'lb-jsonl.alloy'), { code: 0, stdout: '', stderr: '' });
});

test('usage errors exit 2', () => {
  const r = lbObs('alloy', 'frobnicate');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^lb-obs alloy: unknown sub-command "frobnicate"/);
});
