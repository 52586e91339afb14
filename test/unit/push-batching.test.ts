// How lines become batches: Loki's per-line rules applied before sending, batches bounded in bytes and
// entries, each stream's entries in timestamp order, exact repeats sent once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nsNanos, nsSeconds } from '../../core/loki/pushBody';
import { BatchBuilder, StreamTarget } from '../../core/push/batchBuilder';
import { truncateLine } from '../../core/push/entryChecks';
import { DEFAULT_PUSH_LIMITS, parseByteSize, parseDurationMs } from '../../core/push/limits';
import { LineJudge, StreamTable } from '../../core/push/lineJudge';

const NOW = Date.UTC(2026, 10, 21, 14, 0, 0);

function recordLine(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    timestamp: '2026-11-21T13:56:39.603580Z',
    level: 'INFO',
    component: 'runner',
    host: 'node-1',
    run_id: 'run-1',
    logger: 'lb_runner',
    message: 'hello',
    ...fields,
  });
}

/** Adds the line at the nanosecond timestamp `ns` (a digit string). */
function add(builder: BatchBuilder, target: StreamTarget, ns: string, line: string): void {
  const bytes = Buffer.from(line);
  builder.add(target, nsSeconds(ns), nsNanos(ns), bytes, 0, bytes.length);
}

function judge(limits = DEFAULT_PUSH_LIMITS, truncate = false) {
  return new LineJudge(new StreamTable({}, limits), limits, truncate, NOW);
}

describe('batches', () => {
  test('a batch closes before it would exceed its bytes or its entry count', () => {
    const builder = new BatchBuilder({ maxBytes: 100, maxEntries: 3 });
    const s = { labels: { a: '1' } };
    assert.equal(builder.fits(60), true, 'an empty batch takes any entry');
    add(builder, s, '1', 'x'.repeat(60));
    assert.equal(builder.fits(41), false, '60 + 41 > 100 bytes');
    assert.equal(builder.fits(40), true);
    add(builder, s, '2', 'x'.repeat(20));
    add(builder, s, '3', 'x'.repeat(10));
    assert.equal(builder.fits(1), false, 'three entries is the count limit');
    const batch = builder.take();
    assert.deepEqual([batch.entries, batch.bytes], [3, 90]);
    assert.deepEqual([builder.entries, builder.bytes, builder.fits(1000)], [0, 0, true]);
  });

  test('entries are sorted per stream by their nanosecond timestamps, streams kept apart', () => {
    const builder = new BatchBuilder({ maxBytes: 1 << 20, maxEntries: 100 });
    const a = { labels: { host: 'a' } };
    const b = { labels: { host: 'b' } };
    add(builder, a, '1795269399603580002', 'a3');
    add(builder, b, '1795269399603580001', 'b1');
    add(builder, a, '1795269399603580000', 'a1');
    add(builder, a, '995269399603580001', 'a0');
    add(builder, a, '1795269399603580001', 'a2');
    const batch = builder.take();
    assert.deepEqual(batch.streams, [
      {
        stream: { host: 'a' },
        values: [
          ['995269399603580001', 'a0'],
          ['1795269399603580000', 'a1'],
          ['1795269399603580001', 'a2'],
          ['1795269399603580002', 'a3'],
        ],
      },
      { stream: { host: 'b' }, values: [['1795269399603580001', 'b1']] },
    ]);
    assert.deepEqual(batch.targets, [a, b]);
  });
});

describe('lines judged before sending', () => {
  test('records of the same labels share one stream object; other labels give another', () => {
    const j = judge();
    // A verdict is read before the next line is judged (the judge fills the same object again).
    const streamOf = (line: string) => {
      const v = j.judge(Buffer.from(line));
      assert.equal(v.kind, 'entry');
      return v.kind === 'entry' ? v.stream : undefined;
    };
    const s1 = streamOf(recordLine());
    const s2 = streamOf(recordLine({ message: 'again', timestamp: '2026-11-21T13:56:40Z' }));
    const s3 = streamOf(recordLine({ workload: 'fio' }));
    assert.equal(s1, s2);
    assert.notEqual(s1, s3);
    assert.deepEqual(s3!.labels, { component: 'runner', host: 'node-1', run_id: 'run-1', workload: 'fio' });
  });

  test('malformed lines give the reason', () => {
    assert.deepEqual(judge().judge(Buffer.from('not json')), { kind: 'malformed', message: 'invalid JSON: Unexpected token \'o\', "not json" is not valid JSON' });
    assert.deepEqual(judge().judge(Buffer.from(recordLine({ level: 'trace' }))), { kind: 'malformed', message: 'unknown level "trace"' });
  });

  test('a line over the size limit is rejected, or cut with a marker when asked', () => {
    const limits = { ...DEFAULT_PUSH_LIMITS, maxLineBytes: 300 };
    const long = recordLine({ message: 'é'.repeat(400) });
    const rejected = judge(limits).judge(Buffer.from(long));
    assert.deepEqual(rejected, {
      kind: 'rejected',
      reason: 'line-too-long',
      message: `line is ${Buffer.byteLength(long)} bytes long; Loki accepts at most 300 (limits_config.max_line_size; --truncate-long-lines cuts it with a marker)`,
    });
    const cut = judge(limits, true).judge(Buffer.from(long));
    assert.ok(cut.kind === 'entry');
    assert.equal(cut.truncated, true);
    assert.ok(cut.bytes <= 300 && cut.bytes >= 298, `cut to at most 300 bytes without splitting a character (${cut.bytes})`);
    assert.ok(cut.line.endsWith(` …[truncated by lb-obs: ${Buffer.byteLength(long)} bytes]`));
    assert.ok(long.startsWith(cut.line.slice(0, cut.line.indexOf(' …[truncated'))));
    assert.equal(Buffer.from(cut.line).toString(), cut.line, 'valid UTF-8');
  });

  test('truncation never splits a multi-byte character', () => {
    for (let max = 40; max < 60; max++) {
      const cut = truncateLine('€'.repeat(100), max);
      assert.ok(Buffer.byteLength(cut) <= max);
      assert.ok(!cut.includes('\ufffd'));
    }
  });

  test("lines older than Loki's max age or too far in the future are rejected with the timestamp", () => {
    assert.deepEqual(judge().judge(Buffer.from(recordLine({ timestamp: '2026-11-14T13:59:59Z' }))), {
      kind: 'rejected',
      reason: 'too-old',
      message: 'timestamp 2026-11-14T13:59:59.000Z is older than Loki accepts (7d, limits_config.reject_old_samples_max_age)',
    });
    assert.equal(judge().judge(Buffer.from(recordLine({ timestamp: '2026-11-14T14:00:01Z' }))).kind, 'entry');
    assert.deepEqual(judge().judge(Buffer.from(recordLine({ timestamp: '2026-11-21T14:10:01Z' }))), {
      kind: 'rejected',
      reason: 'too-new',
      message: 'timestamp 2026-11-21T14:10:01.000Z is more than 10m in the future (limits_config.creation_grace_period)',
    });
    const noAgeLimit = { ...DEFAULT_PUSH_LIMITS, maxAgeMs: undefined };
    assert.equal(judge(noAgeLimit).judge(Buffer.from(recordLine({ timestamp: '2020-01-01T00:00:00Z' }))).kind, 'entry');
  });

  test('a stream with too many labels rejects its lines with the reason', () => {
    const statics: Record<string, string> = {};
    for (let i = 0; i < 7; i++) statics[`extra${i}`] = 'x';
    const j = new LineJudge(new StreamTable(statics, DEFAULT_PUSH_LIMITS), DEFAULT_PUSH_LIMITS, false, NOW);
    const v = j.judge(Buffer.from(recordLine({ workload: 'w', package: 'p', plugin: 'p', scenario: 's', repetition: 1, tags: { phase: 'setup' } })));
    assert.equal(v.kind, 'rejected');
    assert.ok(v.kind === 'rejected' && v.reason === 'stream-labels' && v.message.startsWith('the stream has 16 label names'));
  });

  test('an exact repeat of an entry (same stream, timestamp and text) is sent once; a different text is not a repeat', () => {
    const j = judge();
    assert.equal(j.judge(Buffer.from(recordLine())).kind, 'entry');
    assert.equal(j.judge(Buffer.from(recordLine({ message: 'other' }))).kind, 'entry');
    assert.equal(j.judge(Buffer.from(recordLine())).kind, 'repeat');
    assert.equal(j.judge(Buffer.from(recordLine({ timestamp: '2026-11-21T13:56:39.603581Z' }))).kind, 'entry');
    assert.equal(j.judge(Buffer.from(recordLine())).kind, 'entry', 'a repeat is looked for at the latest timestamp only');
  });
});

describe('sizes and durations as Loki writes them', () => {
  test('durations', () => {
    assert.equal(parseDurationMs('168h'), 7 * 86_400_000);
    assert.equal(parseDurationMs('30d'), 30 * 86_400_000);
    assert.equal(parseDurationMs('1h30m'), 5_400_000);
    assert.equal(parseDurationMs('250ms'), 250);
    assert.equal(parseDurationMs('7 days'), undefined);
    assert.equal(parseDurationMs(''), undefined);
  });

  test('byte sizes', () => {
    assert.equal(parseByteSize('262144'), 262144);
    assert.equal(parseByteSize('256KB'), 262144);
    assert.equal(parseByteSize('1MiB'), 1 << 20);
    assert.equal(parseByteSize('big'), undefined);
  });
});
