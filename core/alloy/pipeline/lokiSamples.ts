// Sample entries for a pipeline preview from Loki: the newest lines of a selector, oldest first, each with its
// stream's labels and its timestamp to the nanosecond.
import { lokiQueryRange } from '../../loki/api';
import type { LokiConnection } from '../../loki/connection';
import type { SampleEntry } from './model';

export async function recentLokiEntries(
  connection: LokiConnection,
  selector: string,
  opts: { limit: number; sinceMs: number; now?: number; signal?: AbortSignal },
): Promise<SampleEntry[]> {
  const end = opts.now ?? Date.now();
  const streams = await lokiQueryRange(connection, {
    query: selector,
    start: new Date(end - opts.sinceMs),
    end: new Date(end),
    limit: opts.limit,
    direction: 'backward',
    signal: opts.signal,
  });
  return streams
    .flatMap((s) => s.values.map(([ns, line]) => ({ ns: BigInt(ns), line, labels: s.stream })))
    .sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0))
    .map((e) => ({ line: e.line, labels: e.labels, timestamp: nsToRfc3339(e.ns) }));
}

/** Nanoseconds since the epoch as RFC 3339 with all nine fraction digits (Date stops at milliseconds). */
export function nsToRfc3339(ns: bigint): string {
  const seconds = ns / 1_000_000_000n;
  const fraction = String(ns % 1_000_000_000n).padStart(9, '0');
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}
