// `lb-obs --version` (and -V) prints "lb-obs <version>" from package.json and exits 0, as most command line tools
// do; the command list says so.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { main } from '../../cli/lb-obs';
import type { CliIo } from '../../cli/io';
import { runLbObsSync } from '../support/lbObsCli';
import { REPO_ROOT } from '../support/paths';

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

async function inProcess(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, env: {}, cwd: os.tmpdir() };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

test('lb-obs --version and -V print the package version and exit 0', async () => {
  assert.match(VERSION, /^\d+\.\d+\.\d+/);
  for (const flag of ['--version', '-V']) {
    assert.deepEqual(await inProcess(flag), { code: 0, stdout: `lb-obs ${VERSION}\n`, stderr: '' });
    assert.deepEqual(runLbObsSync([flag], { cwd: os.tmpdir() }), { code: 0, stdout: `lb-obs ${VERSION}\n`, stderr: '' });
  }
});

test('the command list points at --version', async () => {
  const r = await inProcess('--help');
  assert.equal(r.code, 0);
  assert.ok(r.stdout.includes('"lb-obs --version" for the version'), r.stdout);
});

test('a command is still looked up by its own name only', async () => {
  // The command table holds loaders now: a name that is a property of every object must not reach one.
  for (const name of ['constructor', 'toString', '__proto__']) {
    const r = await inProcess(name);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.startsWith(`lb-obs: unknown command "${name}"\n`), r.stderr);
  }
});
