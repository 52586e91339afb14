// install-loki.sh --method binary with a real Loki binary: the config it writes is one Loki accepts and that
// serves what the product uses (push with structured metadata, query_range, format_query); it runs in the
// background with a pid and log file, a second install changes nothing, and uninstall stops it and removes
// the data. It runs on this machine's own system (Debian 12): the binary method checks no distribution.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fetch from 'node-fetch';
import { REPO_ROOT } from '../support/paths';
import { freePort } from '../support/ports';
import { lokiBinary, needs } from '../support/prerequisites';

const loki = lokiBinary();

describe('install-loki.sh --method binary (real Loki)', needs('install-loki binary', loki), () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-install-loki-'));
  const env = {
    ...process.env,
    HOME: dir,
    XDG_STATE_HOME: path.join(dir, 'state'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_DATA_HOME: path.join(dir, 'data'),
  };
  const stateDir = path.join(dir, 'state', 'lb-observability');
  const pidFile = path.join(stateDir, 'loki.pid');
  const script = (name: string, args: string[]) =>
    spawnSync('bash', [path.join(REPO_ROOT, 'install', name), ...args], { env, input: '', encoding: 'utf8', timeout: 180_000 });
  after(() => {
    // Never leave a Loki behind, even when an assertion failed half way.
    if (fs.existsSync(pidFile)) script('uninstall-loki.sh', ['--remove-data']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('installs, serves push/query/format_query, is idempotent, and uninstalls', async () => {
    const port = await freePort();
    const grpc = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = ['--method', 'binary', '--binary', loki.path!, '--port', String(port), '--grpc-port', String(grpc), '--timeout', '120'];
    const first = script('install-loki.sh', args);
    assert.equal(first.status, 0, `${first.stdout}\n${first.stderr}`);
    assert.match(first.stdout, new RegExp(`Loki is ready at ${url}/ready`));

    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.doesNotThrow(() => process.kill(pid, 0), 'Loki runs in the background');
    const dataDir = path.join(dir, 'data', 'lb-observability', 'loki');
    const config = path.join(dir, 'config', 'lb-observability', 'loki', 'config.yml');
    assert.equal(
      fs.readFileSync(path.join(stateDir, 'loki.state'), 'utf8'),
      ['method=binary', `config_file=${config}`, `data_dir=${dataDir}`, `port=${port}`, `grpc_port=${grpc}`, 'container=', `binary=${loki.path}`,
        `pid_file=${pidFile}`, `log_file=${path.join(stateDir, 'loki.log')}`, ''].join('\n'),
    );
    assert.ok(fs.statSync(path.join(stateDir, 'loki.log')).size > 0, 'Loki logs to the log file');

    const ns = `${BigInt(Date.now()) * 1_000_000n}`;
    const push = await fetch(`${url}/loki/api/v1/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ streams: [{ stream: { run_id: 'run-install-test', component: 'runner' }, values: [[ns, '{"message":"hello"}', { phase: 'setup' }]] }] }),
    });
    assert.equal(push.status, 204, await push.text());
    const query = new URL(`${url}/loki/api/v1/query_range`);
    query.searchParams.set('query', '{run_id="run-install-test"} | phase="setup"');
    query.searchParams.set('start', String(Date.now() - 60_000) + '000000');
    query.searchParams.set('end', String(Date.now() + 60_000) + '000000');
    const result = (await (await fetch(query.toString())).json()) as { data: { result: Array<{ values: string[][] }> } };
    assert.deepEqual(result.data.result.flatMap((s) => s.values.map((v) => v[1])), ['{"message":"hello"}']);
    const formatted = await fetch(`${url}/loki/api/v1/format_query?query=${encodeURIComponent('{run_id="x"}|="a"')}`);
    assert.equal(formatted.status, 200);

    const again = script('install-loki.sh', args);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already installed \(method binary\) and ready/);
    assert.equal(Number(fs.readFileSync(pidFile, 'utf8')), pid, 'the same Loki keeps running');

    const removed = script('uninstall-loki.sh', ['--remove-data']);
    assert.equal(removed.status, 0, removed.stderr);
    assert.throws(() => process.kill(pid, 0), 'Loki is stopped');
    assert.ok(!fs.existsSync(dataDir) && !fs.existsSync(config) && !fs.existsSync(path.join(stateDir, 'loki.state')));
  });
});
