// The histogram of a Loki log query over its whole range, counted by Loki: the metric query Grafana Explore's
// logs volume uses, `sum by (level, detected_level) (count_over_time(<query> | drop __error__ [<step>]))`, with
// `offset 1ms`: Loki counts (t - step, t] at each step t and moves t to multiples of the step (its query
// splitting aligns them), so buckets are laid on multiples of their width and each is counted at its end,
// shifted 1 ms: exactly [start, end) for entries on whole milliseconds (Loki answers nothing for a smaller
// offset; an entry less than 1 ms before a bar's end, at a sub-millisecond time, is counted in the next bar).
// Loki's /index/volume endpoint is not used: it sums bytes or entries per stream from the index and ignores the
// query's line filters and parsers, so its counts are not the query's lines.
import { LinkInputError } from '../logql/build/inputError';
import { checkedQuery } from '../logql/build/logqlQuery';
import { validateLogQL } from '../logql/validateQuery';
import { lokiMetricRangeQuery } from '../loki/api';
import type { LokiConnection } from '../loki/connection';
import { detectedLevel } from './lokiLabelColumns';
import type { HistogramBucket } from './model';

/**
 * The volume query of a log query, counting over `stepMs`. The log query is checked to be one (a metric query
 * or a comment would change what is counted); it ends with a newline so that a trailing `#` comment ends there.
 */
export function volumeQuery(logQuery: string, stepMs: number): string {
  const problem = validateLogQL(logQuery, { grafanaVariables: false, expect: 'log' }).find((p) => p.severity === 'error');
  if (problem) throw new LinkInputError(`not a valid log query: ${problem.message}`);
  return checkedQuery(`sum by (level, detected_level) (count_over_time(${logQuery}\n| drop __error__ [${Math.floor(stepMs)}ms] offset 1ms))`);
}

/**
 * Counts per level of the query's entries in each bucket (as volumeBuckets lays them out; every bucket is counted
 * over the full width, as the rows' histogram does). Entries without a level Loki recognises count as UNPARSED.
 */
export async function lokiVolume(connection: LokiConnection, logQuery: string, buckets: HistogramBucket[], signal?: AbortSignal): Promise<HistogramBucket[]> {
  if (buckets.length === 0) return [];
  const from = buckets[0].start;
  const width = buckets[0].end - from;
  const ms = (t: number) => BigInt(t) * 1_000_000n;
  const series = await lokiMetricRangeQuery(connection, {
    query: volumeQuery(logQuery, width),
    start: ms(from + width),
    end: ms(buckets[buckets.length - 1].start + width),
    stepSeconds: width / 1000,
    signal,
  });
  const result = buckets.map((b) => ({ start: b.start, end: b.end, counts: {} as HistogramBucket['counts'] }));
  for (const s of series) {
    const key = detectedLevel(s.metric) ?? 'UNPARSED';
    for (const [t, value] of s.values) {
      const b = Math.round((t * 1000 - from - width) / width);
      if (b < 0 || b >= result.length || !value) continue;
      result[b].counts[key] = (result[b].counts[key] ?? 0) + value;
    }
  }
  return result;
}
