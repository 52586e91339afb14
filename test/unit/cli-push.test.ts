// `lb-obs push` usage errors: the built CLI as a child process, exact messages and exit code 2, no Loki needed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CLI_JS } from '../support/paths';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-cli-push-'));
fs.mkdirSync(path.join(dir, 'run', 'logs'), { recursive: true });
fs.writeFileSync(path.join(dir, 'run', 'logs', 'runner-n1.jsonl'), '');

function lbObsPush(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI_JS, 'push', ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const usage = (message: string) => ({ code: 2, stdout: '', stderr: `lb-obs push: ${message}\n` });

test('nothing to push, or no Loki to push to', () => {
  assert.deepEqual(lbObsPush(['--loki', 'http://localhost:3100']), usage('give at least one run folder or JSONL file'));
  assert.deepEqual(lbObsPush(['run']), usage('give --loki <url> (or set LB_OBS_LOKI_URL)'));
  assert.deepEqual(lbObsPush(['run', '--loki', 'localhost:3100']), usage('--loki must be an http(s) URL (got localhost:)'));
});

test('credentials: either a token or a username with its password, from the environment', () => {
  const both = { LB_OBS_LOKI_TOKEN: 't', LB_OBS_LOKI_USERNAME: 'u', LB_OBS_LOKI_PASSWORD: 'p' };
  assert.deepEqual(lbObsPush(['run', '--loki', 'http://localhost:3100'], both), usage('set either LB_OBS_LOKI_TOKEN or LB_OBS_LOKI_USERNAME/LB_OBS_LOKI_PASSWORD, not both'));
  assert.deepEqual(
    lbObsPush(['run', '--loki', 'http://localhost:3100'], { LB_OBS_LOKI_USERNAME: 'u' }),
    usage('LB_OBS_LOKI_USERNAME and LB_OBS_LOKI_PASSWORD go together (basic auth)'),
  );
  assert.equal(lbObsPush(['run', '--loki', 'http://localhost:3100', '--password', 'x']).code, 2, 'there is no flag for a secret');
});

test('options with wrong values', () => {
  const loki = ['run', '--loki', 'http://localhost:3100'];
  assert.deepEqual(lbObsPush([...loki, '--label', 'novalue']), usage('--label wants name=value (got "novalue")'));
  assert.deepEqual(lbObsPush([...loki, '--max-line-bytes', 'lots']), usage('--max-line-bytes wants a size such as 262144 or 256KB (got "lots")'));
  assert.deepEqual(lbObsPush([...loki, '--max-age', 'a week']), usage('--max-age wants a duration such as 168h or 30d, or "off" (got "a week")'));
  assert.deepEqual(lbObsPush([...loki, '--gzip', '--no-gzip']), usage('--gzip and --no-gzip contradict each other'));
  assert.deepEqual(lbObsPush([...loki, '--format', 'yaml']), usage('--format must be one of text, json (got "yaml")'));
});

test('paths that cannot be pushed', () => {
  assert.deepEqual(lbObsPush(['missing-run', '--loki', 'http://localhost:3100']), usage('cannot read missing-run: ENOENT'));
  fs.mkdirSync(path.join(dir, 'empty', 'logs'), { recursive: true });
  assert.deepEqual(lbObsPush(['empty', '--loki', 'http://localhost:3100']), usage(`no JSONL logs in ${path.join(dir, 'empty', 'logs')} (expected <component>-<host>.jsonl files)`));
});
