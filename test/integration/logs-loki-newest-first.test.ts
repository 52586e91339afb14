// The panel's Loki history newest first, against a real Loki: the session opens with the newest page of the
// range, older pages are put before it as they load, and at every change the rows shown are the newest lines
// of the range in time order, each once, with no gap (entries sharing a nanosecond across page boundaries,
// and a nanosecond holding more entries than a page). Lines pushed while following come at the end, once.
// While the history loads, the histogram is Loki's count over the whole range (lokiVolume.ts), bucket by
// bucket equal to the pushed lines, and equal to the rows' own histogram once everything is loaded.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LokiStream, lokiPush } from '../../core/loki/api';
import type { LokiConnection } from '../../core/loki/connection';
import { LocalLogSession } from '../../core/logs/logSession';
import type { HistogramBucket, LogRow, LogSessionInfo } from '../../core/logs/model';
import { uniqueRunId } from '../support/lbStreams';
import { allRows } from '../support/logTruth';
import { RunningLoki, startLoki } from '../support/loki';
import { lokiBinary, needs } from '../support/prerequisites';

const SUITE = 'integration/logs-loki-newest-first';
const PAGE = 100;

interface Entry {
  pod: string;
  ns: bigint;
  line: string;
}

function toStreams(namespace: string, entries: Entry[]): LokiStream[] {
  const streams = new Map<string, LokiStream>();
  for (const e of entries) {
    let s = streams.get(e.pod);
    if (!s) streams.set(e.pod, (s = { stream: { namespace, pod: e.pod }, values: [] }));
    s.values.push([e.ns.toString(), e.line]);
  }
  for (const s of streams.values()) s.values.sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : BigInt(a[0]) > BigInt(b[0]) ? 1 : 0));
  return [...streams.values()];
}

async function eventually(what: string, check: () => Promise<boolean>, state: () => Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the session: ${JSON.stringify(await state())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Loki history newest first (the panel)', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  let conn: LokiConnection;
  let session: LocalLogSession;
  const namespace = `airflow-${uniqueRunId()}`;
  const entries: Entry[] = [];
  /** Snapshots of the rows shown: right after opening, then at each change. */
  const snapshots: LogRow[][] = [];
  let histogramWhileLoading: Promise<HistogramBucket[]>;
  let infoAtHistogram: Promise<LogSessionInfo>;

  before(async () => {
    loki = await startLoki();
    conn = { url: loki.url };
    const start = BigInt(Date.now() - 30 * 60_000) * 1_000_000n;
    // 2,000 lines a millisecond apart over three pods; every 37th millisecond holds 7 lines at one nanosecond
    // (two pods), so page boundaries fall inside shared nanoseconds; one nanosecond holds 150 lines (two pods),
    // more than a page of 100.
    for (let i = 0; i < 2000; i++) {
      const ns = start + BigInt(i) * 1_000_000n;
      if (i % 37 === 5) {
        for (let k = 0; k < 7; k++) entries.push({ pod: k % 2 ? 'worker-b' : 'worker-a', ns, line: `level=info msg="tie ${i} ${k}"` });
      } else if (i === 1234) {
        for (let k = 0; k < 150; k++) entries.push({ pod: k % 2 ? 'worker-b' : 'worker-a', ns, line: `level=warn msg="crowd ${k}"` });
      } else {
        entries.push({ pod: ['worker-a', 'worker-b', 'scheduler'][i % 3], ns, line: `level=info msg="line ${i}"` });
      }
    }
    await lokiPush(conn, toStreams(namespace, entries));
    session = await LocalLogSession.open({
      loki: { connection: conn, query: `{namespace="${namespace}"}`, start: Number(start / 1_000_000n) - 60_000, pageLimit: PAGE, newestFirst: true, labelColumns: true },
    });
    // rows() reads the view synchronously: each snapshot is the view as it was at that moment.
    const snap = () => void session.rows(0, Number.MAX_SAFE_INTEGER).then((rows) => snapshots.push(rows));
    snap();
    session.onDidChange(snap);
    // Both read the session at once: the histogram is asked for while only the newest page is loaded.
    infoAtHistogram = session.info();
    histogramWhileLoading = session.histogram(50);
  });

  after(async () => {
    await session?.dispose();
    await loki?.stop();
  });

  /** The lines of `rows` must be the newest of the pushed entries, in time order, each once. */
  function assertNewestSuffix(rows: LogRow[], what: string): void {
    const byLine = new Map(entries.map((e) => [e.line, e]));
    const shown = rows.map((r) => byLine.get(r.message));
    assert.ok(shown.every((e) => e !== undefined), `${what}: only pushed lines`);
    assert.equal(new Set(rows.map((r) => r.message)).size, rows.length, `${what}: each line once`);
    for (let i = 1; i < shown.length; i++) assert.ok(shown[i - 1]!.ns <= shown[i]!.ns, `${what}: time order at row ${i}`);
    const oldest = shown[0]!.ns;
    const missing = entries.filter((e) => e.ns > oldest && !rows.some((r) => r.message === e.line));
    assert.deepEqual(missing, [], `${what}: no gap after the oldest line shown`);
  }

  test('opens with the newest page, then older pages come before it without gaps or repeats', async () => {
    await eventually('the history to load', async () => !(await session.info()).loading, () => session.info());
    await session.settle();
    assert.equal(snapshots[0].length, PAGE, 'the first view is the newest page');
    for (const [i, rows] of snapshots.entries()) assertNewestSuffix(rows, `view ${i}`);
    const counts = snapshots.map((rows) => rows.length);
    console.log(`rows shown at each change: ${counts.join(", ")}`);
    assert.ok(counts.length >= 4, `older history arrives in several batches: ${counts.join(', ')}`);
    const rows = await allRows(session);
    assert.equal(rows.length, entries.length);
    assert.deepEqual(rows.map((r) => r.message).sort(), entries.map((e) => e.line).sort());
    assertNewestSuffix(rows, 'the whole history');
    assert.deepEqual((await session.facets()).level, { INFO: 1945 + 54 * 7, WARNING: 150 });
  });

  test("while loading, the histogram is Loki's count of the whole range; then the rows' count agrees", async () => {
    const info = await infoAtHistogram;
    assert.equal(info.loading, true);
    assert.equal(info.lines, PAGE);
    const buckets = await histogramWhileLoading;
    assert.ok(buckets.length >= 50 && buckets.length <= 51, `${buckets.length} buckets`);
    const truth = truthOf(buckets);
    assert.deepEqual(buckets, truth);
    const total = (bs: HistogramBucket[], level: 'INFO' | 'WARNING') => bs.reduce((sum, b) => sum + (b.counts[level] ?? 0), 0);
    assert.equal(total(buckets, 'INFO'), 2323);
    assert.equal(total(buckets, 'WARNING'), 150);

    await eventually('the history to load', async () => !(await session.info()).loading, () => session.info());
    await session.setFilter({ from: buckets[0].start, to: buckets[buckets.length - 1].end });
    const rowsHistogram = await session.histogram(50);
    assert.deepEqual(rowsHistogram, truthOf(rowsHistogram));
    assert.equal(total(rowsHistogram, 'INFO'), 2323);
    await session.setFilter({});
  });

  /** Each bucket's counts of the pushed entries (over the full width, as both histograms count). */
  function truthOf(buckets: HistogramBucket[]): HistogramBucket[] {
    const width = buckets[0].end - buckets[0].start;
    return buckets.map((b) => {
      const counts: HistogramBucket['counts'] = {};
      for (const e of entries) {
        const ms = Number(e.ns / 1_000_000n);
        if (ms < b.start || ms >= b.start + width) continue;
        const level = e.line.startsWith('level=warn') ? 'WARNING' : 'INFO';
        counts[level] = (counts[level] ?? 0) + 1;
      }
      return { start: b.start, end: b.end, counts };
    });
  }

  test('lines pushed while following come at the end, once', async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    const live: Entry[] = [0, 1, 2].map((i) => ({ pod: 'worker-a', ns: now + BigInt(i), line: `level=error msg="live ${i}"` }));
    await lokiPush(conn, toStreams(namespace, live));
    entries.push(...live);
    await eventually('the live lines', async () => (await session.info()).lines === entries.length, () => session.info());
    await new Promise((r) => setTimeout(r, 1500));
    const rows = await allRows(session);
    assert.equal(rows.length, entries.length);
    assert.deepEqual(rows.slice(-3).map((r) => r.message), live.map((e) => e.line));
    assertNewestSuffix(rows, 'after following');
  });
});
