// The shipped install/uninstall scripts, run for real by bash with recording stand-ins for the programs that
// cannot run here (brew, apt-get, systemctl, docker) or whose answers the test chooses (uname, sw_vers, curl,
// gpg): the exact commands per method and OS, the state file, idempotency, the error paths, and the refusals that
// keep the uninstallers from deleting or stopping anything that is not the install's own.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO_ROOT } from '../support/paths';
import { freePort } from '../support/ports';
import { linkRealTools, readCalls, writeStandIn } from '../support/standIns';

const SCRIPTS = path.join(REPO_ROOT, 'install');
const REAL_TOOLS = ['bash', 'dirname', 'basename', 'cat', 'mkdir', 'rm', 'mv', 'cp', 'chmod', 'mktemp', 'install', 'grep', 'tail', 'sleep', 'env', 'setsid', 'nohup', 'ls'];
const UBUNTU = 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\n';
// This machine's own /etc/os-release.
const DEBIAN_12 = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n';
const FEDORA = 'NAME="Fedora Linux"\nVERSION_ID=40\nID=fedora\nPRETTY_NAME="Fedora Linux 40 (Workstation Edition)"\n';
// A loki stand-in that runs until it is told to stop, keeping its command line (so it stays recognisable).
// With FAKE_READY_AFTER it creates that file once started, for the curl stand-in's health answer.
const LONG_RUNNING =
  'echo "starting"; [ -z "${FAKE_READY_AFTER:-}" ] || : >"$FAKE_READY_AFTER"; trap "exit 0" TERM; while :; do /bin/sleep 1 & wait $!; done';
const sandboxes: string[] = [];
after(() => sandboxes.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const STAND_INS: Record<string, string> = {
  uname: 'echo "${FAKE_UNAME:-Linux}"',
  sw_vers: 'echo "${FAKE_MACOS_VERSION:-14.5}"',
  sudo: 'exec "$@"',
  brew: 'case "$1" in --prefix) echo "$FAKE_BREW_PREFIX" ;; list) exit "${FAKE_BREW_LIST_RC:-1}" ;; esac',
  'apt-get': 'exit 0',
  systemctl: 'exit 0',
  docker: [
    'case "$1" in',
    '  info) exit "${FAKE_DOCKER_INFO_RC:-0}" ;;',
    '  start) [ -z "${FAKE_READY_AFTER:-}" ] || : >"$FAKE_READY_AFTER" ;;',
    '  container)',
    '    case "${FAKE_DOCKER_CONTAINER:-absent}" in',
    '      absent) exit 1 ;;',
    '      running) [ "$3" != -f ] || echo true ;;',
    '      stopped) [ "$3" != -f ] || echo false ;;',
    '    esac ;;',
    'esac',
  ].join('\n'),
  // Writes something to the file after -o (the downloaded key, gpg's keyring); health URLs answer as told
  // (with FAKE_READY_AFTER: only once that file exists, i.e. after `docker start`).
  curl: [
    'prev=""',
    'for a in "$@"; do',
    '  case "$a" in */ready | */api/health)',
    '    if [ -n "${FAKE_READY_AFTER:-}" ]; then [ -e "$FAKE_READY_AFTER" ] && exit 0 || exit 7; fi',
    '    exit "${FAKE_READY_RC:-0}" ;;',
    '  esac',
    '  [ "$prev" != -o ] || [ "$a" = /dev/null ] || echo KEY >"$a"',
    '  prev=$a',
    'done',
  ].join('\n'),
  gpg: 'prev=""; for a in "$@"; do [ "$prev" != -o ] || echo KEYRING >"$a"; prev=$a; done',
};

interface Sandbox {
  dir: string;
  bin: string;
  log: string;
  stateDir: string;
  configDir: string;
  dataDir: string;
  sysroot: string;
  brewPrefix: string;
  env: NodeJS.ProcessEnv;
}

function sandbox(osRelease = UBUNTU, omit: string[] = []): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-scripts-'));
  sandboxes.push(dir);
  const bin = path.join(dir, 'bin');
  const sys = path.join(dir, 'sys');
  fs.mkdirSync(bin);
  linkRealTools(sys, REAL_TOOLS);
  const log = path.join(dir, 'calls.log');
  for (const [name, body] of Object.entries(STAND_INS)) if (!omit.includes(name)) writeStandIn(bin, name, log, body);
  // id only answers (root by default); recording it would add a line to every privileged step.
  fs.writeFileSync(path.join(bin, 'id'), '#!/bin/bash\nif [ "$1" = -u ]; then echo "${FAKE_UID:-0}"; else exit 1; fi\n', { mode: 0o755 });
  const osReleaseFile = path.join(dir, 'os-release');
  fs.writeFileSync(osReleaseFile, osRelease);
  const s: Sandbox = {
    dir,
    bin,
    log,
    stateDir: path.join(dir, 'state', 'lb-observability'),
    configDir: path.join(dir, 'config', 'lb-observability'),
    dataDir: path.join(dir, 'data', 'lb-observability'),
    sysroot: path.join(dir, 'root'),
    brewPrefix: path.join(dir, 'brew'),
    env: {},
  };
  s.env = {
    PATH: `${bin}:${sys}`,
    HOME: path.join(dir, 'home'),
    XDG_STATE_HOME: path.join(dir, 'state'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_DATA_HOME: path.join(dir, 'data'),
    LB_OBS_OS_RELEASE: osReleaseFile,
    LB_OBS_SYSROOT: s.sysroot,
    FAKE_BREW_PREFIX: s.brewPrefix,
  };
  return s;
}

interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
  calls: string[][];
}

function run(s: Sandbox, script: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): ScriptResult {
  fs.rmSync(s.log, { force: true });
  const r = spawnSync(path.join(s.dir, 'sys', 'bash'), [path.join(SCRIPTS, script), ...args], {
    env: { ...s.env, ...env },
    cwd,
    input: '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: readCalls(s.log) };
}

function state(s: Sandbox, service: 'loki' | 'grafana'): string | undefined {
  const file = path.join(s.stateDir, `${service}.state`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

function ok(r: ScriptResult): ScriptResult {
  assert.equal(r.status, 0, `script failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

describe('install-loki.sh --method docker', () => {
  test('creates the volume and a named container with the port and the config mounted, then waits for /ready', async () => {
    const s = sandbox();
    const port = await freePort();
    const r = ok(run(s, 'install-loki.sh', ['--method', 'docker', '--port', String(port), '--timeout', '5']));
    const config = path.join(s.configDir, 'loki', 'config.yml');
    assert.deepEqual(r.calls, [
      ['uname', '-s'],
      ['docker', 'info'],
      ['docker', 'container', 'inspect', 'lb-loki'],
      ['docker', 'volume', 'create', 'lb-loki-data'],
      ['docker', 'run', '-d', '--name', 'lb-loki', '--restart', 'unless-stopped', '-p', `${port}:3100`, '-v', 'lb-loki-data:/loki',
        '-v', `${config}:/etc/loki/config.yml:ro`, 'grafana/loki:3.7.6', '-config.file=/etc/loki/config.yml'],
      ['curl', '-fsS', '-o', '/dev/null', '--max-time', '2', `http://127.0.0.1:${port}/ready`],
    ]);
    assert.equal(
      state(s, 'loki'),
      [`method=docker`, `config_file=${config}`, 'data_dir=lb-loki-data', `port=${port}`, 'grpc_port=9096', 'container=lb-loki', 'binary=', 'pid_file=', 'log_file=', ''].join('\n'),
    );
    const yaml = fs.readFileSync(config, 'utf8');
    for (const line of ['http_listen_port: 3100', 'path_prefix: /loki', 'allow_structured_metadata: true', 'tail_max_duration: 4h', 'auth_enabled: false']) {
      assert.ok(yaml.includes(line), `config lacks "${line}":\n${yaml}`);
    }
  });

  test('is idempotent: a second run finds Loki ready and changes nothing', async () => {
    const s = sandbox();
    const port = await freePort();
    ok(run(s, 'install-loki.sh', ['--method', 'docker', '--port', String(port)]));
    const before = state(s, 'loki');
    const again = ok(run(s, 'install-loki.sh', ['--method', 'docker', '--port', String(port)], { FAKE_DOCKER_CONTAINER: 'running' }));
    assert.deepEqual(again.calls, [
      ['uname', '-s'],
      ['curl', '-fsS', '-o', '/dev/null', '--max-time', '2', `http://127.0.0.1:${port}/ready`],
    ]);
    assert.match(again.stdout, /already installed \(method docker\) and ready/);
    assert.equal(state(s, 'loki'), before);
  });

  test('repairs a stopped container by starting it instead of creating another', async () => {
    const s = sandbox();
    const port = await freePort();
    ok(run(s, 'install-loki.sh', ['--method', 'docker', '--port', String(port)]));
    const readyFlag = path.join(s.dir, 'started');
    const r = ok(run(s, 'install-loki.sh', ['--method', 'docker', '--port', String(port)], { FAKE_DOCKER_CONTAINER: 'stopped', FAKE_READY_AFTER: readyFlag }));
    const ready = ['curl', '-fsS', '-o', '/dev/null', '--max-time', '2', `http://127.0.0.1:${port}/ready`];
    assert.deepEqual(r.calls, [
      ['uname', '-s'],
      ready,
      ['docker', 'info'],
      ['docker', 'container', 'inspect', 'lb-loki'],
      ['docker', 'container', 'inspect', '-f', '{{.State.Running}}', 'lb-loki'],
      ['docker', 'start', 'lb-loki'],
      ready,
    ]);
  });

  test('fails with the timeout when Loki never becomes ready', async () => {
    const s = sandbox();
    const port = await freePort();
    const r = run(s, 'install-loki.sh', ['--method', 'docker', '--port', String(port), '--timeout', '1'], { FAKE_READY_RC: '7' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`Loki was not ready at http://127.0.0.1:${port}/ready after 1s`));
  });

  test('fails clearly when the Docker engine is not running', () => {
    const s = sandbox();
    const r = run(s, 'install-loki.sh', ['--method', 'docker'], { FAKE_DOCKER_INFO_RC: '1' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Docker is installed but its engine is not running \(docker info failed\)/);
    assert.deepEqual(r.calls, [['uname', '-s'], ['docker', 'info']]);
    assert.equal(state(s, 'loki'), undefined);
  });

  test('fails clearly when docker is not installed', () => {
    const s = sandbox(UBUNTU, ['docker']);
    const r = run(s, 'install-loki.sh', ['--method', 'docker']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /docker not found on PATH: install Docker/);
  });

  test('fails clearly when the port is in use by another program', async () => {
    const s = sandbox();
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = run(s, 'install-loki.sh', ['--method', 'docker', '--port', String(port)]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`port ${port} is in use by another program, so Loki cannot listen on it`));
      assert.ok(!r.calls.some((c) => c[0] === 'docker' && c[1] === 'run'), 'no container may be started');
    } finally {
      server.close();
    }
  });
});

describe('install-loki.sh --method apt (Ubuntu)', () => {
  test('adds the signed Grafana repository, installs the package, writes the config, enables the service', async () => {
    const s = sandbox();
    const port = await freePort();
    const r = ok(run(s, 'install-loki.sh', ['--method', 'apt', '--port', String(port)]));
    const keyDownload = r.calls[1];
    assert.deepEqual(r.calls, [
      ['uname', '-s'],
      ['curl', '-fsSL', '-o', keyDownload[3], 'https://apt.grafana.com/gpg.key'],
      ['gpg', '--dearmor', '--yes', '-o', `${s.sysroot}/etc/apt/keyrings/grafana.gpg`, keyDownload[3]],
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'loki'],
      ['systemctl', 'enable', 'loki'],
      ['systemctl', 'restart', 'loki'],
      ['curl', '-fsS', '-o', '/dev/null', '--max-time', '2', `http://127.0.0.1:${port}/ready`],
    ]);
    assert.equal(
      fs.readFileSync(path.join(s.sysroot, 'etc/apt/sources.list.d/grafana.list'), 'utf8'),
      'deb [signed-by=/etc/apt/keyrings/grafana.gpg] https://apt.grafana.com stable main\n',
    );
    const yaml = fs.readFileSync(path.join(s.sysroot, 'etc/loki/config.yml'), 'utf8');
    assert.ok(yaml.includes(`http_listen_port: ${port}`) && yaml.includes('path_prefix: /var/lib/loki'));
    assert.equal(
      state(s, 'loki'),
      ['method=apt', 'config_file=/etc/loki/config.yml', 'data_dir=/var/lib/loki', `port=${port}`, 'grpc_port=9096', 'container=', 'binary=', 'pid_file=', 'log_file=', ''].join('\n'),
    );
  });

  test('uses sudo for the privileged steps when not run as root', async () => {
    const s = sandbox();
    const port = await freePort();
    const r = ok(run(s, 'install-loki.sh', ['--method', 'apt', '--port', String(port)], { FAKE_UID: '1000' }));
    const sudo = r.calls.filter((c) => c[0] === 'sudo').map((c) => c.slice(1, 3).join(' '));
    assert.deepEqual(sudo, [
      'mkdir -p',
      'gpg --dearmor',
      'chmod 0644',
      'mkdir -p',
      'install -m',
      'apt-get update',
      'env DEBIAN_FRONTEND=noninteractive',
      'mkdir -p',
      'install -m',
      'mkdir -p',
      'install -m',
      'systemctl enable',
      'systemctl restart',
    ]);
  });

  test('refuses brew on Ubuntu', () => {
    const r = run(sandbox(), 'install-loki.sh', ['--method', 'brew']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--method brew is for macOS; on Ubuntu 24.04.1 LTS use apt, docker or binary/);
  });
});

describe('install-loki.sh --method brew (macOS)', () => {
  test("taps Grafana's tap, installs the formula, writes the service's config and restarts it with brew services", async () => {
    const s = sandbox('');
    const port = await freePort();
    const r = ok(run(s, 'install-loki.sh', ['--method', 'brew', '--port', String(port)], { FAKE_UNAME: 'Darwin' }));
    assert.deepEqual(r.calls, [
      ['uname', '-s'],
      ['sw_vers', '-productVersion'],
      ['brew', 'tap', 'grafana/tap'],
      ['brew', 'list', '--formula', 'grafana/tap/loki'],
      ['brew', 'install', 'grafana/tap/loki'],
      ['brew', '--prefix'],
      ['brew', 'services', 'restart', 'loki'],
      ['curl', '-fsS', '-o', '/dev/null', '--max-time', '2', `http://127.0.0.1:${port}/ready`],
    ]);
    const config = path.join(s.brewPrefix, 'etc', 'loki-local-config.yaml');
    assert.ok(fs.readFileSync(config, 'utf8').includes(`path_prefix: ${s.brewPrefix}/var/loki`));
    assert.match(state(s, 'loki')!, new RegExp(`^method=brew\nconfig_file=${config}\ndata_dir=${s.brewPrefix}/var/loki\nport=${port}\n`));
  });

  test("keeps the user's own brew config aside and puts it back on uninstall", async () => {
    const s = sandbox('');
    const config = path.join(s.brewPrefix, 'etc', 'loki-local-config.yaml');
    fs.mkdirSync(path.dirname(config), { recursive: true });
    fs.writeFileSync(config, 'mine: true\n');
    const port = await freePort();
    ok(run(s, 'install-loki.sh', ['--method', 'brew', '--port', String(port)], { FAKE_UNAME: 'Darwin' }));
    assert.equal(fs.readFileSync(`${config}.lb-obs-backup`, 'utf8'), 'mine: true\n');
    const r = ok(run(s, 'uninstall-loki.sh', ['--keep-data'], { FAKE_UNAME: 'Darwin', FAKE_BREW_LIST_RC: '0' }));
    assert.deepEqual(r.calls, [
      ['brew', 'services', 'stop', 'loki'],
      ['brew', 'list', '--formula', 'grafana/tap/loki'],
      ['brew', 'uninstall', 'grafana/tap/loki'],
    ]);
    assert.equal(fs.readFileSync(config, 'utf8'), 'mine: true\n');
    assert.ok(fs.existsSync(path.join(s.brewPrefix, 'var', 'loki')), 'data kept');
  });

  test('refuses apt on macOS', () => {
    const r = run(sandbox(''), 'install-loki.sh', ['--method', 'apt'], { FAKE_UNAME: 'Darwin' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--method apt is for Ubuntu 24.04\+ and Debian 12\+; on macOS 14.5 use brew, docker or binary/);
  });
});

describe('install-loki.sh --method binary (stand-in loki)', () => {
  test('starts the binary in the background with a pid file and a log file; uninstall stops it', async () => {
    const s = sandbox();
    const port = await freePort();
    const grpc = await freePort();
    writeStandIn(s.bin, 'loki', s.log, LONG_RUNNING);
    const r = ok(run(s, 'install-loki.sh', ['--method', 'binary', '--port', String(port), '--grpc-port', String(grpc)], { FAKE_READY_AFTER: path.join(s.dir, 'started') }));
    const config = path.join(s.configDir, 'loki', 'config.yml');
    const calls = r.calls.filter((c) => c[0] !== 'curl');
    assert.deepEqual(calls, [['uname', '-s'], ['loki', `-config.file=${config}`]]);
    const pidFile = path.join(s.stateDir, 'loki.pid');
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.doesNotThrow(() => process.kill(pid, 0), 'the background loki runs');
    assert.equal(
      state(s, 'loki'),
      ['method=binary', `config_file=${config}`, `data_dir=${s.dataDir}/loki`, `port=${port}`, `grpc_port=${grpc}`, 'container=',
        `binary=${s.bin}/loki`, `pid_file=${pidFile}`, `log_file=${s.stateDir}/loki.log`, ''].join('\n'),
    );
    const un = ok(run(s, 'uninstall-loki.sh', ['--remove-data']));
    assert.match(un.stdout, new RegExp(`Stopping Loki \\(pid ${pid}\\)`));
    assert.throws(() => process.kill(pid, 0), 'the background loki is stopped');
    assert.ok(!fs.existsSync(pidFile) && !fs.existsSync(config) && !fs.existsSync(path.join(s.dataDir, 'loki')));
    assert.equal(state(s, 'loki'), undefined);
  });

  test('says how to provide the binary when there is none', () => {
    const r = run(sandbox(), 'install-loki.sh', ['--method', 'binary']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no loki binary: pass --binary PATH or put loki on PATH/);
  });
});

describe('install scripts on any system: docker and binary wherever they run, apt where Grafana serves it', () => {
  const ready = (port: number, p = '/ready') => ['curl', '-fsS', '-o', '/dev/null', '--max-time', '2', `http://127.0.0.1:${port}${p}`];
  const dockerRun = (s: Sandbox, port: number) => [
    ['docker', 'info'],
    ['docker', 'container', 'inspect', 'lb-loki'],
    ['docker', 'volume', 'create', 'lb-loki-data'],
    ['docker', 'run', '-d', '--name', 'lb-loki', '--restart', 'unless-stopped', '-p', `${port}:3100`, '-v', 'lb-loki-data:/loki',
      '-v', `${path.join(s.configDir, 'loki', 'config.yml')}:/etc/loki/config.yml:ro`, 'grafana/loki:3.7.6', '-config.file=/etc/loki/config.yml'],
    ready(port),
  ];
  const systems: Array<[string, string, NodeJS.ProcessEnv]> = [
    ['Debian 12 (this machine)', DEBIAN_12, {}],
    ['Fedora 40', FEDORA, {}],
    ['a Linux without /etc/os-release', '', { LB_OBS_OS_RELEASE: '/nonexistent/os-release' }],
  ];
  for (const [name, release, env] of systems) {
    test(`docker on ${name}: the same container as on Ubuntu`, async () => {
      const s = sandbox(release);
      const port = await freePort();
      const r = ok(run(s, 'install-loki.sh', ['--method', 'docker', '--port', String(port)], env));
      assert.deepEqual(r.calls, [['uname', '-s'], ...dockerRun(s, port)]);
      assert.match(state(s, 'loki')!, /^method=docker\n/);
    });
  }

  test('docker for Grafana on Debian 12', async () => {
    const s = sandbox(DEBIAN_12);
    const port = await freePort();
    const r = ok(run(s, 'install-grafana.sh', ['--method', 'docker', '--port', String(port)]));
    assert.deepEqual(r.calls.map((c) => c.slice(0, 2).join(' ')), ['uname -s', 'docker info', 'docker container', 'docker volume', 'docker run', 'curl -fsS']);
  });

  test('binary on FreeBSD: no system check at all', async () => {
    const s = sandbox('');
    const port = await freePort();
    const grpc = await freePort();
    writeStandIn(s.bin, 'loki', s.log, LONG_RUNNING);
    ok(run(s, 'install-loki.sh', ['--method', 'binary', '--port', String(port), '--grpc-port', String(grpc)], { FAKE_UNAME: 'FreeBSD' }));
    ok(run(s, 'uninstall-loki.sh', ['--remove-data']));
  });

  test('apt on Debian 12: the same repository, package and service as on Ubuntu', async () => {
    const s = sandbox(DEBIAN_12);
    const port = await freePort();
    const r = ok(run(s, 'install-loki.sh', ['--method', 'apt', '--port', String(port)]));
    assert.deepEqual(r.calls.map((c) => c.slice(0, 3).join(' ')), [
      'uname -s',
      'curl -fsSL -o',
      'gpg --dearmor --yes',
      'apt-get update',
      'apt-get install -y',
      'systemctl enable loki',
      'systemctl restart loki',
      'curl -fsS -o',
    ]);
    assert.equal(
      fs.readFileSync(path.join(s.sysroot, 'etc/apt/sources.list.d/grafana.list'), 'utf8'),
      'deb [signed-by=/etc/apt/keyrings/grafana.gpg] https://apt.grafana.com stable main\n',
    );
  });

  const noApt: Array<[string, string, NodeJS.ProcessEnv, string]> = [
    ['Ubuntu 22.04', 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nID=ubuntu\nVERSION_ID="22.04"\n', {}, 'Ubuntu 22.04.4 LTS'],
    ['Debian 11', 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\n', {}, 'Debian GNU/Linux 11 \\(bullseye\\)'],
    ['Debian unstable (no VERSION_ID)', 'PRETTY_NAME="Debian GNU/Linux trixie/sid"\nID=debian\n', {}, 'Debian GNU/Linux trixie/sid'],
    ['Fedora 40', FEDORA, {}, 'Fedora Linux 40 \\(Workstation Edition\\)'],
    ['a Linux without /etc/os-release', '', { LB_OBS_OS_RELEASE: '/nonexistent/os-release' }, 'Linux'],
  ];
  for (const [name, release, env, label] of noApt) {
    test(`apt on ${name}: refused before changing anything, naming the methods that work`, () => {
      const s = sandbox(release);
      const r = run(s, 'install-grafana.sh', ['--method', 'apt'], env);
      assert.equal(r.status, 1);
      assert.match(
        r.stderr,
        new RegExp(`^error: --method apt needs Ubuntu 24.04\\+ or Debian 12\\+ \\(the systems Grafana's APT repository serves\\); on ${label} use docker or binary\\n$`),
      );
      assert.deepEqual(r.calls, [['uname', '-s']]);
      assert.equal(state(s, 'grafana'), undefined);
    });
  }

  test('apt on FreeBSD and brew on Linux are refused with the methods that work there', () => {
    const bsd = run(sandbox(''), 'install-loki.sh', ['--method', 'apt'], { FAKE_UNAME: 'FreeBSD' });
    assert.equal(bsd.status, 1);
    assert.match(bsd.stderr, /--method apt is for Ubuntu 24.04\+ and Debian 12\+; on FreeBSD use docker or binary/);
    const debian = run(sandbox(DEBIAN_12), 'install-loki.sh', ['--method', 'brew']);
    assert.match(debian.stderr, /--method brew is for macOS; on Debian GNU\/Linux 12 \(bookworm\) use apt, docker or binary/);
    const fedora = run(sandbox(FEDORA), 'install-loki.sh', ['--method', 'brew']);
    assert.match(fedora.stderr, /--method brew is for macOS; on Fedora Linux 40 \(Workstation Edition\) use docker or binary/);
  });

  test('without --method and a terminal it names the methods of this system', () => {
    const r = run(sandbox(FEDORA), 'install-loki.sh', []);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no --method given and no terminal to ask on: pass --method docker\|binary/);
  });
});

describe('install-loki.sh: usage errors', () => {
  test('without --method and without a terminal it asks for a flag instead of guessing', () => {
    const r = run(sandbox(), 'install-loki.sh', []);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no --method given and no terminal to ask on: pass --method apt\|docker\|binary/);
  });

  test('rejects a data dir that could change the config or the state file', () => {
    const s = sandbox();
    for (const dir of ['/tmp/x\nmethod=docker', '/tmp/a: b', '/tmp/#x', "/tmp/it's"]) {
      const r = run(s, 'install-loki.sh', ['--method', 'binary', '--data-dir', dir]);
      assert.equal(r.status, 2, dir);
      assert.match(r.stderr, /--data-dir may contain only letters, digits and \. _ \/ \+ @ - \(got '/);
    }
  });

  test('rejects a bad port and an unknown method as usage errors', () => {
    const s = sandbox();
    assert.match(run(s, 'install-loki.sh', ['--method', 'docker', '--port', '70000']).stderr, /--port must be a number from 1 to 65535 \(got '70000'\)/);
    const r = run(s, 'install-loki.sh', ['--method', 'snap']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--method must be brew, apt, docker or binary \(got 'snap'\)/);
  });

  test('refuses to install over an install made with another method', async () => {
    const s = sandbox();
    const port = await freePort();
    ok(run(s, 'install-loki.sh', ['--method', 'docker', '--port', String(port)]));
    const r = run(s, 'install-loki.sh', ['--method', 'apt', '--port', String(port)]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Loki is already installed with --method docker .*: run uninstall-loki.sh first to switch to apt/);
  });
});

describe('uninstall-loki.sh', () => {
  async function installedWithDocker() {
    const s = sandbox();
    ok(run(s, 'install-loki.sh', ['--method', 'docker', '--port', String(await freePort())]));
    return s;
  }

  test('--remove-data removes the container, the volume, the config and the state', async () => {
    const s = await installedWithDocker();
    const r = ok(run(s, 'uninstall-loki.sh', ['--remove-data'], { FAKE_DOCKER_CONTAINER: 'running' }));
    assert.deepEqual(r.calls, [
      ['docker', 'info'],
      ['docker', 'container', 'inspect', 'lb-loki'],
      ['docker', 'rm', '-f', 'lb-loki'],
      ['docker', 'volume', 'rm', 'lb-loki-data'],
    ]);
    assert.equal(state(s, 'loki'), undefined);
    assert.ok(!fs.existsSync(path.join(s.configDir, 'loki', 'config.yml')));
  });

  test('--keep-data keeps the volume', async () => {
    const s = await installedWithDocker();
    const r = ok(run(s, 'uninstall-loki.sh', ['--keep-data'], { FAKE_DOCKER_CONTAINER: 'running' }));
    assert.ok(!r.calls.some((c) => c[1] === 'volume'));
    assert.match(r.stdout, /Loki is uninstalled; its data is kept in lb-loki-data/);
  });

  test('without a flag and without a terminal it keeps the data and says so', async () => {
    const s = await installedWithDocker();
    const r = ok(run(s, 'uninstall-loki.sh', [], { FAKE_DOCKER_CONTAINER: 'running' }));
    assert.match(r.stdout, /No --remove-data or --keep-data and no terminal to ask on: keeping Loki's data \(lb-loki-data\)/);
    assert.ok(!r.calls.some((c) => c[1] === 'volume'));
  });

  test('is idempotent: with nothing installed it does nothing', () => {
    const r = ok(run(sandbox(), 'uninstall-loki.sh', ['--remove-data']));
    assert.deepEqual(r.calls, []);
    assert.match(r.stdout, /Loki was not installed by install-loki.sh .*nothing to do/);
  });

  test('apt: purges with --remove-data and keeps the repository while Grafana still uses it', async () => {
    const s = sandbox();
    ok(run(s, 'install-loki.sh', ['--method', 'apt', '--port', String(await freePort())]));
    ok(run(s, 'install-grafana.sh', ['--method', 'apt', '--port', String(await freePort())]));
    const r = ok(run(s, 'uninstall-loki.sh', ['--remove-data']));
    assert.deepEqual(r.calls, [
      ['systemctl', 'disable', '--now', 'loki'],
      ['apt-get', 'purge', '-y', 'loki'],
    ]);
    assert.match(r.stdout, /Keeping Grafana's APT repository: the other service still uses it/);
    assert.ok(fs.existsSync(path.join(s.sysroot, 'etc/apt/sources.list.d/grafana.list')));
    assert.ok(!fs.existsSync(path.join(s.sysroot, 'etc/loki/config.yml')));
    const g = ok(run(s, 'uninstall-grafana.sh', ['--keep-data']));
    assert.deepEqual(g.calls, [
      ['systemctl', 'disable', '--now', 'grafana-server'],
      ['systemctl', 'daemon-reload'],
      ['apt-get', 'remove', '-y', 'grafana'],
    ]);
    assert.ok(!fs.existsSync(path.join(s.sysroot, 'etc/apt/sources.list.d/grafana.list')), 'the last user removes the repository');
    assert.ok(!fs.existsSync(path.join(s.sysroot, 'etc/apt/keyrings/grafana.gpg')));
  });
});

describe('install-grafana.sh', () => {
  test('docker: a named container with its data volume, the port and the config mounted; waits for /api/health', async () => {
    const s = sandbox();
    const port = await freePort();
    const r = ok(run(s, 'install-grafana.sh', ['--method', 'docker', '--port', String(port), '--version', '11.3.0']));
    const config = path.join(s.configDir, 'grafana', 'grafana.ini');
    assert.deepEqual(r.calls, [
      ['uname', '-s'],
      ['docker', 'info'],
      ['docker', 'container', 'inspect', 'lb-grafana'],
      ['docker', 'volume', 'create', 'lb-grafana-data'],
      ['docker', 'run', '-d', '--name', 'lb-grafana', '--restart', 'unless-stopped', '-p', `${port}:3000`, '-v', 'lb-grafana-data:/var/lib/grafana',
        '-v', `${config}:/etc/grafana/grafana.ini:ro`, 'grafana/grafana:11.3.0'],
      ['curl', '-fsS', '-o', '/dev/null', '--max-time', '2', `http://127.0.0.1:${port}/api/health`],
    ]);
    assert.equal(
      state(s, 'grafana'),
      ['method=docker', `config_file=${config}`, 'data_dir=lb-grafana-data', `port=${port}`, 'container=lb-grafana', 'binary=', 'pid_file=', 'log_file=', ''].join('\n'),
    );
  });

  test('apt: the signed repository, the package, a systemd drop-in for the port, the service enabled', async () => {
    const s = sandbox();
    const port = await freePort();
    const r = ok(run(s, 'install-grafana.sh', ['--method', 'apt', '--port', String(port)]));
    assert.deepEqual(r.calls.map((c) => c.slice(0, 3).join(' ')), [
      'uname -s',
      'curl -fsSL -o',
      'gpg --dearmor --yes',
      'apt-get update',
      'apt-get install -y',
      'systemctl daemon-reload',
      'systemctl enable grafana-server',
      'systemctl restart grafana-server',
      'curl -fsS -o',
    ]);
    assert.equal(r.calls[4][3], 'grafana');
    assert.equal(
      fs.readFileSync(path.join(s.sysroot, 'etc/systemd/system/grafana-server.service.d/lb-observability.conf'), 'utf8'),
      `# Written by lb-observability's install-grafana.sh; uninstall-grafana.sh removes it.\n[Service]\nEnvironment=GF_SERVER_HTTP_PORT=${port}\n`,
    );
  });

  test('brew: installs the formula and starts it with brew services; another port is refused', async () => {
    const s = sandbox('');
    const r = ok(run(s, 'install-grafana.sh', ['--method', 'brew'], { FAKE_UNAME: 'Darwin' }));
    assert.deepEqual(r.calls, [
      ['uname', '-s'],
      ['sw_vers', '-productVersion'],
      ['brew', 'list', '--formula', 'grafana'],
      ['brew', 'install', 'grafana'],
      ['brew', '--prefix'],
      ['brew', 'services', 'restart', 'grafana'],
      ['curl', '-fsS', '-o', '/dev/null', '--max-time', '2', 'http://127.0.0.1:3000/api/health'],
    ]);
    const other = run(sandbox(''), 'install-grafana.sh', ['--method', 'brew', '--port', '3001'], { FAKE_UNAME: 'Darwin' });
    assert.equal(other.status, 1);
    assert.match(other.stderr, /--method brew runs Grafana with its own grafana.ini on port 3000; use docker or binary for --port 3001/);
  });

  test('binary: runs `grafana server` with its home and config in the background; uninstall stops exactly it', async () => {
    const s = sandbox(DEBIAN_12);
    const home = path.join(s.dir, 'grafana-home');
    fs.mkdirSync(path.join(home, 'conf'), { recursive: true });
    fs.writeFileSync(path.join(home, 'conf', 'defaults.ini'), '');
    writeStandIn(s.bin, 'grafana', s.log, LONG_RUNNING);
    const port = await freePort();
    const r = ok(run(s, 'install-grafana.sh', ['--method', 'binary', '--homepath', home, '--port', String(port)], { FAKE_READY_AFTER: path.join(s.dir, 'started') }));
    const config = path.join(s.configDir, 'grafana', 'grafana.ini');
    const data = path.join(s.dataDir, 'grafana');
    assert.deepEqual(r.calls.filter((c) => c[0] !== 'curl'), [['uname', '-s'], ['grafana', 'server', '--homepath', home, '--config', config]]);
    assert.ok(fs.readFileSync(config, 'utf8').includes(`[paths]\ndata = ${data}\n`));
    assert.ok(fs.existsSync(path.join(data, '.lb-observability')));
    const pid = Number(fs.readFileSync(path.join(s.stateDir, 'grafana.pid'), 'utf8'));
    const un = ok(run(s, 'uninstall-grafana.sh', ['--remove-data']));
    assert.match(un.stdout, new RegExp(`Stopping Grafana \\(pid ${pid}\\)`));
    assert.throws(() => process.kill(pid, 0), 'the background grafana is stopped');
    assert.ok(!fs.existsSync(data) && !fs.existsSync(config) && state(s, 'grafana') === undefined);
  });

  test('uninstall docker --remove-data removes the container and the volume', async () => {
    const s = sandbox();
    ok(run(s, 'install-grafana.sh', ['--method', 'docker', '--port', String(await freePort())]));
    const r = ok(run(s, 'uninstall-grafana.sh', ['--remove-data'], { FAKE_DOCKER_CONTAINER: 'running' }));
    assert.deepEqual(r.calls, [
      ['docker', 'info'],
      ['docker', 'container', 'inspect', 'lb-grafana'],
      ['docker', 'rm', '-f', 'lb-grafana'],
      ['docker', 'volume', 'rm', 'lb-grafana-data'],
    ]);
    assert.equal(state(s, 'grafana'), undefined);
  });
});

describe('install refuses a --data-dir that is or holds more than the data', () => {
  function refused(s: Sandbox, dataDir: string, message: string, cwd?: string) {
    const r = run(s, 'install-loki.sh', ['--method', 'binary', '--data-dir', dataDir], {}, cwd);
    assert.equal(r.status, 2, `${dataDir}: ${r.stderr}`);
    assert.equal(r.stderr, `error: ${message}\nRun with --help for usage.\n`, dataDir);
    assert.ok(r.calls.every((c) => c[0] === 'uname'), `${dataDir}: nothing may run: ${JSON.stringify(r.calls)}`);
    assert.equal(state(s, 'loki'), undefined);
  }
  const own = 'give the data a folder of its own (uninstall --remove-data deletes it)';

  test('/, the home folder however written, system folders, ~ and empty', () => {
    const s = sandbox();
    const home = s.env.HOME!;
    fs.mkdirSync(home, { recursive: true });
    refused(s, '/', `--data-dir / is the root folder: ${own}`);
    refused(s, '/usr/..', `--data-dir / is the root folder: ${own}`);
    for (const h of [home, `${home}/`, `${home}/sub/..`, `${home}//./`]) refused(s, h, `--data-dir ${home} is your home folder: ${own}`);
    refused(s, '.', `--data-dir ${home} is your home folder: ${own}`, home);
    for (const sys of ['/usr', '/etc', '/var/lib', '/home', '/tmp', '/Users']) refused(s, sys, `--data-dir ${sys} is a folder of the system or of your user: ${own}`);
    refused(s, `${home}/.local/share`, `--data-dir ${home}/.local/share is a folder of the system or of your user: ${own}`);
    refused(s, '~', `--data-dir '~' starts with ~, which only a shell expands: give the full path (${home})`);
    refused(s, '~/loki', `--data-dir '~/loki' starts with ~, which only a shell expands: give the full path (${home}/loki)`);
    refused(s, '', '--data-dir needs a value');
  });

  test("a folder holding lb-observability's state, or reached through a symbolic link to the home folder", () => {
    const s = sandbox();
    fs.mkdirSync(s.env.HOME!, { recursive: true });
    refused(s, path.join(s.dir, 'state'), `--data-dir ${s.dir}/state contains ${s.stateDir}: ${own}`);
    refused(s, s.dataDir, `--data-dir ${s.dataDir} is a folder of the system or of your user: ${own}`);
    fs.symlinkSync(s.env.HOME!, path.join(s.dir, 'link'));
    refused(s, path.join(s.dir, 'link'), `--data-dir ${s.dir}/link leads through a symbolic link to ${s.env.HOME}, which is your home folder: ${own}`);
  });

  test("an existing folder with someone else's files is refused; an empty one, or one it left, is used", async () => {
    const s = sandbox();
    writeStandIn(s.bin, 'loki', s.log, LONG_RUNNING);
    const mine = path.join(s.dir, 'mine');
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, 'notes.txt'), 'keep me');
    const r = run(s, 'install-loki.sh', ['--method', 'binary', '--data-dir', mine]);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      `error: --data-dir ${mine} already holds files that are not Loki's data from install-loki.sh: give a new or empty folder (uninstall-loki.sh --remove-data deletes the whole folder)\n`,
    );
    assert.deepEqual(fs.readdirSync(mine), ['notes.txt']);

    const empty = path.join(s.dir, 'empty');
    fs.mkdirSync(empty);
    const args = ['--method', 'binary', '--data-dir', 'empty', '--port', String(await freePort()), '--grpc-port', String(await freePort())];
    ok(run(s, 'install-loki.sh', args, {}, s.dir));
    assert.match(state(s, 'loki')!, new RegExp(`\ndata_dir=${empty}\n`), 'a relative --data-dir is recorded as the absolute path');
    assert.equal(
      fs.readFileSync(path.join(empty, '.lb-observability'), 'utf8'),
      "# lb-observability: install-loki.sh keeps Loki's data in this folder; uninstall-loki.sh --remove-data deletes it.\nservice=loki\n",
    );
    fs.writeFileSync(path.join(empty, 'chunk'), 'data');
    ok(run(s, 'uninstall-loki.sh', ['--keep-data']));
    ok(run(s, 'install-loki.sh', args, {}, s.dir));
    ok(run(s, 'uninstall-loki.sh', ['--remove-data']));
    assert.ok(!fs.existsSync(empty));
  });
});

describe('uninstall deletes and stops only what the install made', () => {
  const refusal = (s: Sandbox, why: string) =>
    `error: refusing to remove Loki's data: ${why} (state: ${s.stateDir}/loki.state). Nothing was changed; uninstall with --keep-data and delete the data yourself if it is Loki's\n`;

  function setState(s: Sandbox, key: string, value: string) {
    const file = path.join(s.stateDir, 'loki.state');
    const lines = fs.readFileSync(file, 'utf8').split('\n').map((l) => (l.startsWith(`${key}=`) ? `${key}=${value}` : l));
    fs.writeFileSync(file, lines.join('\n'));
  }

  async function installedBinary() {
    const s = sandbox();
    writeStandIn(s.bin, 'loki', s.log, LONG_RUNNING);
    ok(run(s, 'install-loki.sh', ['--method', 'binary', '--port', String(await freePort()), '--grpc-port', String(await freePort())]));
    const pid = Number(fs.readFileSync(path.join(s.stateDir, 'loki.pid'), 'utf8'));
    return { s, pid, dataDir: path.join(s.dataDir, 'loki'), saved: fs.readFileSync(path.join(s.stateDir, 'loki.state'), 'utf8') };
  }

  test('--remove-data with a state naming /, the home folder, a relative path, no folder or a folder without the marker: refused, nothing changed', async () => {
    const { s, pid, dataDir, saved } = await installedBinary();
    const home = s.env.HOME!;
    fs.mkdirSync(home, { recursive: true });
    fs.writeFileSync(path.join(home, '.bashrc'), 'alias ll=ls\n');
    const user = path.join(s.dir, 'user-folder');
    fs.mkdirSync(user);
    fs.writeFileSync(path.join(user, 'thesis.tex'), '...');
    const cases: Array<[string, string]> = [
      ['/', '/ is the root folder'],
      [home, `${home} is your home folder`],
      [`${home}/`, `'${home}/' is not an absolute, normalized path as install-loki.sh records`],
      ['/tmp/../', "'/tmp/../' is not an absolute, normalized path as install-loki.sh records"],
      ['loki-data', "'loki-data' is not an absolute, normalized path as install-loki.sh records"],
      ['', 'the state names no data folder'],
      ['/usr/lib', '/usr/lib is a folder of the system or of your user'],
      [user, `${user} has no .lb-observability file, which install-loki.sh leaves in the data folder it sets up`],
      [`${user}\u001b[2J`, `'${user}?[2J' is not an absolute, normalized path as install-loki.sh records`],
    ];
    for (const [dataDirInState, why] of cases) {
      setState(s, 'data_dir', dataDirInState);
      const r = run(s, 'uninstall-loki.sh', ['--remove-data']);
      assert.equal(r.status, 1, dataDirInState);
      assert.equal(r.stderr, refusal(s, why), dataDirInState);
      assert.deepEqual(r.calls, [], 'nothing may run');
      assert.doesNotThrow(() => process.kill(pid, 0), 'Loki still runs');
      assert.ok(fs.existsSync(path.join(home, '.bashrc')) && fs.existsSync(path.join(user, 'thesis.tex')) && fs.existsSync(dataDir));
    }
    fs.writeFileSync(path.join(s.stateDir, 'loki.state'), saved);
    ok(run(s, 'uninstall-loki.sh', ['--remove-data']));
    assert.ok(!fs.existsSync(dataDir));
  });

  test('--remove-data refuses symbolic-link tricks: the data folder replaced by a link, or reached through one', async () => {
    const { s, dataDir, saved } = await installedBinary();
    const moved = path.join(s.dir, 'moved');
    fs.renameSync(dataDir, moved);
    fs.symlinkSync(moved, dataDir);
    let r = run(s, 'uninstall-loki.sh', ['--remove-data']);
    assert.equal(r.stderr, refusal(s, `${dataDir} is a symbolic link`));
    fs.unlinkSync(dataDir);
    fs.renameSync(moved, dataDir);

    fs.symlinkSync(s.dataDir, path.join(s.dir, 'via'));
    setState(s, 'data_dir', path.join(s.dir, 'via', 'loki'));
    r = run(s, 'uninstall-loki.sh', ['--remove-data']);
    assert.equal(r.stderr, refusal(s, `${s.dir}/via/loki leads through a symbolic link to ${dataDir}`));
    assert.ok(fs.existsSync(path.join(dataDir, '.lb-observability')));
    fs.writeFileSync(path.join(s.stateDir, 'loki.state'), saved);
    ok(run(s, 'uninstall-loki.sh', ['--remove-data']));
  });

  test('a pid file naming a process that is no longer Loki: that process is left running', async () => {
    const { s, pid } = await installedBinary();
    process.kill(pid, 'SIGTERM');
    const other = spawn('/bin/sleep', ['300'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(s.stateDir, 'loki.pid'), `${other.pid}\n`);
      const r = ok(run(s, 'uninstall-loki.sh', ['--keep-data']));
      assert.equal(r.stderr, `warning: not stopping pid ${other.pid} (from ${s.stateDir}/loki.pid): it is no longer the Loki that was started there\n`);
      assert.doesNotThrow(() => process.kill(other.pid!, 0), 'the other process still runs');
      assert.ok(!fs.existsSync(path.join(s.stateDir, 'loki.pid')));
    } finally {
      other.kill();
    }
  });

  test("a state naming someone else's config file, volume or container: the file stays, the volume and container are refused", async () => {
    const { s, pid } = await installedBinary();
    const bashrc = path.join(s.dir, 'bashrc');
    fs.writeFileSync(bashrc, 'alias ll=ls\n');
    setState(s, 'config_file', bashrc);
    try {
      const r = ok(run(s, 'uninstall-loki.sh', ['--keep-data']));
      // Loki runs with another config than the state now names: so it is not recognised either.
      assert.equal(
        r.stderr,
        `warning: not stopping pid ${pid} (from ${s.stateDir}/loki.pid): it is no longer the Loki that was started there\n` +
          `warning: leaving ${bashrc} in place: lb-observability did not write it\n`,
      );
      assert.equal(fs.readFileSync(bashrc, 'utf8'), 'alias ll=ls\n');
    } finally {
      process.kill(pid);
    }

    const d = sandbox();
    ok(run(d, 'install-loki.sh', ['--method', 'docker', '--port', String(await freePort())]));
    const file = path.join(d.stateDir, 'loki.state');
    const saved = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, saved.replace('data_dir=lb-loki-data', 'data_dir=postgres-data'));
    const volume = run(d, 'uninstall-loki.sh', ['--remove-data'], { FAKE_DOCKER_CONTAINER: 'running' });
    assert.equal(volume.stderr, refusal(d, "the state names the volume 'postgres-data', not lb-loki-data"));
    assert.deepEqual(volume.calls, []);
    fs.writeFileSync(file, saved.replace('container=lb-loki', 'container=postgres'));
    const container = run(d, 'uninstall-loki.sh', ['--keep-data'], { FAKE_DOCKER_CONTAINER: 'running' });
    assert.equal(container.status, 1);
    assert.equal(container.stderr, `error: the state names the container 'postgres', not lb-loki (state: ${file}): remove the container yourself\n`);
    assert.deepEqual(container.calls, [['docker', 'info']]);
  });
});
