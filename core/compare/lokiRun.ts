// A run that lives only in Loki (a Flyte execution, an Airflow DAG run, an lb run not collected locally), named by
// a LogQL log query over a time range. Its patterns come from one of two places: Loki's pattern ingester
// (/loki/api/v1/patterns: nothing is transferred but the templates), or our miner over the lines fetched, oldest
// first, up to a cap the user can raise. lb records are mined as in a run folder (message, level, component);
// other lines whole, with Loki's detected level and the component column of workflow logs (namespace).
import { lokiMetricQuery, LokiPattern, lokiPatterns } from '../loki/api';
import type { LokiConnection } from '../loki/connection';
import { labelColumnValues, detectedLevel } from '../logs/lokiLabelColumns';
import { lokiQueryPages } from '../logs/lokiQueryPager';
import type { MinedLogs } from '../logs/patterns/minePatterns';
import type { TemplateMiner } from '../logs/patterns/templateMiner';
import { parseLogLine } from '../logs/recordParser';

export interface LokiRunSpec {
  connection: LokiConnection;
  /** A LogQL log query selecting the run's lines, e.g. `{run_id="run-20261121-135600"}`. */
  query: string;
  /** [start, end) in nanoseconds since the epoch. */
  start: bigint;
  end: bigint;
  /** Lines fetched at most for our miner. */
  maxLines: number;
}

/** How a run's spec is written on the command line: `loki:` then the LogQL query. */
export const LOKI_RUN_PREFIX = 'loki:';

export interface LokiMineProgress {
  lines: number;
  maxLines: number;
}

/** Lines of a Loki run mined, and whether the cap stopped the fetching before the range's end. */
export interface MinedLokiRun {
  mined: MinedLogs;
  capped: boolean;
}

const NS_PER_MS = 1_000_000n;

export async function mineLokiRun(
  spec: LokiRunSpec,
  miner: TemplateMiner,
  source: number,
  opts: { signal?: AbortSignal; onProgress?: (p: LokiMineProgress) => void; onNotice?: (message: string) => void } = {},
): Promise<MinedLokiRun> {
  const mined: MinedLogs = { lines: 0, records: 0, malformed: 0, levels: new Map(), firstTime: null, lastTime: null };
  const pages = lokiQueryPages({
    connection: spec.connection,
    query: spec.query,
    start: spec.start,
    end: spec.end,
    direction: 'forward',
    // One more than the cap tells a run that fits from one that does not.
    limit: spec.maxLines + 1,
    // Entry labels (Loki's detected_level) merged into the stream's: all the miner needs, several times faster.
    categorizeLabels: false,
    signal: opts.signal,
    onNotice: opts.onNotice,
  });
  let capped = false;
  for await (const page of pages) {
    for (const entry of page) {
      if (mined.lines === spec.maxLines) {
        capped = true;
        break;
      }
      mined.lines++;
      const time = Number(entry.ns / NS_PER_MS);
      const parsed = parseLogLine(entry.line);
      const labels = { ...entry.stream, ...entry.entryLabels };
      const record = parsed.ok
        ? { message: parsed.record.message, level: parsed.level, component: parsed.record.component }
        : // Loki's `unknown` level (none found in the line) is counted as INFO, the level lb gives plain output.
          { message: entry.line, level: detectedLevel(labels) ?? 'INFO', component: labelColumnValues(labels).component ?? '' };
      // Every line is mined: a Loki run's lines are its records, lb's or not.
      mined.records++;
      miner.add({ ...record, time, source });
      let byLevel = mined.levels.get(record.component);
      if (!byLevel) mined.levels.set(record.component, (byLevel = new Map()));
      byLevel.set(record.level, (byLevel.get(record.level) ?? 0) + 1);
      if (mined.firstTime === null || time < mined.firstTime) mined.firstTime = time;
      if (mined.lastTime === null || time > mined.lastTime) mined.lastTime = time;
    }
    opts.onProgress?.({ lines: mined.lines, maxLines: spec.maxLines });
    if (capped) break;
  }
  return { mined, capped };
}

/** The run's lines as Loki counts them (`count_over_time` over the whole range), null when Loki refuses the query. */
async function lokiRunLines(spec: LokiRunSpec, signal?: AbortSignal): Promise<number | null> {
  const seconds = (spec.end - spec.start + NS_PER_S - 1n) / NS_PER_S;
  try {
    const samples = await lokiMetricQuery(spec.connection, { query: `sum(count_over_time(${spec.query} [${seconds}s]))`, time: spec.end, signal });
    return samples.reduce((n, s) => n + s.value, 0);
  } catch (err) {
    if (signal?.aborted) throw err;
    return null;
  }
}

const NS_PER_S = 1_000_000_000n;

export type LokiRunPatterns = { ok: true; patterns: LokiPattern[]; lines: number | null } | { ok: false; reason: string };

/**
 * Loki's own patterns of the run and its line count (to tell how many lines the patterns account for: the
 * pattern ingester drops lines when its queue is full and leaves out rare templates), or why there are none (the
 * pattern ingester is off: Loki answers 404).
 */
export async function lokiRunPatterns(spec: LokiRunSpec, signal?: AbortSignal): Promise<LokiRunPatterns> {
  try {
    const patterns = await lokiPatterns(spec.connection, { query: spec.query, start: spec.start, end: spec.end, signal });
    return { ok: true, patterns, lines: await lokiRunLines(spec, signal) };
  } catch (err) {
    if (signal?.aborted) throw err;
    return { ok: false, reason: (err as Error).message };
  }
}
