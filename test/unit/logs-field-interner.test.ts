// The field interner against a Map: equal values get one id and their text, different values different ids,
// whatever their length (values of up to 12 bytes are told apart by words, longer ones by their bytes), and
// values it does not intern (escaped, over 256 bytes, past its capacity) get no id.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { FieldInterner } from '../../core/logs/lineClassifier';

/** Values from a few letters, so that many share their first, middle or last four bytes. */
const valueArb = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '-', '1'), maxLength: 20 });

describe('field interner', () => {
  test('equal values share an id and their text; different values, of any length, never do', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { maxLength: 60 }), fc.nat(16), (values, pad) => {
        const interner = new FieldInterner();
        const ids = new Map<string, number>();
        for (const value of values) {
          // The value inside a larger buffer, at an offset that varies: words are read wherever it lies.
          const bytes = Buffer.concat([Buffer.alloc(pad, 0x20), Buffer.from(`"${value}"`), Buffer.alloc(pad, 0x20)]);
          const start = pad + 1;
          assert.equal(interner.get(bytes, start, bytes.length - pad - 1, false), value);
          const id = interner.lastId;
          assert.ok(id > 0, `${JSON.stringify(value)} gets an id`);
          if (ids.has(value)) assert.equal(id, ids.get(value), JSON.stringify(value));
          else assert.ok(![...ids.values()].includes(id), `${JSON.stringify(value)} gets a new id`);
          ids.set(value, id);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('escaped and very long values, and values past the capacity, get their text and no id', () => {
    const interner = new FieldInterner(2);
    const get = (raw: string, escaped = false) => {
      const b = Buffer.from(raw);
      return [interner.get(b, 0, b.length, escaped), interner.lastId] as const;
    };
    assert.deepEqual(get('a\\"b', true), ['a"b', -1]);
    assert.deepEqual(get('x'.repeat(257)), ['x'.repeat(257), -1]);
    assert.deepEqual(get(''), ['', 1]);
    assert.deepEqual(get('node-1'), ['node-1', 2]);
    assert.deepEqual(get('node-2'), ['node-2', -1]);
    assert.deepEqual(get(''), ['', 1]);
    assert.deepEqual(get('node-1'), ['node-1', 2]);
  });
});
