// `lb-obs push` of a generated multi-host run into a real Loki: every line comes back with lb's labels, its
// text and its timestamp; pushing again, even after Loki flushed its chunks and without checkpoints, leaves each
// line once; lines that lb's own live push already delivered are not sent again.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lokiPush } from '../../core/loki/api';
import type { PushReport } from '../../core/push/pushReport';
import type { VerifyReport } from '../../core/push/verifyPush';
import { assertSameEntries, expectedEntries } from '../support/expectedEntries';
import { CliRun, runLbObs } from '../support/lbObsCli';
import { uniqueRunId } from '../support/lbStreams';
import { allEntries, countOverTime, flushLoki } from '../support/lokiEntries';
import { RunningLoki, startLoki } from '../support/loki';
import { lokiBinary, needs } from '../support/prerequisites';
import { generateRun, GeneratedRun, writeLogFile } from '../support/runGenerator';

const SUITE = 'integration/push-run';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-push-run-'));

/** Runs the built `lb-obs push`; checkpoints live in this test's own state folder. */
function lbObsPush(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runLbObs(['push', ...args], { cwd: dir, env: { PATH: process.env.PATH, XDG_STATE_HOME: path.join(dir, 'state'), HOME: dir, ...env } });
}

/** Splits a file into lb's rotation: `.2` (oldest lines), `.1`, then the live file. */
function rotate(file: string): string[] {
  const lines = fs.readFileSync(file, 'utf8').split(/(?<=\n)/);
  const third = Math.ceil(lines.length / 3);
  const parts = [`${file}.2`, `${file}.1`, file];
  parts.forEach((p, i) => fs.writeFileSync(p, lines.slice(i * third, (i + 1) * third).join('')));
  return parts;
}

describe('pushing a run to a real Loki', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  let run: GeneratedRun;
  let files: string[];
  const startMs = Date.now() - 2 * 3_600_000;

  before(async () => {
    loki = await startLoki();
    run = generateRun(path.join(dir, 'results'), { runId: uniqueRunId(), hosts: ['node-1', 'node-2'], linesPerFile: 400, malformedRate: 0.02, startMs });
    const rotated = path.join(run.runDir, 'logs', 'runner-node-3.jsonl');
    writeLogFile(rotated, { seed: 99, lines: 600, component: 'runner', host: 'node-3', runId: run.runId, workloads: ['stress_ng', 'dfaas'], startMs });
    files = [...run.files, ...rotate(rotated)];
  });
  after(async () => {
    await loki?.stop();
  });

  const selector = () => `{run_id="${run.runId}"}`;
  const window = () => [startMs - 60_000, Date.now() + 60_000] as const;

  test('every line comes back with lb labels, its text byte for byte and its nanosecond timestamp', async () => {
    const r = await lbObsPush([run.runDir, '--loki', loki.url, '--verify', '--format', 'json']);
    const out = JSON.parse(r.stdout) as { push: PushReport; verify: VerifyReport };
    const expected = expectedEntries(files);
    assert.equal(expected.length, run.truth.records + 600, 'the oracle agrees with the generator on what is a record');
    assert.equal(r.code, 1, 'malformed lines are problems');
    assert.equal(out.push.outcome, 'completed');
    assert.equal(out.push.totals.sent, expected.length);
    assert.equal(out.push.totals.malformed, run.truth.malformed);
    assert.equal(out.push.totals.lines, run.truth.lines + 600);
    assert.deepEqual(
      out.push.files.map((f) => path.basename(f.file)),
      ['controller-controller.jsonl', 'dfaas-node-1.jsonl', 'dfaas-node-2.jsonl', 'k6-node-1.jsonl', 'k6-node-2.jsonl', 'runner-node-1.jsonl', 'runner-node-2.jsonl', 'runner-node-3.jsonl.2', 'runner-node-3.jsonl.1', 'runner-node-3.jsonl'],
    );
    const malformed = out.push.files.flatMap((f) => f.problems.filter((p) => p.kind === 'malformed'));
    assert.ok(malformed.length > 0 && malformed.every((p) => p.line! > 0 && p.message.length > 0));
    assert.equal(out.verify.ok, true);
    assert.equal(out.verify.expectedTotal, expected.length);

    const stored = await allEntries({ url: loki.url }, selector(), ...window());
    assertSameEntries(stored, expected);
    assert.equal(await countOverTime({ url: loki.url }, selector(), ...window()), expected.length);
  });

  test('a second push sends nothing: the checkpoints say every file is done', async () => {
    const r = await lbObsPush([run.runDir, '--loki', loki.url, '--format', 'json']);
    const out = JSON.parse(r.stdout) as { push: PushReport };
    assert.equal(r.code, 0);
    assert.deepEqual([out.push.totals.lines, out.push.totals.sent], [0, 0]);
    assert.ok(out.push.files.every((f) => f.resumedFrom?.offset === fs.statSync(f.file).size));
  });

  test('pushed again from the start after Loki flushed its chunks, no line is stored twice', async () => {
    await flushLoki({ url: loki.url });
    const r = await lbObsPush([run.runDir, '--loki', loki.url, '--from-start', '--verify']);
    const expected = expectedEntries(files);
    assert.equal(r.code, 1, 'the malformed lines are reported again');
    assert.match(r.stdout, new RegExp(`^Pushed 0 lines \\(0\\.0 MB\\) from 10 file\\(s\\) to ${loki.url} in [\\d.]+ s \\([\\d,]+ lines/s, 0\\.0 MB/s\\)\\n  ${expected.length.toLocaleString('en-US')} already in Loki, ${run.truth.malformed} malformed\\n`));
    assert.match(r.stdout, new RegExp(`\\nVerified: \\d+ stream\\(s\\), ${expected.length.toLocaleString('en-US')} lines: Loki holds every line of the files exactly once\\.\\n$`));
    assert.equal(await countOverTime({ url: loki.url }, selector(), ...window()), expected.length);
  });

  test("lines lb's own live push delivered (stamped with its nanosecond creation time) are not sent again", async () => {
    const runId = uniqueRunId();
    const other = generateRun(path.join(dir, 'results2'), { runId, hosts: ['node-1'], workloads: ['stress_ng'], linesPerFile: 300, startMs });
    const expected = expectedEntries(other.files);
    // lb pushed every third line while Loki was up; its timestamp is record.created in ns, not rounded to µs.
    const live = expected.filter((_, i) => i % 3 === 0);
    const byStream = new Map<string, { stream: Record<string, string>; values: Array<[string, string]> }>();
    for (const e of live) {
      const key = JSON.stringify(e.labels);
      const s = byStream.get(key) ?? { stream: e.labels, values: [] };
      s.values.push([(BigInt(e.ns) + 417n).toString(), e.line]);
      byStream.set(key, s);
    }
    await lokiPush({ url: loki.url }, [...byStream.values()]);
    const r = await lbObsPush([other.runDir, '--loki', loki.url, '--format', 'json', '--verify']);
    const out = JSON.parse(r.stdout) as { push: PushReport; verify: VerifyReport };
    assert.equal(r.code, 0);
    assert.deepEqual([out.push.totals.alreadyInLoki, out.push.totals.sent], [live.length, expected.length - live.length]);
    assert.equal(out.verify.ok, true);
    assert.equal(await countOverTime({ url: loki.url }, `{run_id="${runId}"}`, ...window()), expected.length);
  });

  test('lines older than 3 h: the verification explains why Loki does not show them yet, and passes once Loki flushed', async () => {
    const old = generateRun(path.join(dir, 'results3'), { runId: uniqueRunId(), hosts: ['node-1'], workloads: ['fio'], linesPerFile: 50, startMs: Date.now() - 5 * 3_600_000 });
    const first = await lbObsPush([old.runDir, '--loki', loki.url, '--verify']);
    assert.equal(first.code, 1);
    assert.match(first.stdout, /\nVerify: \d+ of \d+ stream\(s\) differ \(files 100 lines, Loki 0\):\n/);
    assert.match(first.stdout, /\nnote: Loki answers queries for data older than querier\.query_ingesters_within \(3h by default\) from its store only/);
    await flushLoki({ url: loki.url });
    const again = await lbObsPush([old.runDir, '--loki', loki.url, '--verify']);
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /^Pushed 0 lines .*\nVerified: \d+ stream\(s\), 100 lines: Loki holds every line of the files exactly once\.\n$/s);
  });
});
