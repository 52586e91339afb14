// Lines and labels Loki refuses are reported clearly, with their file and line, and never silently dropped:
// a line over the size limit (caught before sending, or cut with a marker on request), a line over a Loki's
// own smaller limit (Loki's 400 and message, with exactly the rest of its batch stored), lines too old, a
// stream with too many labels, and an invalid static label (a usage error before anything is sent).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PushReport } from '../../core/push/pushReport';
import { expectedEntries } from '../support/expectedEntries';
import { uniqueRunId } from '../support/lbStreams';
import { CliRun, runLbObs } from '../support/lbObsCli';
import { allEntries, countOverTime } from '../support/lokiEntries';
import { RunningLoki, startLoki } from '../support/loki';
import { lokiBinary, needs } from '../support/prerequisites';

const SUITE = 'integration/push-rejects';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-push-rejects-'));

function lbObsPush(args: string[]): Promise<CliRun> {
  return runLbObs(['push', ...args], { cwd: dir, env: { PATH: process.env.PATH, XDG_STATE_HOME: path.join(dir, 'state'), HOME: dir } });
}

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000Z`;
}

describe('what Loki would refuse is reported', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  const runId = uniqueRunId();
  const t0 = Date.now() - 3_600_000;
  const file = path.join(dir, 'logs', 'runner-node-1.jsonl');
  const record = (i: number, message: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ timestamp: iso(t0 + i), level: 'INFO', component: 'runner', host: 'node-1', run_id: runId, logger: 'lb_runner', message, ...extra });

  before(async () => {
    // This Loki accepts lines of at most 8 KiB, less than the 256 KiB the push assumes by default.
    loki = await startLoki({ limits: { maxLineSize: '8KB' } });
    const lines = [
      record(1, 'first'),
      record(2, 'x'.repeat(300 * 1024)),
      record(3, 'y'.repeat(10 * 1024)),
      record(4, 'fourth'),
      JSON.stringify({ timestamp: iso(Date.now() - 8 * 86_400_000), level: 'INFO', component: 'runner', host: 'node-1', run_id: runId, logger: 'lb_runner', message: 'last week' }),
      record(6, 'sixth'),
    ];
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  });
  after(async () => {
    await loki?.stop();
  });

  const window = () => [t0 - 60_000, Date.now() + 60_000] as const;

  test('each refused line is reported with its place and reason; the others are stored exactly', async () => {
    const r = await lbObsPush([file, '--loki', loki.url]);
    assert.equal(r.code, 1);
    const out = r.stdout.split('\n');
    assert.match(out[0], /^Pushed 3 lines \(0\.0 MB\) from 1 file\(s\) to /);
    assert.equal(out[1], '  3 rejected');
    assert.equal(
      out[2],
      `logs/runner-node-1.jsonl:2: line too long: line is ${Buffer.byteLength(record(2, 'x'.repeat(300 * 1024)))} bytes long; Loki accepts at most 262144 (limits_config.max_line_size; --truncate-long-lines cuts it with a marker)`,
    );
    assert.match(out[3], /^logs\/runner-node-1\.jsonl:5: too old: timestamp \S+ is older than Loki accepts \(7d, limits_config\.reject_old_samples_max_age\)$/);
    assert.match(
      out[4],
      new RegExp(`^logs/runner-node-1\\.jsonl:1-6: rejected by Loki: Loki answered 400: max entry size '8192' bytes exceeded for stream '\\{component="runner", host="node-1", run_id="${runId}", service_name="runner"\\}' while adding an entry with length '10\\d\\d\\d' bytes$`),
    );
    const stored = await allEntries({ url: loki.url }, `{run_id="${runId}"}`, ...window());
    assert.deepEqual(
      stored.map((e) => JSON.parse(e.line).message),
      ['first', 'fourth', 'sixth'],
    );
    assert.equal(await countOverTime({ url: loki.url }, `{run_id="${runId}"}`, ...window()), 3);
  });

  test('with --truncate-long-lines and the Loki\'s limit, long lines are cut with a marker and stored', async () => {
    const r = await lbObsPush([file, '--loki', loki.url, '--from-start', '--truncate-long-lines', '--max-line-bytes', '8KB', '--format', 'json']);
    const report = (JSON.parse(r.stdout) as { push: PushReport }).push;
    assert.equal(r.code, 1, 'the line of last week is still a problem');
    assert.deepEqual([report.totals.sent, report.totals.alreadyInLoki, report.totals.truncated, report.totals.rejected], [2, 3, 2, 1]);
    const stored = await allEntries({ url: loki.url }, `{run_id="${runId}"}`, ...window());
    const cut = stored.filter((e) => e.line.includes('…[truncated by lb-obs:'));
    assert.equal(cut.length, 2);
    for (const e of cut) {
      assert.ok(Buffer.byteLength(e.line) <= 8192);
      assert.match(e.line, / …\[truncated by lb-obs: \d+ bytes\]$/);
    }
    assert.equal(await countOverTime({ url: loki.url }, `{run_id="${runId}"}`, ...window()), 5);
  });

  test('an invalid static label stops the push before anything is sent', async () => {
    const r = await lbObsPush([file, '--loki', loki.url, '--label', 'team-name=perf', '--label', 'env=']);
    assert.deepEqual(r, {
      code: 2,
      stdout: '',
      stderr:
        'lb-obs push: invalid static label name "team-name": use letters, digits and "_", not starting with a digit; static label "env" has an empty value (Loki treats it as no label)\n',
    });
  });

  test('a stream with more than 15 label names is reported line by line and not sent', async () => {
    const runFile = path.join(dir, 'many', 'controller-c.jsonl');
    const other = uniqueRunId();
    fs.mkdirSync(path.dirname(runFile), { recursive: true });
    const full = { workload: 'fio', package: 'lb_controller', plugin: 'fio', scenario: 'seq', repetition: 1, tags: { phase: 'setup' } };
    fs.writeFileSync(runFile, `${JSON.stringify({ timestamp: iso(t0), level: 'INFO', component: 'controller', host: 'c', run_id: other, logger: 'lb', message: 'm', ...full })}\n`);
    const labels = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].flatMap((n) => ['--label', `${n}=1`]);
    const r = await lbObsPush([runFile, '--loki', loki.url, ...labels]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\nmany\/controller-c\.jsonl:1: labels rejected: the stream has 16 label names \(component, host, run_id, workload, package, plugin, scenario, repetition, phase, a, b, c, d, e, f, g\); Loki accepts at most 15 \(limits_config\.max_label_names_per_series\)\n/);
    assert.equal(expectedEntries([runFile]).length, 1);
    assert.equal(await countOverTime({ url: loki.url }, `{run_id="${other}"}`, ...window()), 0);
  });
});
