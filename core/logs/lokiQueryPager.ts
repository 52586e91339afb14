// Any LogQL log query's entries over a time range, page by page through query_range, newest first (backward,
// as Grafana and logcli read) or oldest first (forward). Loki answers at most `limit` entries per request, and
// many entries can share one nanosecond, so each next page starts AT the last page's last timestamp (for
// backward, the exclusive end is that timestamp + 1 ns) and the entries of that timestamp already given are
// dropped by identity (stream, timestamp, line): no gap and no repeat at any boundary. A nanosecond holding more
// entries than one request may return is read stream by stream (the query's selector narrowed to each stream).
import { renderSelector } from '../logql/build/logqlQuery';
import { parseLogQL } from '../logql/syntaxTree';
import type { LokiConnection } from '../loki/connection';
import { LokiStream, lokiQueryRange, lokiSeries } from '../loki/api';

/** One log entry of a query result. */
export interface LokiEntry {
  /** Nanoseconds since the epoch. */
  ns: bigint;
  line: string;
  /** The stream's labels (as pushed, plus what Loki adds such as service_name). */
  stream: Record<string, string>;
  /** Structured metadata (e.g. Loki's detected_level) and labels extracted by the query's parsers. */
  entryLabels?: Record<string, string>;
}

export interface LokiPagerOptions {
  connection: LokiConnection;
  /** A LogQL log query (not a metric query). */
  query: string;
  /** Inclusive, nanoseconds since the epoch. */
  start: bigint;
  /** Exclusive, nanoseconds since the epoch. */
  end: bigint;
  direction: 'backward' | 'forward';
  /** Entries in all (0: every entry in the range). */
  limit: number;
  /** Entries per request: at most Loki's max_entries_limit_per_query (5000 by default). */
  pageSize?: number;
  /** Entry labels apart from the stream's (default true); without, merged into the stream's and much faster. */
  categorizeLabels?: boolean;
  signal?: AbortSignal;
  /** Told when more entries share one nanosecond than a page can hold (Loki cannot page through them). */
  onNotice?: (message: string) => void;
}

export const DEFAULT_PAGE_SIZE = 5000;

/** The identity of an entry: the same entry answered by two requests (or by the tail) has the same key. */
export function entryKey(stream: Record<string, string>, ns: string | bigint, line: string): string {
  const labels = Object.keys(stream)
    .sort()
    .map((k) => [k, stream[k]]);
  return `${JSON.stringify(labels)}\0${ns}\0${line}`;
}

/** The entries of all streams of an answer, sorted by time in `direction` (stable: Loki's order for ties). */
export function flattenStreams(streams: LokiStream[], direction: 'backward' | 'forward'): LokiEntry[] {
  const entries: LokiEntry[] = [];
  for (const s of streams) {
    for (const [ts, line, entryLabels] of s.values) entries.push({ ns: BigInt(ts), line, stream: s.stream, entryLabels });
  }
  const sign = direction === 'forward' ? 1 : -1;
  return entries.sort((a, b) => (a.ns === b.ns ? 0 : a.ns < b.ns ? -sign : sign));
}

/** Pages of new entries, in order, until the range is exhausted or `limit` entries were given. */
export async function* lokiQueryPages(opts: LokiPagerOptions): AsyncGenerator<LokiEntry[]> {
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  let start = opts.start;
  let end = opts.end;
  let given = 0;
  /** The timestamp the next page starts at, and the keys of the entries at it already given. */
  let boundaryNs: bigint | undefined;
  let boundaryKeys = new Set<string>();
  while (opts.limit === 0 || given < opts.limit) {
    if (start >= end) return;
    const wanted = opts.limit === 0 ? pageSize : Math.min(pageSize, opts.limit - given + boundaryKeys.size);
    const streams = await lokiQueryRange(opts.connection, {
      query: opts.query,
      start,
      end,
      limit: wanted,
      direction: opts.direction,
      signal: opts.signal,
      categorizeLabels: opts.categorizeLabels,
    });
    const entries = flattenStreams(streams, opts.direction);
    const fresh: LokiEntry[] = [];
    for (const e of entries) {
      if (e.ns === boundaryNs && boundaryKeys.has(entryKey(e.stream, e.ns, e.line))) continue;
      if (opts.limit !== 0 && given + fresh.length >= opts.limit) break;
      fresh.push(e);
    }
    given += fresh.length;
    if (fresh.length) yield fresh;
    if (entries.length < wanted) return;

    const lastNs = entries[entries.length - 1].ns;
    if (fresh.length === 0) {
      // A whole page of one nanosecond, all given before: the rest of that nanosecond, stream by stream.
      const rest = await oneNanosecond(opts, lastNs, boundaryKeys, pageSize, opts.limit === 0 ? Infinity : opts.limit - given);
      given += rest.length;
      if (rest.length) yield rest;
      boundaryKeys = new Set();
      boundaryNs = undefined;
      if (opts.direction === 'backward') end = lastNs;
      else start = lastNs + 1n;
      continue;
    }
    if (lastNs !== boundaryNs) boundaryKeys = new Set();
    boundaryNs = lastNs;
    for (const e of entries) if (e.ns === lastNs) boundaryKeys.add(entryKey(e.stream, e.ns, e.line));
    if (opts.direction === 'backward') end = lastNs + 1n;
    else start = lastNs;
  }
}

/**
 * The entries at `ns` not in `seen`, asking for each stream of the query's selector alone (its exact labels as
 * the selector, the query's pipeline kept). A stream with more entries at one nanosecond than a request returns
 * cannot be read further: said through onNotice.
 */
async function oneNanosecond(opts: LokiPagerOptions, ns: bigint, seen: Set<string>, pageSize: number, max: number): Promise<LokiEntry[]> {
  const selector = parseLogQL(opts.query).topNode.getChild('Expr')?.getChild('LogExpr')?.getChild('Selector');
  if (!selector) return [];
  const [before, after] = [opts.query.slice(0, selector.from), opts.query.slice(selector.to)];
  const streams = await lokiSeries(opts.connection, { match: [opts.query.slice(selector.from, selector.to)], start: ns, end: ns + 1n, signal: opts.signal });
  const found: LokiEntry[] = [];
  for (const labels of streams) {
    if (found.length >= max) break;
    const matchers = Object.entries(labels).map(([label, value]) => ({ label, op: '=' as const, value }));
    const answer = await lokiQueryRange(opts.connection, {
      query: `${before}${renderSelector(matchers)}${after}`,
      start: ns,
      end: ns + 1n,
      limit: pageSize,
      direction: opts.direction,
      signal: opts.signal,
      categorizeLabels: opts.categorizeLabels,
    });
    const entries = flattenStreams(answer, opts.direction);
    if (entries.length >= pageSize) {
      opts.onNotice?.(`more than ${pageSize} entries of one stream share the nanosecond ${ns}; Loki returns at most ${pageSize} of them, the others are left out`);
    }
    for (const e of entries) {
      if (found.length >= max) break;
      const key = entryKey(e.stream, e.ns, e.line);
      if (seen.has(key)) continue;
      seen.add(key);
      found.push(e);
    }
  }
  return found;
}

