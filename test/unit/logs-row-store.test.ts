// The row store's columns, read back row by row after appends that cross pages, need wider types (offsets past
// 4 GiB, label ids past 65,535) or carry rows without a time of their own; and after a prepend.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLAG_NO_TIME, RowBatch, RowBatchBuilder } from '../../core/logs/rowBatch';
import { RowStore } from '../../core/logs/rowStore';

interface Row {
  offset: number;
  time: number;
  flags: number;
  label: number;
  messageStart: number;
  messageLength: number;
}

/** A batch as the indexer builds it: rows without a time carry the batch's last time (NaN before the first). */
function batchOf(rows: Row[], problems: Array<[number, string]> = []): RowBatch {
  const out = new RowBatchBuilder(rows.length);
  for (const row of rows) {
    const page = out.add(row.offset);
    const j = page.count - 1;
    page.times[j] = row.flags & FLAG_NO_TIME ? out.lastTime : (out.lastTime = row.time);
    page.flags[j] = row.flags;
    page.setLabel(j, row.label);
    page.messageStarts[j] = row.messageStart;
    page.messageLengths[j] = row.messageLength;
  }
  out.problems = problems;
  return out.build([]);
}

function rowsOf(store: RowStore): Row[] {
  return Array.from({ length: store.length }, (_, i) => ({
    offset: store.offset(i),
    time: store.time(i),
    flags: store.flags(i),
    label: store.label(i),
    messageStart: store.messageStart(i),
    messageLength: store.messageLength(i),
  }));
}

/** `count` rows from `offset` on, 100 bytes each; every 7th without a time (and the first `untimed`), labels from `label` on. */
function rows(count: number, offset: number, time: number, label: (k: number) => number, untimed = 0): Row[] {
  return Array.from({ length: count }, (_, k) => ({
    offset: offset + k * 100,
    time: time + k,
    flags: k % 7 === 3 || k < untimed ? FLAG_NO_TIME | 2 : 2,
    label: label(k),
    messageStart: k % 500,
    messageLength: 40 + (k % 9),
  }));
}

/** What the store must hold: a row without a time sorts under the time of the last row that has one. */
function expected(all: Row[]): Row[] {
  let last = -Infinity;
  return all.map((r) => {
    if (!(r.flags & FLAG_NO_TIME)) last = r.time;
    return { ...r, time: last };
  });
}

test('appends across pages keep every column; offsets past 4 GiB and label ids past 65,535 widen their page', () => {
  const store = new RowStore();
  const first = rows(70_000, 0, 1_000, (k) => k % 5);
  const far = rows(70_000, 2 ** 32 + 17, 200_000, (k) => k % 3);
  const map = new Uint32Array([0, 70_000, 12]);
  store.append(batchOf(first, [[5, 'invalid JSON']]), null, 1);
  store.append(batchOf(far, [[2, 'empty line']]), map, 2);
  const mapped = far.map((r) => ({ ...r, label: map[r.label] }));
  assert.deepEqual(rowsOf(store), expected([...first, ...mapped]));
  assert.deepEqual([...store.problems], [
    [5, 'invalid JSON'],
    [70_002, 'empty line'],
  ]);
  assert.equal(store.lastLineEnd, 2);
});

test('a batch put before the rows shifts their offsets, rows and problems', () => {
  const store = new RowStore();
  const later = rows(1_000, 0, 5_000, (k) => k % 4);
  store.append(batchOf(later, [[10, 'binary data']]), null, 99_999);
  const older = rows(500, 0, 1_000, (k) => k % 2);
  store.prepend(batchOf(older), 50_000);
  assert.deepEqual(rowsOf(store), expected([...older, ...later.map((r) => ({ ...r, offset: r.offset + 50_000 }))]));
  assert.deepEqual([...store.problems], [[510, 'binary data']]);
});

test('small batches are copied into pages of up to 64K rows between kept ones; every row is found whatever page holds it', () => {
  const store = new RowStore();
  const all: Row[] = [];
  let offset = 0;
  let time = 1_000;
  // Followed lines a few at a time, a scan worker's part (kept as built), more small batches, another part
  // whose first rows have no time (they sort under the time of the row before them, in another batch).
  for (const count of [3, 700, 1, 5_000, 90_000, 17, 2_500, 64_000, 4_095, 70_000, 9]) {
    const batch = rows(count, offset, time, (k) => (k + count) % 11, count === 64_000 ? 5 : 0);
    store.append(batchOf(batch), null, offset + count * 100 - 1);
    all.push(...batch);
    offset += count * 100;
    time += count;
  }
  assert.equal(store.length, all.length);
  assert.deepEqual(rowsOf(store), expected(all));
  // Pages hold 21 bytes a row: kept pages carry no unused room, the open page at most its doubling.
  assert.ok(store.bytes() <= 21 * all.length + 21 * 65_536, `${store.bytes()} bytes for ${all.length} rows`);
});

test('rows copied into an open page widen it: an offset 4 GiB past its first row, a label id past 65,535', () => {
  const store = new RowStore();
  const near = rows(10, 0, 1_000, (k) => k % 2);
  const far = rows(10, 2 ** 32 + 5, 2_000, (k) => k % 2);
  const map = new Uint32Array([0, 70_001]);
  store.append(batchOf(near), null, 999);
  store.append(batchOf(far), map, 2 ** 32 + 1_004);
  assert.deepEqual(rowsOf(store), expected([...near, ...far.map((r) => ({ ...r, label: map[r.label] }))]));
});
