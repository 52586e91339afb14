// `lb-obs validate` as CI scripts use it: the built CLI as a child process, exact output and exit codes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyHomeEnv } from '../support/emptyHome';
import { runLbObsSync } from '../support/lbObsCli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-cli-'));
const home = emptyHomeEnv();

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const lbObs = (...args: string[]) => runLbObsSync(args, { cwd: dir, env: { ...process.env, ...home } });

test('a typo exits 1 with a warning on the key that names the right key', () => {
  write('typo/benchmark_config.json', '{\n  "repetiton": 3\n}\n');
  const r = lbObs('validate', 'typo/benchmark_config.json');
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'typo/benchmark_config.json:2:3: warning: Unknown key "repetiton": lb ignores it, so it has no effect. Did you mean "repetitions"? [unknown-key]\n');
  assert.equal(r.stderr, '');
});

test('a valid config exits 0 and prints nothing in text mode', () => {
  write('ok/benchmark_config.json', '{\n  "repetitions": 2,\n  "workloads": {"cpu": {"plugin": "stress_ng", "options": {"cpu_workers": 2}}}\n}\n');
  const r = lbObs('validate', 'ok/benchmark_config.json');
  assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
});

test('JSON output follows the contract with LSP ranges', () => {
  const r = lbObs('validate', '--format', 'json', 'typo/benchmark_config.json', 'ok/benchmark_config.json');
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout), [
    {
      file: 'typo/benchmark_config.json',
      diagnostics: [
        {
          severity: 'warning',
          message: 'Unknown key "repetiton": lb ignores it, so it has no effect. Did you mean "repetitions"?',
          code: 'unknown-key',
          range: { start: { line: 1, character: 2 }, end: { line: 1, character: 13 } },
        },
      ],
    },
    { file: 'ok/benchmark_config.json', diagnostics: [] },
  ]);
});

test('information diagnostics are printed but are not problems', () => {
  fs.mkdirSync(path.join(home.XDG_CONFIG_HOME, 'lb'), { recursive: true });
  fs.writeFileSync(path.join(home.XDG_CONFIG_HOME, 'lb', 'platform.json'), '{"output_dir": "/data"}');
  try {
    write('override/benchmark_config.json', '{"output_dir": "./results"}');
    const r = lbObs('validate', 'override/benchmark_config.json');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^override\/benchmark_config\.json:1:2: information: \$XDG_CONFIG_HOME\/lb\/platform\.json sets "output_dir" to "\/data"/);
  } finally {
    fs.rmSync(home.XDG_CONFIG_HOME, { recursive: true });
  }
});

test('a syntax error exits 1 with an error', () => {
  write('broken/benchmark_config.json', '{"repetitions": 3,}');
  const r = lbObs('validate', 'broken/benchmark_config.json');
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'broken/benchmark_config.json:1:19: error: Trailing comma: lb reads configs as strict JSON, remove the last "," [json-syntax]\n');
});

test('a missing file is an I/O error: exit 2 with a message on stderr', () => {
  const r = lbObs('validate', 'nope.json');
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'lb-obs validate: cannot read nope.json: ENOENT\n');
});

test('usage errors exit 2', () => {
  assert.equal(lbObs('validate').code, 2);
  assert.equal(lbObs('validate', '--format', 'xml', 'x.json').code, 2);
  assert.match(lbObs('validate', '--bogus', 'x.json').stderr, /^lb-obs validate: Unknown option '--bogus'/);
  assert.equal(lbObs('no-such-command').code, 2);
});

test('a file that is not recognised is reported on stderr and not counted as a problem', () => {
  write('other.json', '{"name": "x"}');
  const r = lbObs('validate', 'other.json');
  assert.equal(r.code, 0);
  assert.equal(r.stderr, 'lb-obs validate: other.json: not recognised as an lb config, Grafana file or LogQL; nothing checked\n');
});

test('trailing commas are named as such, and absurdly deep nesting is a warning at the limit, not a crash', () => {
  write('comma/benchmark_config.json', '{\n  "repetitions": 2,\n}\n');
  const comma = lbObs('validate', 'comma/benchmark_config.json');
  assert.equal(comma.code, 1);
  assert.equal(comma.stdout, 'comma/benchmark_config.json:3:1: error: Trailing comma: lb reads configs as strict JSON, remove the last "," [json-syntax]\n');
  write('deep/benchmark_config.json', `{"workloads": ${'['.repeat(200_000)}`);
  const deep = lbObs('validate', 'deep/benchmark_config.json');
  assert.equal(deep.code, 1);
  assert.equal(deep.stdout, 'deep/benchmark_config.json:1:1014: warning: Nested more than 1,000 levels deep: lb-obs does not check a file this deep [json-too-deep]\n');
  assert.equal(deep.stderr, '');
});
