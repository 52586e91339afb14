// Each `lb` task definition resolves to the exact executable and argv; hostile values (spaces, quotes, `;`,
// `$(...)`, backticks, newlines, a leading "-") arrive unchanged, each as one argument. Proven by running the
// resolved command for real against a stand-in `lb` on PATH that writes its argv NUL-separated.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LbTaskDefinition, parseTaskDefinition } from '../../core/tasks/definition';
import { expandLbPath, resolveTaskCommand, ResolvedCommand } from '../../core/tasks/resolve';
import { defaultRunId } from '../../core/tasks/runId';
import { variableReferences } from '../../core/tasks/variables';

const ctx = { lbPath: 'lb', scriptsDir: '/ext/scripts' };
const HOSTILE = ['two words', `it's "quoted"`, 'a; rm -rf ~', '$(touch /tmp/pwned)', '`id`', 'line1\nline2', '-rf', '$HOME', '*', ''];

function resolve(raw: Record<string, unknown>): ResolvedCommand {
  const parsed = parseTaskDefinition({ type: 'lb', ...raw });
  assert.ok(parsed.ok, `definition rejected: ${!parsed.ok && parsed.errors.join('; ')}`);
  return resolveTaskCommand(parsed.definition, ctx);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-tasks-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const recordFile = path.join(dir, 'argv');
fs.mkdirSync(path.join(dir, 'bin'));
// The stand-in `lb` (and `bash` stays the real one): argv, NUL-terminated, exactly as the process got it.
fs.writeFileSync(path.join(dir, 'bin', 'lb'), `#!/bin/bash\nprintf '%s\\0' "$@" > ${JSON.stringify(recordFile)}\n`, { mode: 0o755 });

/** Runs the resolved command without a shell (as ProcessExecution does) and returns the argv lb received. */
function execute(resolved: ResolvedCommand): string[] {
  fs.rmSync(recordFile, { force: true });
  const r = spawnSync(resolved.command, resolved.args, { env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin` }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const text = fs.readFileSync(recordFile, 'utf8');
  return text === '' ? [] : text.slice(0, -1).split('\0');
}

describe('lb task definitions resolve to exact argv', () => {
  test('run: every option, lb long names, workloads after "--"', () => {
    const r = resolve({
      task: 'run', config: 'configs/benchmark_config.json', workloads: ['stress_ng', 'fio'], runId: 'run-20260101-120000', repetitions: 2,
      intensity: 'high', setup: false, remote: true, docker: true, dockerEngine: 'podman', multipass: false, nodes: 2, stopFile: '/tmp/stop',
      debug: true, skipConnectivityCheck: true, connectivityTimeout: 30, headless: true,
    });
    assert.equal(r.command, 'lb');
    assert.deepEqual(r.args, [
      '--headless', 'run', '--config', 'configs/benchmark_config.json', '--remote', '--docker', '--docker-engine', 'podman', '--nodes', '2',
      '--intensity', 'high', '--no-setup', '--stop-file', '/tmp/stop', '--debug', '--skip-connectivity-check', '--connectivity-timeout', '30',
      '--run-id', 'run-20260101-120000', '--repetitions', '2', '--', 'stress_ng', 'fio',
    ]);
  });

  test('run with nothing set is just "lb run" (all workloads, lb defaults)', () => {
    assert.deepEqual(resolve({ task: 'run' }).args, ['run']);
  });

  test('resume: options, --root, then the run id after "--"', () => {
    const r = resolve({ task: 'resume', runId: 'run-20260101-120000', root: 'benchmark_results', remote: false, config: 'c.json' });
    assert.deepEqual(r.args, ['resume', '--config', 'c.json', '--no-remote', '--root', 'benchmark_results', '--', 'run-20260101-120000']);
    assert.deepEqual(resolve({ task: 'resume' }).args, ['resume']);
  });

  test('provision install/remove/status', () => {
    assert.deepEqual(
      resolve({ task: 'provision', action: 'install', mode: 'docker', config: 'b.json', grafanaUrl: 'http://g:3000', grafanaOrgId: 2,
        grafanaAdminUser: 'admin', grafanaApiKeyName: 'lb', lokiEndpoint: 'http://l:3100', configure: false }).args,
      ['provision', 'loki-grafana', 'install', '--mode', 'docker', '--config', 'b.json', '--grafana-url', 'http://g:3000', '--grafana-org-id', '2',
        '--grafana-admin-user', 'admin', '--grafana-api-key-name', 'lb', '--loki-endpoint', 'http://l:3100', '--no-configure'],
    );
    assert.deepEqual(resolve({ task: 'provision', action: 'remove', removeData: true }).args, ['provision', 'loki-grafana', 'remove', '--remove-data']);
    assert.deepEqual(resolve({ task: 'provision', action: 'status', headless: true }).args, ['--headless', 'provision', 'loki-grafana', 'status']);
  });

  test('doctor', () => {
    assert.deepEqual(resolve({ task: 'doctor' }).args, ['doctor', 'all']);
    assert.deepEqual(resolve({ task: 'doctor', scope: 'hosts', config: 'b.json', timeout: 5 }).args, ['doctor', 'hosts', '--config', 'b.json', '--timeout', '5']);
  });

  test('install and uninstall scripts run with bash from the extension\'s scripts folder', () => {
    assert.deepEqual(resolve({ task: 'install-loki', method: 'docker', port: 3101, dataDir: '/d', binary: '/b/loki', version: '3.7.6', timeout: 60 }), {
      command: 'bash',
      args: ['/ext/scripts/install-loki.sh', '--method', 'docker', '--port', '3101', '--data-dir', '/d', '--binary', '/b/loki', '--version', '3.7.6', '--timeout', '60'],
    });
    assert.deepEqual(resolve({ task: 'install-grafana' }), { command: 'bash', args: ['/ext/scripts/install-grafana.sh'] });
    assert.deepEqual(resolve({ task: 'uninstall-loki', removeData: true }).args, ['/ext/scripts/uninstall-loki.sh', '--remove-data']);
    assert.deepEqual(resolve({ task: 'uninstall-grafana', removeData: false }).args, ['/ext/scripts/uninstall-grafana.sh', '--keep-data']);
    assert.deepEqual(resolve({ task: 'uninstall-grafana' }).args, ['/ext/scripts/uninstall-grafana.sh']);
  });

  test('the lb path setting is used as the executable; "~/" is expanded since no shell does it', () => {
    const parsed = parseTaskDefinition({ task: 'doctor' });
    assert.ok(parsed.ok);
    assert.equal(resolveTaskCommand(parsed.definition, { ...ctx, lbPath: '/opt/lb venv/bin/lb' }).command, '/opt/lb venv/bin/lb');
    assert.equal(expandLbPath('~/bin/lb', '/home/u'), '/home/u/bin/lb');
    assert.equal(expandLbPath('  ', '/home/u'), 'lb');
    assert.equal(resolveTaskCommand(parsed.definition, { ...ctx, cwd: '/ws' }).cwd, '/ws');
  });
});

describe('hostile values arrive unchanged, each as one argument (executed for real)', () => {
  test('run: workloads, run id, config and stop file', () => {
    const def = { task: 'run', workloads: HOSTILE, runId: HOSTILE[3], config: HOSTILE[0], stopFile: HOSTILE[5] };
    const argv = execute(resolve(def));
    assert.deepEqual(argv, ['run', '--config', HOSTILE[0], '--stop-file', HOSTILE[5], '--run-id', HOSTILE[3], '--', ...HOSTILE]);
    assert.ok(!fs.existsSync('/tmp/pwned'), 'no command substitution ran');
  });

  for (const value of HOSTILE) {
    test(`resume run id ${JSON.stringify(value)}`, () => {
      assert.deepEqual(execute(resolve({ task: 'resume', runId: value, root: value })), ['resume', '--root', value, '--', value]);
    });
  }

  test('provision values', () => {
    const argv = execute(resolve({ task: 'provision', action: 'install', grafanaUrl: HOSTILE[2], grafanaAdminUser: HOSTILE[1], lokiEndpoint: HOSTILE[5] }));
    assert.deepEqual(argv, ['provision', 'loki-grafana', 'install', '--grafana-url', HOSTILE[2], '--grafana-admin-user', HOSTILE[1], '--loki-endpoint', HOSTILE[5]]);
  });

  test('install script values reach the script unchanged', () => {
    const scripts = path.join(dir, 'scripts');
    fs.mkdirSync(scripts, { recursive: true });
    fs.writeFileSync(path.join(scripts, 'install-loki.sh'), `printf '%s\\0' "$@" > ${JSON.stringify(recordFile)}\n`);
    const parsed = parseTaskDefinition({ task: 'install-loki', dataDir: HOSTILE[3], binary: HOSTILE[5], version: HOSTILE[1] });
    assert.ok(parsed.ok);
    const argv = execute(resolveTaskCommand(parsed.definition, { ...ctx, scriptsDir: scripts }));
    assert.deepEqual(argv, ['--data-dir', HOSTILE[3], '--binary', HOSTILE[5], '--version', HOSTILE[1]]);
  });
});

describe('definition checks', () => {
  test('wrong types, unknown properties and misplaced provision options are named', () => {
    const r = parseTaskDefinition({ type: 'lb', task: 'run', repetitions: 0, workloads: 'fio', intensity: 'extreme', colour: 'red', nodes: 3 });
    assert.ok(!r.ok);
    assert.deepEqual(r.errors, [
      'lb task "run": "repetitions" must be an integer >= 1 (got 0)',
      'lb task "run": "workloads" must be a list of strings (got "fio")',
      'lb task "run": "intensity" must be one of "low", "medium", "high", "user_defined" (got "extreme")',
      'lb task "run": unknown property "colour" (known: config, headless, remote, docker, dockerEngine, multipass, nodes, intensity, setup, stopFile, debug, skipConnectivityCheck, connectivityTimeout, workloads, runId, repetitions)',
      'lb task "run": "nodes" must be an integer from 1 to 2 (got 3)',
    ]);
    const p = parseTaskDefinition({ type: 'lb', task: 'provision', action: 'status', removeData: true });
    assert.ok(!p.ok);
    assert.deepEqual(p.errors, ['lb task "provision": "removeData" does not apply to action "status"']);
    const missing = parseTaskDefinition({ type: 'lb', task: 'provision' });
    assert.ok(!missing.ok);
    assert.deepEqual(missing.errors, ['lb task "provision": "action" is required ("install", "remove" or "status")']);
    const kind = parseTaskDefinition({ type: 'lb', task: 'launch' });
    assert.ok(!kind.ok);
    assert.match(kind.errors[0], /^lb task: "task" must be one of "run", "resume", .* \(got "launch"\)$/);
  });

  test('values that VS Code would substitute as ${...} variables are found', () => {
    const def = { task: 'run', workloads: ['fio', '${command:workbench.action.closeWindow}'], runId: '${env:HOME}' } as LbTaskDefinition;
    assert.deepEqual(variableReferences(def), [
      { property: 'workloads', value: '${command:workbench.action.closeWindow}' },
      { property: 'runId', value: '${env:HOME}' },
    ]);
    assert.deepEqual(variableReferences({ task: 'run', workloads: ['$(x)', '$HOME'] }), []);
  });
});

describe('default run id', () => {
  test("is lb's run-YYYYmmdd-HHMMSS in UTC", () => {
    assert.equal(defaultRunId(new Date('2026-03-04T05:06:07.890Z')), 'run-20260304-050607');
    assert.equal(defaultRunId(new Date('2026-12-31T23:59:59+02:00')), 'run-20261231-215959');
  });
});
