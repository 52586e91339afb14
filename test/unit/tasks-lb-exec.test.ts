// `lb-obs lb-exec`, the wrapper the `lb` run/resume tasks with a config start lb through, run for real (the
// built dist/cli/lb-obs.js) around stand-in `lb` scripts: lb gets exactly its argv (hostile values included),
// its output comes through byte for byte and at once, each config error gets one problem line after it,
// signals reach lb, and the exit code is lb's.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTaskDefinition } from '../../core/tasks/definition';
import { wrapForConfigProblems } from '../../core/tasks/lbExecWrapper';
import { resolveTaskCommand } from '../../core/tasks/resolve';
import { lbEnvironment } from '../../cli/commands/lbExec';
import { CLI_JS } from '../support/paths';

const HOSTILE = ['two words', `it's "quoted"`, 'a; rm -rf ~', '$(touch /tmp/pwned)', '`id`', 'line1\nline2', '-rf', '--', '$HOME', '*', ''];
const runtime = { nodePath: process.execPath, cliPath: CLI_JS };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-lb-exec-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const bin = path.join(dir, 'bin');
fs.mkdirSync(bin);
const PATH = `${bin}:/usr/bin:/bin`;

/** A stand-in `lb` on PATH under `name`, running `body` (bash). */
function standIn(name: string, body: string): string {
  const file = path.join(bin, name);
  fs.writeFileSync(file, `#!/bin/bash\n${body}\n`, { mode: 0o755 });
  return name;
}

const recordFile = path.join(dir, 'argv');
standIn('lb', `printf '%s\\0' "$@" > ${JSON.stringify(recordFile)}\nexit "\${LB_EXIT:-0}"`);

function definition(raw: Record<string, unknown>) {
  const parsed = parseTaskDefinition({ type: 'lb', ...raw });
  assert.ok(parsed.ok, `definition rejected: ${!parsed.ok && parsed.errors.join('; ')}`);
  return parsed.definition;
}

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Starts the wrapper as VS Code would start the task; `during` may act on it while it runs. */
function lbExec(args: string[], opts: { env?: NodeJS.ProcessEnv; during?: (p: ReturnType<typeof spawn>, out: () => Buffer, err: () => string) => Promise<void> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_JS, 'lb-exec', ...args], { cwd: dir, env: { PATH, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
    child.on('error', reject);
    const during = opts.during?.(child, () => Buffer.concat(out), () => err).catch((e) => {
      child.kill('SIGKILL');
      reject(e);
    });
    child.on('close', async (code) => {
      await during;
      resolve({ code, stdout: Buffer.concat(out), stderr: err });
    });
  });
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('tasks with a config start lb through lb-obs lb-exec', () => {
  test('run and resume with a config: node, the CLI, lb-exec, --config=, "--", then exactly the resolved lb command', () => {
    const def = definition({ task: 'run', config: 'configs/b.json', workloads: ['fio'], runId: 'r1' });
    const resolved = resolveTaskCommand(def, { lbPath: '/opt/lb/bin/lb', scriptsDir: '/ext/scripts', cwd: '/ws' });
    assert.deepEqual(wrapForConfigProblems(def, resolved, { nodePath: '/usr/share/code/code', cliPath: '/ext/dist/cli/lb-obs.js' }), {
      command: '/usr/share/code/code',
      args: ['/ext/dist/cli/lb-obs.js', 'lb-exec', '--config=configs/b.json', '--', '/opt/lb/bin/lb', 'run', '--config', 'configs/b.json', '--run-id', 'r1', '--', 'fio'],
      cwd: '/ws',
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const resume = definition({ task: 'resume', config: 'b.json' });
    assert.deepEqual(wrapForConfigProblems(resume, resolveTaskCommand(resume, { lbPath: 'lb', scriptsDir: '' }), runtime).args.slice(1), [
      'lb-exec', '--config=b.json', '--', 'lb', 'resume', '--config', 'b.json',
    ]);
  });

  test('tasks without a config, and the other task kinds, are started as they are', () => {
    for (const raw of [{ task: 'run' }, { task: 'resume', runId: 'r' }, { task: 'doctor', config: 'b.json' }, { task: 'provision', action: 'install', config: 'b.json' }, { task: 'install-loki' }]) {
      const def = definition(raw);
      const resolved = resolveTaskCommand(def, { lbPath: 'lb', scriptsDir: '/ext/scripts' });
      assert.equal(wrapForConfigProblems(def, resolved, runtime), resolved, JSON.stringify(raw));
    }
  });

  /** Runs the wrapped command without a shell, as ProcessExecution does, and returns the argv lb received. */
  function execute(def: ReturnType<typeof definition>): { argv: string[]; expected: string[]; status: number | null } {
    fs.rmSync(recordFile, { force: true });
    const resolved = resolveTaskCommand(def, { lbPath: 'lb', scriptsDir: '', cwd: dir });
    const wrapped = wrapForConfigProblems(def, resolved, runtime);
    assert.equal(wrapped.command, process.execPath);
    const r = spawnSync(wrapped.command, wrapped.args, { cwd: wrapped.cwd, env: { PATH, LB_EXIT: '3', ...wrapped.env }, encoding: 'utf8' });
    const text = fs.readFileSync(recordFile, 'utf8');
    return { argv: text === '' ? [] : text.slice(0, -1).split('\0'), expected: resolved.args, status: r.status };
  }

  test('hostile workloads, run id, stop file and config reach lb unchanged, each as one argument; the exit code is lb\'s', () => {
    const r = execute(definition({ task: 'run', workloads: HOSTILE, runId: HOSTILE[3], config: HOSTILE[0], stopFile: HOSTILE[5] }));
    assert.deepEqual(r.argv, ['run', '--config', HOSTILE[0], '--stop-file', HOSTILE[5], '--run-id', HOSTILE[3], '--', ...HOSTILE]);
    assert.equal(r.status, 3);
    assert.ok(!fs.existsSync('/tmp/pwned'), 'no command substitution ran');
  });

  for (const value of HOSTILE) {
    test(`config and run id ${JSON.stringify(value)}`, () => {
      const r = execute(definition({ task: 'resume', config: value, runId: value }));
      assert.deepEqual(r.argv, ['resume', '--config', value, '--', value]);
      assert.deepEqual(r.argv, r.expected);
    });
  }
});

describe('lb-obs lb-exec', () => {
  const config = path.join(dir, 'benchmark_config.json');
  fs.writeFileSync(config, '{\n  "repetitions": 0,\n  "workloads": {\n    "fio": { "plugin": "fio" }\n  }\n}\n');

  test("lb's stdout comes through byte for byte; each error gets its problem line after lb's text; lb's exit code", async () => {
    const lb = standIn(
      'lb-invalid',
      [
        `printf 'plain\\r\\n\\xff\\xfe not UTF-8 \\xc3\\n\\x1b[1mbold\\x1b[0m\\n'`,
        `cat >&2 <<'EOF'`,
        'Traceback (most recent call last):',
        '  File "lb_runner/models/config.py", line 201, in load',
        'pydantic_core._pydantic_core.ValidationError: 1 validation error for BenchmarkConfig',
        'repetitions',
        '  Input should be greater than 0 [type=greater_than, input_value=0, input_type=int]',
        '    For further information visit https://errors.pydantic.dev/2.11/v/greater_than',
        'EOF',
        'exit 1',
      ].join('\n'),
    );
    const r = await lbExec(['--config=benchmark_config.json', '--', lb]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout, Buffer.from('plain\r\n\xff\xfe not UTF-8 \xc3\n\x1b[1mbold\x1b[0m\n', 'latin1'));
    assert.equal(
      r.stderr,
      [
        'Traceback (most recent call last):',
        '  File "lb_runner/models/config.py", line 201, in load',
        'pydantic_core._pydantic_core.ValidationError: 1 validation error for BenchmarkConfig',
        'repetitions',
        '  Input should be greater than 0 [type=greater_than, input_value=0, input_type=int]',
        '    For further information visit https://errors.pydantic.dev/2.11/v/greater_than',
        `lb-obs: ${config}:2:3-2:16: error: repetitions: Input should be greater than 0 [greater_than]`,
        '',
      ].join('\n'),
    );
  });

  test('"Unknown workload" and "No workloads selected": on the workload\'s key, else on "workloads"', async () => {
    const lb = standIn('lb-unknown', `echo 'Unknown workload: fio'\necho '⚠ Unknown workload: stress-ng'\necho 'No workloads selected to run.'\nexit 1`);
    const r = await lbExec([`--config=${config}`, '--', lb]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.toString(), 'Unknown workload: fio\n⚠ Unknown workload: stress-ng\nNo workloads selected to run.\n');
    assert.equal(
      r.stderr,
      [
        `lb-obs: ${config}:4:5-4:10: error: Unknown workload: fio [lb]`,
        `lb-obs: ${config}:3:3-3:14: error: Unknown workload: stress-ng [lb]`,
        `lb-obs: ${config}:3:3-3:14: error: No workloads selected to run. [lb]`,
        '',
      ].join('\n'),
    );
  });

  test('a partial line (a prompt) comes through at once; a problem line waits for the end of the line', async () => {
    // One write(2) for the problem line and the prompt (cat of a file), as a program that prints a prompt after
    // a message does: bash's printf may write them separately, and the wrapper rightly reports a problem at once
    // when its line reached the terminal on its own.
    const lb = standIn('lb-prompt', `sleep 30 &\ntrap 'kill $!; echo; echo "lb: stopped"; exit 4' TERM\nout=$(mktemp)\nprintf 'Unknown workload: x\\nContinue? [y/N] ' > "$out"\ncat "$out"\nrm -f "$out"\nwait $!`);
    const r = await lbExec([`--config=${config}`, '--', lb], {
      during: async (child, out, err) => {
        await until('the prompt', () => out().toString().endsWith('Continue? [y/N] '));
        assert.equal(err(), '', 'no problem line in the middle of the prompt');
        child.kill('SIGTERM');
      },
    });
    assert.equal(r.code, 4);
    assert.equal(r.stdout.toString(), 'Unknown workload: x\nContinue? [y/N] \nlb: stopped\n');
    assert.equal(r.stderr, `lb-obs: ${config}:3:3-3:14: error: Unknown workload: x [lb]\n`);
  });

  for (const [signal, code] of [['SIGTERM', 5], ['SIGINT', 6]] as const) {
    test(`${signal} sent to the wrapper reaches lb`, async () => {
      const lb = standIn(`lb-${signal}`, `sleep 30 &\ntrap 'kill $!; echo "lb got ${signal}"; exit ${code}' ${signal.slice(3)}\necho ready\nwait $!`);
      const r = await lbExec([`--config=${config}`, '--', lb], {
        during: async (child, out) => {
          await until('lb to start', () => out().toString() === 'ready\n');
          child.kill(signal);
        },
      });
      assert.deepEqual([r.code, r.stdout.toString()], [code, `ready\nlb got ${signal}\n`]);
    });
  }

  test('lb has exited but left a process holding its output open (ssh ControlPersist): the wrapper ends with lb', async () => {
    const lb = standIn('lb-leaves-child', 'sleep 30 &\necho "left $!"\nexit 7');
    const r = await lbExec([`--config=${config}`, '--', lb]);
    assert.equal(r.code, 7);
    const left = Number(/^left (\d+)\n$/.exec(r.stdout.toString())?.[1]);
    assert.doesNotThrow(() => process.kill(left, 0), 'the left-behind process still runs');
    process.kill(left, 'SIGKILL');
  });

  test('lb ended by a signal: 128 + its number', async () => {
    const lb = standIn('lb-killed', 'kill -TERM $$');
    assert.equal((await lbExec([`--config=${config}`, '--', lb])).code, 128 + os.constants.signals.SIGTERM);
  });

  test('lb missing or not executable: 127 or 126, said plainly', async () => {
    const missing = await lbExec([`--config=${config}`, '--', 'lb-not-installed', 'run']);
    assert.deepEqual([missing.code, missing.stderr], [127, 'lb-obs lb-exec: cannot start "lb-not-installed": not found\n']);
    fs.writeFileSync(path.join(dir, 'not-executable'), '');
    const denied = await lbExec([`--config=${config}`, '--', path.join(dir, 'not-executable')]);
    assert.equal(denied.code, 126);
    assert.match(denied.stderr, /^lb-obs lb-exec: cannot start ".*not-executable": spawn .* EACCES\n$/);
  });

  test('usage errors exit 2 and show the usage', async () => {
    for (const args of [['--', 'lb'], [`--config=${config}`, 'lb'], [`--config=${config}`, '--'], ['--config', '-x', '--', 'lb'], [`--config=${config}`, '--verbose', '--', 'lb']]) {
      const r = await lbExec(args);
      assert.equal(r.code, 2, JSON.stringify(args));
      assert.match(r.stderr, /usage: lb-obs lb-exec --config=<run config> -- <lb> \[lb arguments\.\.\.\]\n$/, JSON.stringify(args));
    }
  });

  test('a config whose name has a line break cannot be named on a problem line: said once, lb runs on', async () => {
    const lb = standIn('lb-twice', `echo 'Unknown workload: a'\necho 'Unknown workload: b'`);
    const r = await lbExec(['--config=bad\nname.json', '--', lb]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, `lb-obs: cannot point at lb's errors in ${JSON.stringify(path.join(dir, 'bad\nname.json'))}: its name has a line break or control character\n`);
  });

  test("lb's environment: unbuffered Python, no ELECTRON_RUN_AS_NODE; in a terminal, lb is told its colours and size", async () => {
    const lb = standIn('lb-env', 'echo "PYTHONUNBUFFERED=$PYTHONUNBUFFERED ELECTRON_RUN_AS_NODE=${ELECTRON_RUN_AS_NODE-unset} FORCE_COLOR=${FORCE_COLOR-unset}"');
    const r = await lbExec([`--config=${config}`, '--', lb], { env: { ELECTRON_RUN_AS_NODE: '1' } });
    assert.equal(r.stdout.toString(), 'PYTHONUNBUFFERED=1 ELECTRON_RUN_AS_NODE=unset FORCE_COLOR=unset\n');
    const terminal = { columns: 132, rows: 40 };
    assert.deepEqual(lbEnvironment({ PATH: '/bin' }, terminal), { PATH: '/bin', PYTHONUNBUFFERED: '1', FORCE_COLOR: '1', COLUMNS: '132', LINES: '40' });
    assert.deepEqual(lbEnvironment({ NO_COLOR: '1', COLUMNS: '80', PYTHONUNBUFFERED: '' }, terminal), { NO_COLOR: '1', COLUMNS: '80', LINES: '40', PYTHONUNBUFFERED: '' });
    assert.deepEqual(lbEnvironment({}, { columns: 0, rows: 0 }), { PYTHONUNBUFFERED: '1', FORCE_COLOR: '1' });
  });

  test('in a terminal (a pty from util-linux `script`): lb is told the size, and Ctrl+C reaches lb once, not twice', async () => {
    const lb = standIn(
      'lb-ctrl-c',
      [
        'n=0',
        `trap 'n=$((n+1)); echo "lb got SIGINT $n"' INT`,
        'echo "ready FORCE_COLOR=$FORCE_COLOR COLUMNS=$COLUMNS LINES=$LINES"',
        'while [ $n -eq 0 ]; do sleep 0.1; done',
        // Time for a second SIGINT to arrive, were the wrapper to pass the terminal's on as well.
        'sleep 0.5',
        'echo "lb saw $n"',
        'exit 9',
      ].join('\n'),
    );
    const inner = `stty cols 100 rows 30; exec ${process.execPath} ${CLI_JS} lb-exec --config=${config} -- ${lb}`;
    const script = spawn('/usr/bin/script', ['-qec', inner, '/dev/null'], { cwd: dir, env: { PATH }, stdio: ['pipe', 'pipe', 'pipe'] });
    let text = '';
    script.stdout.setEncoding('utf8').on('data', (t: string) => (text += t));
    const code = new Promise((resolve) => script.on('close', resolve));
    await until('lb to start', () => text.includes('ready'));
    script.stdin.write('\x03');
    assert.equal(await code, 9);
    script.stdin.end();
    assert.equal(text.replace(/\r\n/g, '\n'), 'ready FORCE_COLOR=1 COLUMNS=100 LINES=30\n^Clb got SIGINT 1\nlb saw 1\n');
  });
});
