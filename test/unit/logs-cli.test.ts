// `lb-obs logs stats` and `lb-obs logs show` (contract: README, "Command line: `lb-obs`"): output against ground truth, exit
// codes, and `--follow` printing appended lines once, run as the real CLI bundle.
import assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { LOG_LEVELS } from '../../core/logs/model';
import { formatTimestamp } from '../../core/logs/timestamp';
import { TruthLine, truthLines } from '../support/logTruth';
import { runLbObs } from '../support/lbObsCli';
import { CLI_JS } from '../support/paths';
import { GeneratedRun, generateRun } from '../support/runGenerator';

/** The built CLI, as scripts run it. */
function cli(args: string[]) {
  return runLbObs(args, { cwd: process.cwd(), env: process.env });
}

/** Truth lines of the run merged by time the way the engine orders them (stable by file name). */
function merged(run: GeneratedRun): TruthLine[] {
  const files = [...run.files].sort();
  return files
    .flatMap((f, s) => truthLines(f).map((t, i) => ({ t, s, i })))
    .sort((a, b) => (a.t.time ?? -Infinity) - (b.t.time ?? -Infinity) || a.s - b.s || a.i - b.i)
    .map((x) => x.t);
}

describe('lb-obs logs', () => {
  let dir: string;
  let run: GeneratedRun;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-cli-logs-'));
    // Only valid records: every line has a time, so the merged order is fully determined by it.
    run = generateRun(dir, { linesPerFile: 300, seed: 9 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('stats --format json is exactly the contract, with the generator counts', async () => {
    const { code, stdout, stderr } = await cli(['logs', 'stats', run.runDir, '--format', 'json']);
    assert.equal(code, 0, stderr);
    const stats = JSON.parse(stdout);
    assert.deepEqual(Object.keys(stats), ['lines', 'records', 'malformed', 'byLevel', 'byComponent', 'byHost', 'byWorkload', 'firstTimestamp', 'lastTimestamp', 'elapsedMs']);
    assert.equal(typeof stats.elapsedMs, 'number');
    assert.deepEqual(
      { ...stats, elapsedMs: 0 },
      {
        lines: run.truth.lines,
        records: run.truth.records,
        malformed: 0,
        byLevel: run.truth.byLevel,
        byComponent: run.truth.byComponent,
        byHost: run.truth.byHost,
        byWorkload: run.truth.byWorkload,
        firstTimestamp: formatTimestamp(run.truth.firstTime!),
        lastTimestamp: formatTimestamp(run.truth.lastTime!),
        elapsedMs: 0,
      },
    );
    assert.deepEqual(Object.keys(stats.byLevel), LOG_LEVELS.filter((l) => l in stats.byLevel));
    // A file given again (here inside the run folder already given) is read once.
    const again = await cli(['logs', 'stats', run.runDir, run.files[0], '--format', 'json']);
    assert.equal(JSON.parse(again.stdout).lines, run.truth.lines);
  });

  test('stats of files with malformed lines counts them and says where they are', async () => {
    const file = path.join(dir, 'bad.jsonl');
    const good = JSON.stringify({ timestamp: '2026-11-21T13:56:39Z', level: 'INFO', component: 'c', host: 'h', run_id: 'r', logger: 'l', message: 'ok' });
    fs.writeFileSync(file, `${good}\nnot json\n${good}\n{"level": "INFO"}\n`);
    const json = await cli(['logs', 'stats', file, '--format', 'json']);
    assert.equal(json.code, 0);
    assert.equal(json.stderr, '');
    assert.deepEqual([JSON.parse(json.stdout).lines, JSON.parse(json.stdout).records, JSON.parse(json.stdout).malformed], [4, 2, 2]);
    const text = await cli(['logs', 'stats', file]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^lines {6}4\nrecords {4}2\nmalformed {2}2\n/);
    assert.equal(
      text.stderr,
      `lb-obs logs stats: 2 malformed lines (kept, not valid lb records):\n  ${file}:2: invalid JSON: Unexpected token 'o', "not json" is not valid JSON\n  ${file}:4: missing required fields: timestamp, component, host, run_id, logger, message\n`,
    );
  });

  test('show prints every record in time order; filters select what the ground truth selects', async () => {
    const all = merged(run);
    const shown = await cli(['logs', 'show', run.runDir]);
    assert.equal(shown.code, 0);
    const lines = shown.stdout.split('\n').filter((l) => /^\d{4}-/.test(l));
    assert.equal(lines.length, all.length);
    assert.deepEqual(
      lines.map((l) => l.slice(0, 27)),
      all.map((t) => formatTimestamp(t.time!)),
    );
    assert.ok(lines[0].includes(` ${all[0].level!.padEnd(8)} ${all[0].component}/${all[0].host}`));

    const filtered = await cli(['logs', 'show', run.runDir, '--level', 'warning', '--component', 'k6', '--component', 'dfaas', '--host', 'node-1', '--format', 'jsonl']);
    assert.equal(filtered.code, 0, filtered.stderr);
    const expected = all.filter((t) => LOG_LEVELS.indexOf(t.level!) >= 2 && ['k6', 'dfaas'].includes(t.component!) && t.host === 'node-1');
    assert.ok(expected.length > 10);
    assert.equal(filtered.stdout, expected.map((t) => `${t.raw.toString('utf8')}\n`).join(''));

    const grep = await cli(['logs', 'show', run.runDir, '--grep', 'Tâche', '--workload', 'stress_ng', '--format', 'jsonl']);
    assert.equal(grep.stdout, all.filter((t) => t.message.includes('Tâche') && t.workload === 'stress_ng').map((t) => `${t.raw.toString('utf8')}\n`).join(''));
  });

  test('show prints malformed lines as such in text, and leaves them out of JSONL with a note on stderr', async () => {
    const file = path.join(dir, 'mixed.jsonl');
    const good = JSON.stringify({ timestamp: '2026-11-21T13:56:39Z', level: 'ERROR', component: 'c', host: 'h', run_id: 'r', logger: 'l', message: 'multi\nline \u001b[31mred' });
    fs.writeFileSync(file, `${good}\n\u0000garbage\n`);
    const text = await cli(['logs', 'show', file]);
    assert.equal(text.stdout, `2026-11-21T13:56:39.000000Z ERROR    c/h: multi\n    line \u241b[31mred\n- MALFORMED ${file}:2: binary data (control bytes): \u2400garbage\n`);
    const jsonl = await cli(['logs', 'show', file, '--format', 'jsonl']);
    assert.equal(jsonl.stdout, `${good}\n`);
    assert.equal(jsonl.stderr, `lb-obs logs show: ${file}:2: malformed line not printed: binary data (control bytes)\nlb-obs logs show: 1 malformed line(s) left out of the JSONL output\n`);
  });

  test('exit codes: 2 for usage and I/O errors, with the reason on stderr', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['logs'], /give a subcommand/],
      [['logs', 'tail'], /unknown subcommand "tail"/],
      [['logs', 'stats'], /give at least one file or run folder/],
      [['logs', 'stats', path.join(dir, 'nope.jsonl')], /cannot read .*nope\.jsonl: ENOENT/],
      [['logs', 'show', run.runDir, '--level', 'LOUD'], /--level must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL \(got "LOUD"\)/],
      [['logs', 'show', run.runDir, '--format', 'xml'], /--format must be one of text, jsonl/],
      [['logs', 'stats', run.runDir, '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
  });

  test('show --follow prints lines appended later, once each, until interrupted', async () => {
    const file = path.join(dir, 'live.jsonl');
    const record = (i: number) =>
      JSON.stringify({ timestamp: formatTimestamp(Date.UTC(2026, 10, 21) + i), level: i % 2 ? 'ERROR' : 'INFO', component: 'c', host: 'h', run_id: 'r', logger: 'l', message: `live ${i}` });
    fs.writeFileSync(file, `${record(0)}\n${record(1)}\n`);
    const child = spawn(process.execPath, [CLI_JS, 'logs', 'show', file, '--follow', '--level', 'ERROR', '--format', 'jsonl'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const waitFor = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (out.includes(text)) {
            child.stdout.off('data', onData);
            resolve();
          }
        };
        const onData = (d: Buffer) => {
          out += d.toString();
          check();
        };
        child.stdout.on('data', onData);
        child.once('exit', (code) => reject(new Error(`the CLI exited (${code}) before printing ${text}; it printed: ${out}`)));
        check();
      });
    try {
      await waitFor('live 1');
      fs.appendFileSync(file, `${record(2)}\n${record(3)}\n${record(4).slice(0, 20)}`);
      await waitFor('live 3');
      fs.appendFileSync(file, `${record(4).slice(20)}\n${record(5)}\n`);
      await waitFor('live 5');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 0);
    assert.equal(out, `${record(1)}\n${record(3)}\n${record(5)}\n`);
  });
});
