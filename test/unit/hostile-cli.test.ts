// `lb-obs` on hostile and huge input (issue 13): bounded time and memory, messages that quote user text
// shortened, no stack trace and no raw control character in any output, no link with invalid LogQL, files that
// are not files refused. Every CLI run here goes through `run`, which checks the outputs for both.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { emptyHomeEnv } from '../support/emptyHome';
import { CLI_JS } from '../support/paths';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-hostile-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, ...emptyHomeEnv(), LB_OBS_GRAFANA_URL: '', LB_OBS_DATASOURCE_UID: '', LB_OBS_GRAFANA_TOKEN: '' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The heap the CLI may use: past it Node aborts, and the test fails. */
const HEAP_MB = 500;
const FRAME = /^\s+at \S.*(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

function assertClean(r: Run): Run {
  for (const [name, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
    assert.doesNotMatch(text, FRAME, `no stack frame in ${name}: ${text.slice(0, 2000)}`);
    assert.doesNotMatch(text, RAW_CONTROL, `no raw control character in ${name}`);
    assert.doesNotMatch(text, /RangeError|Maximum call stack|heap out of memory/, `no engine error in ${name}`);
  }
  assert.notEqual(r.code, null, 'the CLI exits by itself, not by a signal');
  return r;
}

function lbObs(...args: string[]): Run {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, CLI_JS, ...args], { cwd: dir, env, encoding: 'utf8' });
  return assertClean({ code: r.status, stdout: r.stdout, stderr: r.stderr });
}

/** The same, without blocking this process's event loop (the test serves HTTP meanwhile). */
function lbObsAsync(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_JS, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('error', reject);
    child.on('close', (code) => resolve(assertClean({ code, stdout, stderr })));
  });
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return name;
}

test('a 2 MB unknown key in lb/platform.json: one warning under 1 KB, within the heap limit', () => {
  const key = 'k'.repeat(2_000_000);
  const file = write('lb/platform.json', JSON.stringify({ [key]: 1 }));
  const r = lbObs('validate', file);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  assert.equal(
    r.stdout,
    `lb/platform.json:1:2: warning: Unknown key "${'k'.repeat(60)}… (2,000,000 characters)": lb ignores it, so it has no effect. ` +
      'Known keys: $schema, plugins, output_dir, report_dir, data_export_dir, loki, grafana. [unknown-key]\n',
  );
  assert.ok(Buffer.byteLength(r.stdout) < 1024);
});

test('a long unknown LogQL function name: the message quotes it shortened', () => {
  const name = 'x'.repeat(100_000);
  const r = lbObs('logql', 'check', '--query', `sum(${name}({app="a"}[5m]))`);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  const unknown = lines.find((l) => l.includes('[logql/unknown-function]'));
  assert.ok(unknown, r.stdout.slice(0, 500));
  assert.ok(unknown.startsWith(`<query>:1:5: error: unknown function \`${'x'.repeat(60)}… (100,000 characters)\`. LogQL has the range functions`));
  assert.ok(lines.every((l) => Buffer.byteLength(l) < 1024), 'every message under 1 KB');
});

test('link run --regex with an invalid RE2 pattern: exit 2 and why, never a link', () => {
  const cases: Array<[string, string]> = [
    ['a\\', 'trailing backslash at end of expression'],
    ['(', 'missing closing )'],
    ['(?=x)', 'lookahead assertions are not supported by RE2'],
    ['a**', 'invalid nested repetition operator `**`'],
  ];
  for (const [pattern, why] of cases) {
    const r = lbObs('link', 'run', '--run-id', 'run-1', '--grep', pattern, '--regex', '--datasource-uid', 'loki1');
    assert.equal(r.code, 2, pattern);
    assert.equal(r.stdout, '', pattern);
    assert.match(r.stderr, /^lb-obs link run: the query \{run_id="run-1"\} \|~ .* is not valid LogQL: line 1, column \d+: invalid regex for Loki \(RE2 syntax\): /, pattern);
    assert.ok(r.stderr.includes(why), `${pattern}: ${r.stderr}`);
  }
  const ok = lbObs('link', 'run', '--run-id', 'run-1', '--grep', 'a.*b', '--regex', '--datasource-uid', 'loki1');
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /^http:\/\/localhost:3000\/explore\?/);
});

const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const dashboard = (extra: string) => `{"panels": [{"datasource": {"type": "loki", "uid": "l"}, "targets": [{"expr": "{app=\\"a\\"}"}]}], "x": ${extra}}`;
const TOO_DEEP = 'warning: Nested more than 1,000 levels deep: lb-obs does not check a file this deep [json-too-deep]';

test('a 5,000-deep array in a dashboard: validate and logql check say so, no stack trace', () => {
  const file = write('deep/dashboard.json', dashboard(deepArray(5000)));
  // The dashboard object is level 1: the 1,000th bracket of `x` opens level 1,001.
  const at = dashboard('').length - 1 + 999;
  const expected = `deep/dashboard.json:1:${at + 1}: ${TOO_DEEP}\n`;
  assert.deepEqual(lbObs('validate', file), { code: 1, stdout: expected, stderr: '' });
  assert.deepEqual(lbObs('logql', 'check', file), { code: 1, stdout: expected, stderr: '' });
});

test('a dashboard just within the depth limit is checked as usual', () => {
  // The dashboard object is level 1 and the `x` array opens level 2: 999 arrays reach level 1000.
  const file = write('deep/within.json', dashboard(deepArray(999)).replace('{app=\\"a\\"}', '{app=\\"a\\"} |= '));
  const r = lbObs('validate', file);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^deep\/within\.json:1:\d+: error: .*\[logql\/[\w-]+\]\n$/);
});

test('a 50,000-deep object: validate warns, logql check refuses a JSON file that is not a dashboard', () => {
  const deep = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
  const config = write('deep/benchmark_config.json', deep);
  const v = lbObs('validate', config);
  assert.deepEqual(v, { code: 1, stdout: `deep/benchmark_config.json:1:5001: ${TOO_DEEP}\n`, stderr: '' });
  const other = write('deep/other.json', deep);
  const l = lbObs('logql', 'check', other);
  assert.deepEqual(l, { code: 2, stdout: '', stderr: 'lb-obs logql check: deep/other.json: not a Grafana dashboard or rules file, so it holds no LogQL to check\n' });
});

test('logql check on JSON and YAML without queries: a clear refusal, other files still checked', () => {
  const json = write('plain/settings.json', '{"hello": "world", "n": [1, 2, 3]}\n');
  const yaml = write('plain/values.yaml', 'replicas: 3\nimage: loki\n');
  const logql = write('plain/ok.logql', '{app="a"} |= "x"\n');
  const r = lbObs('logql', 'check', json, yaml, logql);
  assert.deepEqual(r, {
    code: 2,
    stdout: '',
    stderr:
      'lb-obs logql check: plain/settings.json: not a Grafana dashboard or rules file, so it holds no LogQL to check\n' +
      'lb-obs logql check: plain/values.yaml: not a Grafana provisioning or Loki rules file, so it holds no LogQL to check\n',
  });
});

test('validate reports JSON syntax errors in a dashboard: Grafana refuses to load it', () => {
  const file = write('broken/dashboard.json', '{\n  "panels": [],\n  // note\n  "title": "t",\n}\n');
  const r = lbObs('validate', file);
  assert.deepEqual(r, {
    code: 1,
    stdout:
      'broken/dashboard.json:3:3: error: Comments are not allowed: Grafana reads dashboards as strict JSON [json-syntax]\n' +
      'broken/dashboard.json:5:1: error: Trailing comma: Grafana reads dashboards as strict JSON, remove the last "," [json-syntax]\n',
    stderr: '',
  });
});

test('a 200 MB .logql file is refused with the size limit, without reading it', () => {
  const file = path.join(dir, 'huge.logql');
  fs.writeFileSync(file, '{app="a"}\n');
  fs.truncateSync(file, 200 * 1024 * 1024);
  for (const args of [['validate', 'huge.logql'], ['logql', 'check', 'huge.logql']]) {
    const r = lbObs(...args);
    const command = args[0] === 'validate' ? 'validate' : 'logql check';
    assert.deepEqual(r, { code: 2, stdout: '', stderr: `lb-obs ${command}: cannot read huge.logql: it is 200.0 MB; lb-obs checks files of at most 32.0 MB\n` });
  }
});

test('a FIFO, a device and a directory (by logql check) are refused at once (exit 2), not read', () => {
  const fifo = path.join(dir, 'pipe.logql');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  write('folder.json/inner', '');
  const cases: Array<[string, string]> = [
    ['pipe.logql', 'it is a named pipe (FIFO), not a file'],
    ['/dev/zero', 'it is a device, not a file'],
    ['folder.json', 'it is a directory'],
  ];
  for (const [file, why] of cases) {
    // validate walks a folder (test/unit/cli-validate-folder.test.ts).
    if (file !== 'folder.json') assert.deepEqual(lbObs('validate', file), { code: 2, stdout: '', stderr: `lb-obs validate: cannot read ${file}: ${why}\n` });
    assert.deepEqual(lbObs('logql', 'check', file), { code: 2, stdout: '', stderr: `lb-obs logql check: cannot read ${file}: ${why}\n` });
  }
});

test('control characters in a file name and in a quoted key are shown, not sent to the terminal', () => {
  const name = 'esc\x1b[2Jname\x07.logql';
  fs.writeFileSync(path.join(dir, name), '{app="a"} |= \n');
  const r = lbObs('validate', name);
  assert.equal(r.code, 1);
  assert.ok(r.stdout.startsWith('esc\u241b[2Jname\u2407.logql:1:'), r.stdout);
  const config = write('ctl/benchmark_config.json', '{"repetitions": 1, "\\u001b]0;pwned\\u0007\\r\\u0000x": 1}\n');
  const c = lbObs('validate', config);
  assert.equal(c.code, 1);
  assert.match(c.stdout, /Unknown key "\u241b\]0;pwned\u2407\u240d\u2400x"/);
});

test('Grafana datasource discovery answered with non-JSON: the body is quoted shortened, control characters shown', async () => {
  const body = `<html>\x1b[2J\x1b]0;owned\x07\r\0${'x'.repeat(5000)}</html>`;
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const r = await lbObsAsync('link', 'query', '--expr', '{app="a"}', '--grafana-url', url);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      'lb-obs link query: no Loki datasource uid given (--datasource-uid or LB_OBS_DATASOURCE_UID) and discovery failed: ' +
        `the answer to GET ${url}/api/datasources is not JSON: "<html>\u241b[2J\u241b]0;owned\u2407\u240d\u2400${'x'.repeat(200 - 22)}… (5,029 characters)" (is this URL Grafana?)\n`,
    );
  } finally {
    server.close();
  }
});
