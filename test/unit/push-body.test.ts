// Which nanosecond timestamps a push body takes (Loki reads them as int64; strconv.ParseInt allows leading zeros),
// and the label set text Loki's JSON decoder would build. What Loki makes of whole bodies is tested against a
// real Loki in test/integration/push-body.test.ts. A push writes its bodies from the lines' bytes (StreamEntries):
// byte for byte the body pushBody() makes of the same streams.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { LokiStream } from '../../core/loki/api';
import { StreamEntries, decodeEntries, labelsText, nsNanos, nsProblem, nsSeconds, nsText, pushBody, streamsBody } from '../../core/loki/pushBody';

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
      fc.property(fc.array(stream, { minLength: 1, maxLength: 4 }), (streams) => {
        const parts = streams.map(([labels, entries]) => {
          const part = new StreamEntries();
          for (const [t, line] of entries) {
            const bytes = Buffer.from(`>${line}<`);
            part.add(nsSeconds(t), nsNanos(t), bytes, 1, bytes.length - 1);
          }
          part.sort();
          return { labels, entries: part };
        });
        const sorted: LokiStream[] = streams.map(([labels, entries]) => ({
          stream: labels,
          values: entries
            .map(([t, line]): [string, string] => [nsText(nsSeconds(t), nsNanos(t)), line])
            .sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : BigInt(a[0]) > BigInt(b[0]) ? 1 : 0)),
        }));
        const { body, entriesAt } = streamsBody(parts);
        assert.deepEqual(body, pushBody(sorted));
        assert.deepEqual(
          entriesAt.map(([from, to]) => decodeEntries(body, from, to)),
          sorted.map((s) => s.values),
        );
      }),
      { numRuns: 300 },
    );
  });

  test('a timestamp past int64 nanoseconds is refused as it is added', () => {
    const part = new StreamEntries();
    part.add(9223372036, 854775807, Buffer.from('ok'), 0, 2);
    assert.throws(() => part.add(9223372036, 854775808, Buffer.from('no'), 0, 2), /past the largest timestamp Loki stores/);
    assert.equal(part.count, 1);
  });
});
