// What a Loki knows about a selector's streams, for hints and Explain: a sample of recent lines, the number of
// streams (Loki's series) and the index's byte and line estimate (index/stats), over the last 24 hours.
import { lokiIndexStats, lokiQueryRange, lokiSeries } from '../../loki/api';
import type { LokiConnection } from '../../loki/connection';
import type { SelectorStats } from '../explain';

const LOOKBACK_MS = 24 * 3600_000;
const LOOKBACK_WORDS = 'the last 24 hours';
/** Lines sampled per selector: enough to see a format and parse errors, cheap for Loki. */
export const SAMPLE_LINES = 50;

/** Recent lines of the selector's streams, newest first. */
export async function sampleLines(loki: LokiConnection, selector: string, signal?: AbortSignal): Promise<string[]> {
  const end = Date.now();
  const streams = await lokiQueryRange(loki, { query: selector, start: end - LOOKBACK_MS, end, limit: SAMPLE_LINES, direction: 'backward', categorizeLabels: false, signal });
  return streams.flatMap((s) => s.values.map(([, line]) => line));
}

export async function selectorStats(loki: LokiConnection, selector: string, signal?: AbortSignal): Promise<SelectorStats> {
  const end = Date.now();
  const range = { start: end - LOOKBACK_MS, end, signal };
  const [series, stats] = await Promise.all([lokiSeries(loki, { match: [selector], ...range }), lokiIndexStats(loki, { query: selector, ...range })]);
  return { streams: series.length, bytes: stats.bytes, entries: stats.entries, over: LOOKBACK_WORDS };
}
