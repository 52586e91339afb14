// `lb-obs alloy test`: the built CLI as a child process, as scripts use it; exact JSON lines, messages and exit
// codes (0 ran, 1 Alloy would refuse the pipeline, 2 usage or I/O error).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runLbObsSync } from '../support/lbObsCli';
import { REPO_ROOT } from '../support/paths';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'alloy-pipeline');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-alloy-test-'));
const lbObs = (...args: string[]) => runLbObsSync(['alloy', 'test', ...args], { cwd: dir });

function write(name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

test('the Airflow pipeline of a HelmRelease: one JSON object per line, with labels, metadata and timestamp', () => {
  const r = lbObs(path.join(FIXTURES, 'helmrelease.yaml'), '--lines', path.join(FIXTURES, 'airflow-task.log'), '--label', 'namespace=airflow');
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  const [first, second] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(first.labels, { namespace: 'airflow', dag_id: 'hello_world', task_id: 'say_hello', level: 'INFO' });
  assert.deepEqual(first.structured_metadata, { execution_date: '2024-01-01T00:00:00+00:00' });
  assert.equal(first.timestamp, '2024-01-01T00:00:00Z');
  assert.equal(first.dropped, false);
  assert.deepEqual(second.labels, { namespace: 'airflow', level: 'WARNING' });
  assert.equal(second.timestamp, '2024-01-01T00:00:01.25Z');
  assert.equal(second.line, second.input);
});

test('a dropped line says which stage dropped it and why; lines outside the match pass untouched', () => {
  const config = write(
    'drop.alloy',
    'loki.process "x" {\n  forward_to = []\n  stage.drop {\n    expression          = "healthz"\n    drop_counter_reason = "probes"\n  }\n}\n',
  );
  const lines = write('lines.txt', 'GET /healthz\r\nGET /users\n');
  const r = lbObs(config, '--lines', lines);
  assert.equal(r.code, 0);
  assert.deepEqual(
    r.stdout.trim().split('\n').map((l) => JSON.parse(l)),
    [
      { input: 'GET /healthz', dropped: true, dropped_by: 'stage.drop (line 3)', drop_reason: 'probes' },
      { input: 'GET /users', dropped: false, line: 'GET /users', labels: {}, structured_metadata: {}, timestamp: JSON.parse(r.stdout.trim().split('\n')[1]).timestamp, extracted: {} },
    ],
  );
});

test('stages that are not simulated are named on every line and on stderr', () => {
  const config = write('geoip.alloy', 'loki.process "x" {\n  forward_to = []\n  stage.geoip {\n    source = "ip"\n    db = "/x.mmdb"\n  }\n}\n');
  const r = lbObs(config, '--lines', write('one.txt', 'x\n'));
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout).not_simulated, ['stage.geoip (line 3)']);
  assert.equal(r.stderr, 'lb-obs alloy test: not simulated (entries pass unchanged): stage.geoip (line 3)\n');
});

test('a pipeline Alloy would refuse exits 1 with the stage, its position and Alloy\'s message', () => {
  const config = write('bad.alloy', 'loki.process "x" {\n  forward_to = []\n  stage.regex { expression = "(?<=a)b" }\n}\n');
  const r = lbObs(config, '--lines', write('one.txt', 'x\n'));
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    'lb-obs alloy test: bad.alloy:3:3: loki.process "x": stage.regex (line 3): could not compile regular expression: error parsing regexp: invalid named capture: `(?<=a)b`\n',
  );
});

test('usage errors exit 2', () => {
  const config = write('ok.alloy', 'loki.process "x" {\n  forward_to = []\n}\n');
  assert.deepEqual(lbObs(config), { code: 2, stdout: '', stderr: 'lb-obs alloy test: --lines FILE is required (the sample log lines, one per line)\n' });
  const bad = lbObs(config, '--lines', write('l.txt', 'x\n'), '--label', 'novalue');
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'lb-obs alloy test: --label expects name=value, got "novalue"\n');
  const missing = lbObs(config, '--lines', 'nope.txt');
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'lb-obs alloy test: cannot read nope.txt: ENOENT\n');
});
