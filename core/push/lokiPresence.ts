// Which of our entries Loki already has. Loki drops an identical (stream, timestamp, line) entry only while the
// first copy is in the stream's open head block; once that block is cut or flushed a second copy is stored, and
// while log queries hide it, metric queries (count_over_time, Grafana's volume panels) count it twice. So a
// batch that Loki may already hold (sent before, by lb's own live push or by an attempt whose answer was lost)
// is checked against Loki and only the missing entries are sent.
import { LokiStream, lokiQueryRange, lokiSeries } from '../loki/api';
import type { LokiConnection } from '../loki/connection';
import { quoteLogQLString } from '../logql/build/logqlString';

/** Labels Loki adds to the streams it stores. */
const ADDED_BY_LOKI = new Set(['service_name', 'detected_level']);
/**
 * lb's live push stamps an entry with the record's creation time in nanoseconds while the JSONL line carries it
 * rounded to microseconds, so the same line within this distance is the same entry.
 */
export const SAME_ENTRY_TOLERANCE_NS = 1_000_000n;
/** Loki's default limits_config.max_entries_limit_per_query. */
const PAGE_LIMIT = 5000;

/** `{a="x", b="y"}`: the selector of exactly these labels (Loki also returns streams with more labels). */
export function exactSelector(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${quoteLogQLString(v, `label ${k}`)}`).join(', ')}}`;
}

/** Whether a stream Loki returned is the one we push (and not one with extra labels of its own). */
export function sameStream(ours: Record<string, string>, theirs: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(ours)) if (theirs[k] !== v) return false;
  for (const k of Object.keys(theirs)) if (!(k in ours) && !ADDED_BY_LOKI.has(k)) return false;
  return true;
}

/** For each label set, whether Loki holds any entry of that exact stream between startMs and endMs. */
export async function streamsWithEntries(
  conn: LokiConnection,
  labelSets: Array<Record<string, string>>,
  startMs: number,
  endMs: number,
  signal?: AbortSignal,
): Promise<boolean[]> {
  if (labelSets.length === 0) return [];
  const series = await lokiSeries(conn, { match: labelSets.map(exactSelector), start: Math.floor(startMs), end: Math.ceil(endMs), signal });
  return labelSets.map((ours) => series.some((theirs) => sameStream(ours, theirs)));
}

/** The lines Loki holds in the stream between fromNs and toNs (inclusive), with their timestamps. */
export async function entriesInLoki(
  conn: LokiConnection,
  labels: Record<string, string>,
  fromNs: bigint,
  toNs: bigint,
  signal?: AbortSignal,
): Promise<Map<string, bigint[]>> {
  const found = new Map<string, bigint[]>();
  const query = exactSelector(labels);
  let start = fromNs;
  for (;;) {
    const streams = await lokiQueryRange(conn, { query, start, end: toNs + 1n, limit: PAGE_LIMIT, direction: 'forward', signal });
    let count = 0;
    let last = start;
    let first: bigint | undefined;
    for (const s of streams) {
      for (const [ts, line] of s.values) {
        count++;
        const ns = BigInt(ts);
        if (ns > last) last = ns;
        if (first === undefined || ns < first) first = ns;
        if (!sameStream(labels, s.stream)) continue;
        const list = found.get(line);
        if (!list) found.set(line, [ns]);
        else if (!list.includes(ns)) list.push(ns);
      }
    }
    if (count < PAGE_LIMIT) return found;
    // The next page starts at the last timestamp seen (entries sharing it are read again and deduplicated),
    // or after it when a whole page shares one timestamp.
    start = first === last ? last + 1n : last;
  }
}

function hasEntry(found: Map<string, bigint[]>, ns: bigint, line: string): boolean {
  const list = found.get(line);
  if (!list) return false;
  return list.some((t) => (t > ns ? t - ns : ns - t) <= SAME_ENTRY_TOLERANCE_NS);
}

/** For each stream, the entries Loki does not hold yet (in the same order as given). */
export async function entriesMissingInLoki(
  conn: LokiConnection,
  streams: LokiStream[],
  signal?: AbortSignal,
): Promise<Array<LokiStream['values']>> {
  const missing: Array<LokiStream['values']> = [];
  for (const s of streams) {
    if (s.values.length === 0) {
      missing.push([]);
      continue;
    }
    let min = BigInt(s.values[0][0]);
    let max = min;
    for (const v of s.values) {
      const ns = BigInt(v[0]);
      if (ns < min) min = ns;
      if (ns > max) max = ns;
    }
    const found = await entriesInLoki(conn, s.stream, min - SAME_ENTRY_TOLERANCE_NS, max + SAME_ENTRY_TOLERANCE_NS, signal);
    missing.push(found.size ? s.values.filter((v) => !hasEntry(found, BigInt(v[0]), v[1])) : s.values);
  }
  return missing;
}
