// A Loki with a low ingestion rate limit answers 429: the push backs off like Grafana's clients, slows down to
// what Loki accepts and completes, with every line stored once.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolvePushInputs } from '../../core/push/inputFiles';
import { PushProgress } from '../../core/push/pushProgress';
import { pushLogs } from '../../core/push/pushLogs';
import { assertSameEntries, expectedEntries } from '../support/expectedEntries';
import { uniqueRunId } from '../support/lbStreams';
import { allEntries, countOverTime } from '../support/lokiEntries';
import { RunningLoki, startLoki } from '../support/loki';
import { lokiBinary, needs } from '../support/prerequisites';
import { generateRun } from '../support/runGenerator';

const SUITE = 'integration/push-ratelimit';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-push-429-'));
const RATE_BYTES_PER_S = 0.2 * 1024 * 1024;

describe('pushing into a rate-limited Loki', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  before(async () => {
    // 200 KiB/s with a 300 KiB burst: a push of about 1.3 MB must wait for Loki several times.
    loki = await startLoki({ limits: { ingestionRateMb: 0.2, ingestionBurstMb: 0.3 } });
  });
  after(async () => {
    await loki?.stop();
  });

  test('429 answers slow the push down to the allowed rate and it completes with every line once', async () => {
    const startMs = Date.now() - 3_600_000;
    const run = generateRun(dir, { runId: uniqueRunId(), hosts: ['node-1'], linesPerFile: 1000, startMs });
    const expected = expectedEntries(run.files);
    const retries: NonNullable<PushProgress['retry']>[] = [];
    const report = await pushLogs(await resolvePushInputs([run.runDir], dir), {
      connection: { url: loki.url },
      batch: { maxBytes: 128 * 1024, maxEntries: 5000 },
      onProgress: (p) => {
        if (p.retry && retries.at(-1) !== p.retry) retries.push(p.retry);
      },
    });
    assert.equal(report.outcome, 'completed', report.error);
    assert.equal(report.totals.sent, expected.length);
    assert.ok(retries.length >= 2, `Loki refused several batches (${retries.length} retries)`);
    assert.ok(retries.every((r) => r.reason.startsWith('Loki answered 429: ingestion rate limit exceeded')), retries.map((r) => r.reason).join('\n'));
    assert.ok(
      retries.every((r) => r.delayMs >= 500 * 2 ** (r.retry - 1) && r.delayMs < 500 * 2 ** r.retry),
      `each wait doubles from 500 ms with jitter: ${retries.map((r) => `${r.retry}:${r.delayMs}`).join(' ')}`,
    );
    const beyondBurst = report.totals.bytesSent - 0.3 * 1024 * 1024;
    assert.ok(report.elapsedMs >= (beyondBurst / RATE_BYTES_PER_S) * 1000 * 0.8, 'the push went no faster than Loki allows');
    const window = [startMs - 60_000, Date.now() + 60_000] as const;
    assertSameEntries(await allEntries({ url: loki.url }, `{run_id="${run.runId}"}`, ...window), expected);
    assert.equal(await countOverTime({ url: loki.url }, `{run_id="${run.runId}"}`, ...window), expected.length);
  });
});
