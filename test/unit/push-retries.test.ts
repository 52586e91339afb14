// Retries like Grafana's own Loki clients: which failures are retried, the backoff with jitter (500 ms
// doubling to 5 min), Retry-After, bounded attempts, and a 4xx reported with Loki's message. The clock and
// the random source are injected, so timing is checked exactly and nothing waits.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LokiHttpError, LokiStream } from '../../core/loki/api';
import { deliverBatch, DeliveryFailedError, DeliveryTarget, RetryNotice, StreamPresence } from '../../core/push/batchDelivery';
import type { Clock } from '../../core/push/clock';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, judgeFailure, parseRetryAfter } from '../../core/push/retryPolicy';

describe('backoff delays', () => {
  test('from 500 ms doubling, uniform within [min·2^n, min·2^(n+1)), capped at 5 min', () => {
    const low = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => backoffDelayMs(n, DEFAULT_RETRY_POLICY, () => 0));
    assert.deepEqual(low, [500, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000]);
    const high = [0, 1, 2, 8, 9, 10].map((n) => backoffDelayMs(n, DEFAULT_RETRY_POLICY, () => 0.999999));
    assert.deepEqual(high, [999, 1999, 3999, 255999, 299999, 300000]);
    assert.equal(backoffDelayMs(3, DEFAULT_RETRY_POLICY, () => 0.5), 6000);
  });

  test("a longer Retry-After wins, still capped at the maximum; a shorter one does not shorten the backoff", () => {
    assert.equal(backoffDelayMs(0, DEFAULT_RETRY_POLICY, () => 0, 30_000), 30_000);
    assert.equal(backoffDelayMs(4, DEFAULT_RETRY_POLICY, () => 0, 1000), 8000);
    assert.equal(backoffDelayMs(0, DEFAULT_RETRY_POLICY, () => 0, 3_600_000), 300_000);
  });

  test('Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 10, 21, 14, 0, 0);
    assert.equal(parseRetryAfter('12', now), 12_000);
    assert.equal(parseRetryAfter('Sat, 21 Nov 2026 14:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sat, 21 Nov 2026 13:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });
});

describe('which failures are retried', () => {
  const now = 0;
  test('429, 5xx and connection errors are retried; other 4xx are final', () => {
    const tenantLimit = new LokiHttpError(429, "ingestion rate limit exceeded for user fake (limit: 52428 bytes/sec) while attempting to ingest '1' lines", 'u');
    assert.deepEqual(judgeFailure(tenantLimit, now), {
      retry: true,
      maybeStored: false,
      retryAfterMs: undefined,
      reason: "Loki answered 429: ingestion rate limit exceeded for user fake (limit: 52428 bytes/sec) while attempting to ingest '1' lines",
    });
    assert.equal(judgeFailure(new LokiHttpError(429, 'Per stream rate limit exceeded (limit: 3MB/sec)', 'u'), now).maybeStored, true);
    assert.deepEqual(
      [500, 502, 503, 504].map((s) => judgeFailure(new LokiHttpError(s, 'x', 'u', '7'), now)).map((v) => [v.retry, v.maybeStored, v.retryAfterMs]),
      [
        [true, true, 7000],
        [true, true, 7000],
        [true, true, 7000],
        [true, true, 7000],
      ],
    );
    assert.deepEqual(
      [400, 401, 403, 404, 413].map((s) => judgeFailure(new LokiHttpError(s, 'x', 'u'), now).retry),
      [false, false, false, false, false],
    );
    assert.equal(judgeFailure(new Error('cannot reach Loki for POST http://x/loki/api/v1/push: ECONNREFUSED'), now).retry, true);
  });
});

/** A clock that records every wait instead of waiting. */
function recordingClock(random = 0.5): Clock & { waits: number[] } {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    random: () => random,
  };
}

const STREAM: LokiStream = { stream: { run_id: 'r' }, values: [['1795269399603580000', 'line 1'], ['1795269399603580001', 'line 2']] };

/** Answers each call with the next scripted outcome and records the calls. */
function scriptedTarget(outcomes: Array<Error | 'ok'>, inLoki = false, present: string[] = []) {
  const calls: string[] = [];
  const target: DeliveryTarget = {
    async push(streams) {
      calls.push(`push ${streams.map((s) => s.values.map((v) => v[1]).join('+')).join(',')}`);
      const next = outcomes.shift();
      if (next instanceof Error) throw next;
    },
    async streamsInLoki(streams) {
      calls.push(`series ${streams.length}`);
      return streams.map(() => inLoki);
    },
    async entriesMissingInLoki(streams) {
      calls.push(`query ${streams.length}`);
      return streams.map((s) => s.values.filter((v) => !present.includes(v[1])));
    },
  };
  return { target, calls };
}

describe('delivering a batch', () => {
  test('429 then 503 then success: waits 0.75 s and 1.5 s (jitter 0.5), checks Loki before resending after the 503', async () => {
    const clock = recordingClock(0.5);
    const { target, calls } = scriptedTarget([new LokiHttpError(429, 'ingestion rate limit exceeded for user fake', 'u'), new LokiHttpError(503, 'ingester not ready', 'u'), 'ok']);
    const notices: RetryNotice[] = [];
    const presence: StreamPresence[] = [{}];
    const result = await deliverBatch([STREAM], presence, { target, policy: DEFAULT_RETRY_POLICY, clock, presenceChecks: { enabled: true }, onRetry: (n) => notices.push(n) });
    assert.deepEqual(clock.waits, [750, 1500]);
    assert.deepEqual(calls, ['series 1', 'push line 1+line 2', 'push line 1+line 2', 'query 1', 'push line 1+line 2']);
    assert.deepEqual(result, { sent: 2, bytesSent: 12, alreadyInLoki: 0 });
    assert.deepEqual(
      notices.map((n) => [n.retry, n.maxRetries, n.delayMs, n.reason]),
      [
        [1, 10, 750, 'Loki answered 429: ingestion rate limit exceeded for user fake'],
        [2, 10, 1500, 'Loki answered 503: ingester not ready'],
      ],
    );
  });

  test('a lost answer whose request Loki stored is not sent twice: the stored entries count as sent', async () => {
    const clock = recordingClock();
    const { target, calls } = scriptedTarget([new Error('socket hang up'), 'ok'], false, ['line 1']);
    const result = await deliverBatch([STREAM], [{}], { target, policy: DEFAULT_RETRY_POLICY, clock, presenceChecks: { enabled: true } });
    assert.deepEqual(calls, ['series 1', 'push line 1+line 2', 'query 1', 'push line 2']);
    assert.equal(result.sent, 2);
  });

  test('entries of a stream Loki already had are not sent and are counted apart', async () => {
    const { target, calls } = scriptedTarget(['ok'], true, ['line 2']);
    const result = await deliverBatch([STREAM], [{}], { target, policy: DEFAULT_RETRY_POLICY, clock: recordingClock(), presenceChecks: { enabled: true } });
    assert.deepEqual(calls, ['series 1', 'query 1', 'push line 1']);
    assert.deepEqual(result, { sent: 1, bytesSent: 6, alreadyInLoki: 1 });
  });

  test('a 400 stops the batch at once with Loki\'s message and how many entries Loki kept', async () => {
    const clock = recordingClock();
    const { target, calls } = scriptedTarget([new LokiHttpError(400, "entry for stream '{run_id=\"r\"}' has timestamp too old\n", 'u')], false, ['line 1']);
    const result = await deliverBatch([STREAM], [{}], { target, policy: DEFAULT_RETRY_POLICY, clock, presenceChecks: { enabled: true } });
    assert.deepEqual(clock.waits, []);
    assert.deepEqual(calls, ['series 1', 'push line 1+line 2', 'query 1']);
    assert.deepEqual(result.rejected, { status: 400, message: "entry for stream '{run_id=\"r\"}' has timestamp too old", entries: 1 });
    assert.equal(result.sent, 1);
  });

  test('attempts are bounded: after the last retry the delivery fails with the last reason', async () => {
    const clock = recordingClock(0);
    const down = () => new Error('cannot reach Loki: ECONNREFUSED');
    const { target } = scriptedTarget([down(), down(), down(), down()]);
    await assert.rejects(
      deliverBatch([STREAM], [{ inLoki: false }], { target, policy: { ...DEFAULT_RETRY_POLICY, maxRetries: 3 }, clock, presenceChecks: { enabled: false } }),
      (err: Error) => err instanceof DeliveryFailedError && err.message === 'gave up after 4 attempts: cannot reach Loki: ECONNREFUSED',
    );
    assert.deepEqual(clock.waits, [500, 1000, 2000]);
  });

  test('a Loki that refuses queries (push-only credentials) turns the checks off and says so, and the batch is still sent', async () => {
    const calls: string[] = [];
    const target: DeliveryTarget = {
      async push() {
        calls.push('push');
      },
      async streamsInLoki() {
        calls.push('series');
        throw new LokiHttpError(403, 'forbidden: logs:read scope missing', 'u');
      },
      async entriesMissingInLoki() {
        throw new Error('not called');
      },
    };
    const checks = { enabled: true };
    const result = await deliverBatch([STREAM], [{}], { target, policy: DEFAULT_RETRY_POLICY, clock: recordingClock(), presenceChecks: checks });
    assert.deepEqual(calls, ['series', 'push']);
    assert.equal(checks.enabled, false);
    assert.equal(result.sent, 2);
    assert.match(result.presenceUnavailable!, /^Loki refused the query that finds the lines it already has \(403: forbidden: logs:read scope missing\)/);
  });

  test('cancelling stops the wait', async () => {
    const abort = new AbortController();
    const clock: Clock = {
      now: () => 0,
      random: () => 0,
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason));
          abort.abort(new Error('cancelled by the user'));
        }),
    };
    const { target } = scriptedTarget([new LokiHttpError(503, 'x', 'u')]);
    await assert.rejects(
      deliverBatch([STREAM], [{ inLoki: false }], { target, policy: DEFAULT_RETRY_POLICY, clock, signal: abort.signal, presenceChecks: { enabled: false } }),
      /cancelled by the user/,
    );
  });
});
