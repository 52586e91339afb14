// Reads back everything Loki holds for a query, for tests that account for every pushed line: every entry
// (paging through query_range, which shows a line stored twice once) and count_over_time (which counts it twice).
import { randomBytes } from 'node:crypto';
import { lokiMetricQuery, lokiPush, lokiQueryRange } from '../../core/loki/api';
import type { LokiConnection } from '../../core/loki/connection';

export interface StoredEntry {
  /** Stream labels without service_name (which Loki adds). */
  labels: Record<string, string>;
  ns: string;
  line: string;
}

/** Every entry matching the selector between the two times (epoch ms), oldest first. */
export async function allEntries(conn: LokiConnection, selector: string, startMs: number, endMs: number): Promise<StoredEntry[]> {
  const seen = new Set<string>();
  const entries: StoredEntry[] = [];
  let start = BigInt(Math.floor(startMs)) * 1_000_000n;
  const end = BigInt(Math.ceil(endMs)) * 1_000_000n;
  for (;;) {
    const streams = await lokiQueryRange(conn, { query: selector, start, end, limit: 5000, direction: 'forward' });
    let count = 0;
    let last = start;
    for (const s of streams) {
      const { service_name: _added, ...labels } = s.stream;
      for (const [ns, line] of s.values) {
        count++;
        if (BigInt(ns) > last) last = BigInt(ns);
        const key = JSON.stringify([labels, ns, line]);
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push({ labels, ns, line });
      }
    }
    if (count < 5000) break;
    start = last === start ? last + 1n : last;
  }
  return entries.sort((a, b) => (BigInt(a.ns) < BigInt(b.ns) ? -1 : BigInt(a.ns) > BigInt(b.ns) ? 1 : a.line < b.line ? -1 : 1));
}

/** count_over_time of the selector over [startMs, endMs]: a line stored twice counts twice. */
export async function countOverTime(conn: LokiConnection, selector: string, startMs: number, endMs: number): Promise<number> {
  const rangeMs = Math.ceil(endMs - startMs) + 1;
  const samples = await lokiMetricQuery(conn, { query: `sum(count_over_time(${selector} [${rangeMs}ms]))`, time: Math.ceil(endMs) });
  return samples.reduce((sum, s) => sum + s.value, 0);
}

/**
 * Makes Loki flush its in-memory chunks and returns once it demonstrably no longer drops re-sent identical
 * lines (marker lines sent again are then counted twice), so that a test after it shows what the pusher does.
 */
export async function flushLoki(conn: LokiConnection): Promise<void> {
  const at = Date.now();
  const stream = { flush_marker: randomBytes(4).toString('hex') };
  const values = Array.from({ length: 50 }, (_, i): [string, string] => [(BigInt(at + i) * 1_000_000n).toString(), `marker ${i}`]);
  await lokiPush(conn, [{ stream, values }]);
  const res = await fetch(`${conn.url}/flush`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`POST /flush answered ${res.status}`);
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 500));
    await lokiPush(conn, [{ stream, values }]);
    if ((await countOverTime(conn, `{flush_marker="${stream.flush_marker}"}`, at - 1000, at + 1000)) > values.length) return;
  }
  throw new Error('Loki did not flush its chunks within 30 s');
}
