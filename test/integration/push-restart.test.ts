// A push survives Loki going away: Loki is stopped in the middle of a push and started again, and the push
// retries until it is back and completes with every line exactly once. A push cancelled half way resumes from
// its checkpoint, again without a line lost or doubled.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CheckpointStore } from '../../core/push/checkpoints';
import { resolvePushInputs } from '../../core/push/inputFiles';
import { PushProgress } from '../../core/push/pushProgress';
import { pushLogs } from '../../core/push/pushLogs';
import { assertSameEntries, expectedEntries } from '../support/expectedEntries';
import { uniqueRunId } from '../support/lbStreams';
import { allEntries, countOverTime } from '../support/lokiEntries';
import { RunningLoki, startLoki } from '../support/loki';
import { lokiBinary, needs } from '../support/prerequisites';
import { generateRun } from '../support/runGenerator';

const SUITE = 'integration/push-restart';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-push-restart-'));
/** Small batches, so that a push of a few megabytes is many requests and can be interrupted between them. */
const BATCH = { maxBytes: 48 * 1024, maxEntries: 5000 };

describe('pushes interrupted by Loki or by the user', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  // Within the 3 h during which Loki answers queries from its ingesters (querier.query_ingesters_within).
  const startMs = Date.now() - 3_600_000;

  before(async () => {
    loki = await startLoki();
  });
  after(async () => {
    await loki?.stop();
  });

  const window = () => [startMs - 60_000, Date.now() + 60_000] as const;

  test('Loki stopped and restarted in the middle of a push: the push waits, resumes and stores every line once', async () => {
    const run = generateRun(path.join(dir, 'a'), { runId: uniqueRunId(), hosts: ['node-1', 'node-2'], linesPerFile: 2000, startMs });
    const expected = expectedEntries(run.files);
    let restarting: Promise<void> | undefined;
    const retries: NonNullable<PushProgress['retry']>[] = [];
    const report = await pushLogs(await resolvePushInputs([run.runDir], dir), {
      connection: { url: loki.url },
      batch: BATCH,
      checkpoints: new CheckpointStore(path.join(dir, 'state-a')),
      onProgress: (p) => {
        if (!restarting && p.sent > expected.length / 3) restarting = loki.restart();
        if (p.retry && retries.at(-1) !== p.retry) retries.push(p.retry);
      },
    });
    await restarting;
    assert.equal(report.outcome, 'completed', report.error);
    assert.ok(retries.length > 0, 'the push had to wait for Loki');
    assert.ok(retries.every((r) => r.delayMs >= 500 && r.delayMs <= 300_000));
    assert.equal(report.totals.sent, expected.length);
    const selector = `{run_id="${run.runId}"}`;
    assertSameEntries(await allEntries({ url: loki.url }, selector, ...window()), expected);
    assert.equal(await countOverTime({ url: loki.url }, selector, ...window()), expected.length, 'no line counted twice');
  });

  test('a push cancelled half way resumes from its checkpoints and completes with every line once', async () => {
    const run = generateRun(path.join(dir, 'b'), { runId: uniqueRunId(), hosts: ['node-1'], linesPerFile: 2000, startMs });
    const expected = expectedEntries(run.files);
    const families = await resolvePushInputs([run.runDir], dir);
    const checkpoints = new CheckpointStore(path.join(dir, 'state-b'));
    const abort = new AbortController();
    const first = await pushLogs(families, {
      connection: { url: loki.url },
      batch: BATCH,
      checkpoints,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.sent > expected.length / 2) abort.abort(new Error('cancelled by the user'));
      },
    });
    assert.equal(first.outcome, 'cancelled');
    assert.ok(first.totals.sent > 0 && first.totals.sent < expected.length);

    const second = await pushLogs(families, { connection: { url: loki.url }, batch: BATCH, checkpoints });
    assert.equal(second.outcome, 'completed');
    assert.ok(second.files.some((f) => f.resumedFrom !== undefined), 'at least one file resumed from its checkpoint');
    assert.ok(second.totals.lines < run.truth.lines, 'lines before the checkpoints were not read again');
    // With two batches in flight, the first push may have delivered a batch after one it cancelled: that batch
    // counts as sent, but the checkpoint stops before the cancelled one, so the second push finds it in Loki.
    // Exactly: the lines under the checkpoints, plus what the second push sent or found, are every line once.
    const checkpointed = second.files.reduce((n, f) => n + (f.resumedFrom?.line ?? 0), 0);
    assert.equal(checkpointed + second.totals.sent + second.totals.alreadyInLoki, expected.length);
    assert.ok(first.totals.sent >= checkpointed, 'everything under a checkpoint was delivered by the first push');
    const selector = `{run_id="${run.runId}"}`;
    assertSameEntries(await allEntries({ url: loki.url }, selector, ...window()), expected);
    assert.equal(await countOverTime({ url: loki.url }, selector, ...window()), expected.length);
  });
});
