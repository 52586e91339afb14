// `lb-obs push` to a multi-tenant Loki behind a gateway: credentials come from the environment only (basic or
// bearer), the tenant from --tenant, and refused credentials stop the push with a clear message and exit 2.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AuthProxy, startAuthProxy } from '../support/authProxy';
import { expectedEntries } from '../support/expectedEntries';
import { uniqueRunId } from '../support/lbStreams';
import { CliRun, runLbObs } from '../support/lbObsCli';
import { countOverTime } from '../support/lokiEntries';
import { RunningLoki, startLoki } from '../support/loki';
import { lokiBinary, needs } from '../support/prerequisites';
import { generateRun, GeneratedRun } from '../support/runGenerator';

const SUITE = 'integration/push-auth';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-push-auth-'));
const PASSWORD = 'p4ss-w0rd-secret';
const TOKEN = 'glc_push_token_value';

function lbObsPush(args: string[], env: Record<string, string>, state: string): Promise<CliRun> {
  return runLbObs(['push', ...args], { cwd: dir, env: { PATH: process.env.PATH, XDG_STATE_HOME: path.join(dir, state), HOME: dir, ...env } });
}

describe('pushing through an authenticating gateway to a multi-tenant Loki', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  let proxy: AuthProxy;
  let run: GeneratedRun;
  const startMs = Date.now() - 3_600_000;
  const window = () => [startMs - 60_000, Date.now() + 60_000] as const;

  before(async () => {
    loki = await startLoki({ authEnabled: true });
    proxy = await startAuthProxy({ target: loki.url, basic: { username: 'lb', password: PASSWORD }, bearer: TOKEN });
    run = generateRun(dir, { runId: uniqueRunId(), hosts: ['node-1'], linesPerFile: 100, startMs });
  });
  after(async () => {
    await proxy?.stop();
    await loki?.stop();
  });

  test('basic auth from LB_OBS_LOKI_USERNAME/PASSWORD and --tenant: pushed and verified in that tenant only', async () => {
    const r = await lbObsPush([run.runDir, '--loki', proxy.url, '--tenant', 'team-a', '--verify'], { LB_OBS_LOKI_USERNAME: 'lb', LB_OBS_LOKI_PASSWORD: PASSWORD }, 'state-basic');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\(tenant team-a\)/);
    assert.match(r.stdout, /\nVerified: /);
    const selector = `{run_id="${run.runId}"}`;
    assert.equal(await countOverTime({ url: loki.url, tenant: 'team-a' }, selector, ...window()), expectedEntries(run.files).length);
    assert.equal(await countOverTime({ url: loki.url, tenant: 'team-b' }, selector, ...window()), 0);
    const pushes = proxy.requests.filter((q) => q.path === '/loki/api/v1/push');
    assert.ok(pushes.length > 0 && pushes.every((q) => q.forwarded && q.headers['x-scope-orgid'] === 'team-a' && q.headers['content-encoding'] === 'gzip'));
  });

  test('a bearer token from LB_OBS_LOKI_TOKEN', async () => {
    const r = await lbObsPush([run.runDir, '--loki', proxy.url, '--tenant', 'team-b', '--no-gzip'], { LB_OBS_LOKI_TOKEN: TOKEN }, 'state-bearer');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(await countOverTime({ url: loki.url, tenant: 'team-b' }, `{run_id="${run.runId}"}`, ...window()), expectedEntries(run.files).length);
  });

  test('refused credentials stop the push at once with exit 2, without showing the secret', async () => {
    const r = await lbObsPush([run.runDir, '--loki', proxy.url, '--tenant', 'team-c'], { LB_OBS_LOKI_USERNAME: 'lb', LB_OBS_LOKI_PASSWORD: 'wrong-password' }, 'state-wrong');
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^Failed after pushing 0 lines/);
    assert.match(r.stdout, /\nerror: \S+\.jsonl: Loki refused the push \(401: unauthorized\); check the URL, tenant and credentials\n/);
    assert.ok(!(r.stdout + r.stderr).includes('wrong-password'));
  });

  test('credentials in the URL are refused: shell history would keep them', async () => {
    const url = new URL(proxy.url);
    url.username = 'lb';
    url.password = PASSWORD;
    const r = await lbObsPush([run.runDir, '--loki', url.toString()], {}, 'state-url');
    assert.deepEqual(r, {
      code: 2,
      stdout: '',
      stderr: 'lb-obs push: do not put credentials in --loki (shell history keeps them): set LB_OBS_LOKI_USERNAME and LB_OBS_LOKI_PASSWORD, or LB_OBS_LOKI_TOKEN\n',
    });
  });
});
