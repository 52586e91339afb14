// `lb-obs <command> --help` (and -h) prints that command's usage and exits 0 for every command and subcommand;
// unknown options stay usage errors (exit 2) that point at --help.
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { describe, test } from 'node:test';
import { COMMAND_USAGE } from '../../cli/usage';
import { runLbObsSync } from '../support/lbObsCli';

/** The built CLI as a child process, as users and CI run it. */
async function lbObs(...argv: string[]) {
  return runLbObsSync(argv, { cwd: os.tmpdir() });
}

/** Every command and subcommand the product's contract names (README, "Command line: `lb-obs`"). */
const CONTRACT_COMMANDS = [
  'validate',
  'logql check',
  'logs stats',
  'logs show',
  'link run',
  'link flyte',
  'link airflow',
  'link query',
  'link dashboard',
  'flyte-templates',
  'push',
  'lb-exec',
];

describe('--help and -h', () => {
  test('every command of the contract has a usage entry', () => {
    assert.deepEqual(CONTRACT_COMMANDS.filter((c) => !COMMAND_USAGE[c]), []);
  });

  for (const [command, usage] of Object.entries(COMMAND_USAGE)) {
    for (const flag of ['--help', '-h']) {
      test(`lb-obs ${command} ${flag} prints its usage and exits 0`, async () => {
        const r = await lbObs(...command.split(' '), flag);
        assert.equal(r.code, 0);
        assert.equal(r.stderr, '');
        assert.ok(r.stdout.startsWith(`Usage: lb-obs ${usage.synopsis[0]}\n`), r.stdout);
        assert.ok(r.stdout.includes(`\n\n${usage.summary[0].toUpperCase()}${usage.summary.slice(1)}.\n`), r.stdout);
      });
    }
  }

  test('the built CLI answers `lb-obs logql check --help` with exactly its usage', () => {
    const r = runLbObsSync(['logql', 'check', '--help'], { cwd: os.tmpdir() });
    assert.deepEqual(r, {
      code: 0,
      stdout:
        'Usage: lb-obs logql check (--query <LogQL> | <file>...) [--format text|json] [--workspace FOLDER]... [--fixes [--loki URL] [--tenant ID]]\n\n' +
        'Check LogQL queries (a query, .logql files, or the queries in dashboards and provisioning files).\n\n' +
        '--workspace  also warn about labels no source of the folder produces (its lb configs, Alloy and Promtail\n' +
        "          pipelines, relabel rules, and lb's own configs, as `validate` reads them); repeatable.\n" +
        '--fixes   also list the hints the editor offers (add a parser, __error__ filters, cheaper filters, lb level and\n' +
        '          phase filters, metric wraps), each with the query it leaves; with --loki or $LB_OBS_LOKI_URL, the\n' +
        "          parser is decided from a sample of the selector's recent lines. Text output only.\n\n" +
        'Exit codes: 0 success, 1 problems found, 2 usage or I/O error.\n',
      stderr: '',
    });
  });

  test('a continued synopsis is aligned under the first line\'s arguments', async () => {
    const r = await lbObs('logs', 'show', '--help');
    assert.ok(
      r.stdout.startsWith(
        'Usage: lb-obs logs show <file|run-dir>... [--level MIN] [--component C]... [--host H]... [--workload W]...\n' +
          '                        [--grep TEXT] [--follow] [--format text|jsonl]\n',
      ),
      r.stdout,
    );
  });

  test('--help anywhere before "--" counts, after arguments and options too', async () => {
    const expected = (await lbObs('logs', 'show', '--help')).stdout;
    assert.equal((await lbObs('logs', 'show', 'run-1', '--level', 'info', '-h')).stdout, expected);
    assert.equal((await lbObs('help', 'logs', 'show')).stdout, expected);
  });

  test('a group lists its subcommands', async () => {
    const r = await lbObs('link', '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: lb-obs link <subcommand> \[options\]\n\nSubcommands:\n  link run {8}print /);
    assert.deepEqual(
      r.stdout.split('\n').filter((l) => l.startsWith('  link ')).map((l) => l.trim().split(/\s{2,}/)[0]),
      ['link run', 'link flyte', 'link airflow', 'link query', 'link dashboard'],
    );
  });

  test('lb-obs --help, -h and help list every command and exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await lbObs(...argv);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^Usage: lb-obs <command> \[options\]\n\nCommands:\n/);
      for (const command of CONTRACT_COMMANDS) assert.ok(r.stdout.includes(`\n  ${command} `), `${command} missing from\n${r.stdout}`);
    }
  });

  test('after "--" a --help is the other program\'s: lb-exec runs lb with it', () => {
    const r = runLbObsSync(['lb-exec', '--config=benchmark_config.json', '--', 'lb-not-installed', 'run', '--help'], { cwd: os.tmpdir() });
    // 127: lb-exec tried to start the program (which does not exist) instead of printing its own usage.
    assert.deepEqual([r.code, r.stdout], [127, '']);
  });
});

describe('usage errors', () => {
  for (const command of ['validate', 'logql check', 'logs stats', 'link run', 'push']) {
    test(`lb-obs ${command} --bogus exits 2 naming the option and pointing at --help`, async () => {
      const r = await lbObs(...command.split(' '), '--bogus', 'x');
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.startsWith(`lb-obs ${command}: Unknown option '--bogus'`), r.stderr);
      assert.ok(r.stderr.endsWith(`\nRun "lb-obs ${command} --help" for its usage.\n`), r.stderr);
    });
  }

  test('no command exits 2 with the command list on stderr', async () => {
    const r = await lbObs();
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Usage: lb-obs <command> \[options\]\n/);
  });

  test('help for a command that does not exist exits 2', async () => {
    const r = await lbObs('help', 'nope');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^lb-obs help: no command "nope"\n\nUsage: lb-obs <command>/);
  });
});
