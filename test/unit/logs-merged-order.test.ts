// The session's time order over several sources: for each position the source and row a plain stable merge
// gives, kept as runs while sources follow each other in time (nearly no memory per row) and as columns once
// they interleave line by line; rows added later extend it the same way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MergedOrder } from '../../core/logs/mergedOrder';
import type { RowSource } from '../../core/logs/rowSource';

/** A stand-in source whose rows have these times (only the store's length and times are read; `times` may grow). */
function source(times: number[]): RowSource {
  const store = {
    get length() {
      return times.length;
    },
    time: (r: number) => times[r],
    maxTime: (from: number, to: number) => times.slice(from, to).reduce((a, b) => Math.max(a, b), -Infinity),
  };
  return { store } as unknown as RowSource;
}

/** What a stable merge by time gives, ties by source order, each source in its own order. */
function expected(all: number[][]): Array<[number, number]> {
  const rows = all.flatMap((times, s) => times.map((t, r) => ({ t, s, r })));
  const heads = all.map(() => 0);
  const out: Array<[number, number]> = [];
  while (out.length < rows.length) {
    let best = -1;
    for (let s = 0; s < all.length; s++) if (heads[s] < all[s].length && (best < 0 || all[s][heads[s]] < all[best][heads[best]])) best = s;
    out.push([best, heads[best]++]);
  }
  return out;
}

function placed(order: MergedOrder): Array<[number, number]> {
  return Array.from({ length: order.length }, (_, pos) => [order.source(pos), order.row(pos)]);
}

test('one file, then files that follow each other in time: a run each, a few bytes in all', () => {
  const one = [Array.from({ length: 200_000 }, (_, r) => 1_000 + r)];
  const single = MergedOrder.build(one.map(source));
  assert.deepEqual(placed(single), expected(one));
  assert.equal(single.bytes(), 24);

  const rotated = [Array.from({ length: 5_000 }, (_, r) => 10_000 + r), Array.from({ length: 3_000 }, (_, r) => r), Array.from({ length: 4_000 }, (_, r) => 20_000 + r)];
  const order = MergedOrder.build(rotated.map(source));
  assert.deepEqual(placed(order), expected(rotated));
  assert.equal(order.bytes(), 3 * 24);
  // Read backwards and at random: the lookup does not depend on reading forward.
  for (const pos of [11_999, 0, 7_999, 3_000, 8_000, 2_999]) assert.deepEqual([order.source(pos), order.row(pos)], expected(rotated)[pos]);
});

test('files interleaved line by line: columns of 6 bytes a row, the same positions', () => {
  const times = [0, 1, 2].map((s) => Array.from({ length: 30_000 }, (_, r) => r * 3 + s));
  const order = MergedOrder.build(times.map(source));
  assert.deepEqual(placed(order), expected(times));
  assert.ok(order.bytes() >= 90_000 * 6 && order.bytes() < 90_000 * 6 + 400_000, `${order.bytes()} bytes`);
});

test('rows added later extend the last run, or start a new one', () => {
  const a = Array.from({ length: 1_000 }, (_, r) => r);
  const b: number[] = [];
  const sources = [source(a), source(b)];
  const order = MergedOrder.build(sources);
  a.push(...Array.from({ length: 500 }, (_, r) => 1_000 + r));
  assert.ok(order.canAppend(sources));
  order.mergeNew(sources);
  b.push(...Array.from({ length: 700 }, (_, r) => 2_000 + r));
  order.mergeNew(sources);
  assert.deepEqual(placed(order), expected([a, b]));
  assert.equal(order.bytes(), 2 * 24);
});
