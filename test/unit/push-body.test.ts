// Which nanosecond timestamps a push body takes (Loki reads them as int64; strconv.ParseInt allows leading zeros),
// and the label set text Loki's JSON decoder would build. What Loki makes of whole bodies is tested against a
// real Loki in test/integration/push-body.test.ts. A push writes its bodies from the lines' bytes (BatchBuilder,
// putEntryHead): byte for byte the body pushBody() makes of the same streams.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { LokiStream } from '../../core/loki/api';
import { labelsText, nsNanos, nsProblem, nsSeconds, nsText, pushBody } from '../../core/loki/pushBody';
import { BatchBuilder } from '../../core/push/batchBuilder';

describe('push body', () => {
  test('timestamps: digits up to int64, leading zeros allowed', () => {
    for (const ns of ['0', '1', '1795269399603580000', '9223372036854775807', '0009223372036854775807']) assert.equal(nsProblem(ns), undefined, ns);
    for (const ns of ['', '-1', '1.5e18', ' 1', '１']) assert.equal(nsProblem(ns), 'is not nanoseconds as a digit string', ns);
    for (const ns of ['9223372036854775808', '10000000000000000000', '09223372036854775808']) {
      assert.equal(nsProblem(ns), 'is past the largest timestamp Loki stores (int64 nanoseconds)', ns);
    }
  });

  test('labels: sorted by name, values quoted, a lone surrogate as UTF-8 makes it', () => {
    assert.equal(labelsText({ z: 'a "b" \\ c\n', a: 'é', m: 'x\ud800' }), '{a="é", m="x\ufffd", z="a \\"b\\" \\\\ c\\n"}');
    assert.equal(labelsText({}), '{}');
  });

  test('a body written from bytes is the body of the same streams, entries sorted per stream, and decodes back', () => {
    const ns = fc.oneof(
      fc.bigInt({ min: 0n, max: 9223372036854775807n }).map(String),
      fc.constantFrom('0', '1', '999999999', '1000000000', '1795269399603580000', '2147483648000000000', '9223372036854775807'),
    );
    const entry = fc.tuple(ns, fc.string({ unit: 'grapheme', maxLength: 300 }));
    const stream = fc.tuple(fc.dictionary(fc.constantFrom('host', 'workload', 'phase'), fc.string({ maxLength: 8 })), fc.array(entry, { maxLength: 20 }));
    fc.assert(
      fc.property(fc.array(stream, { minLength: 1, maxLength: 4 }), fc.boolean(), (streams, keep) => {
        // Streams interleaved as a file would have them: entry j of every stream, then entry j + 1.
        const builder = new BatchBuilder({ maxBytes: 1 << 30, maxEntries: 1 << 20 });
        const targets = streams.map(([labels]) => ({ labels }));
        const buffers: Buffer[] = [];
        for (let j = 0; j < 20; j++) {
          streams.forEach(([, entries], i) => {
            if (j >= entries.length) return;
            const [t, line] = entries[j];
            const bytes = Buffer.from(`>${line}<`);
            buffers.push(bytes);
            builder.add(targets[i], nsSeconds(t), nsNanos(t), bytes, 1, bytes.length - 1);
          });
        }
        // A caller about to reuse its buffers has the builder copy the lines first.
        if (keep) {
          for (const b of buffers) {
            builder.keep(b);
            b.fill(0x21);
          }
        }
        const sorted: LokiStream[] = streams.map(([labels, entries]) => ({
          stream: labels,
          values: entries
            .map(([t, line]): [string, string] => [nsText(nsSeconds(t), nsNanos(t)), line])
            .sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : BigInt(a[0]) > BigInt(b[0]) ? 1 : 0)),
        }));
        const batch = builder.take();
        const nonEmpty = sorted.filter((s) => s.values.length > 0);
        assert.deepEqual(batch.body, pushBody(nonEmpty));
        assert.deepEqual(
          batch.streams.map((s) => ({ stream: s.stream, values: s.values })),
          nonEmpty,
        );
      }),
      { numRuns: 300 },
    );
  });

  test('a timestamp past int64 nanoseconds is refused as it is added', () => {
    const builder = new BatchBuilder({ maxBytes: 1 << 20, maxEntries: 100 });
    const target = { labels: { a: '1' } };
    builder.add(target, 9223372036, 854775807, Buffer.from('ok'), 0, 2);
    assert.throws(() => builder.add(target, 9223372036, 854775808, Buffer.from('no'), 0, 2), /past the largest timestamp Loki stores/);
    assert.equal(builder.entries, 1);
  });
});
