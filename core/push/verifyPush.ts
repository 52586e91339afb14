// Checks that Loki holds what the files say it should: every stream's entry count in Loki over the run's time
// range against the count the same rules as the push give from the files (malformed lines and lines Loki
// refuses are not expected; exact repeats are expected once). Counting uses count_over_time, which counts a
// line stored twice twice, so doubles show up as well as gaps.
import { LokiHttpError, lokiMetricQuery } from '../loki/api';
import type { LokiConnection } from '../loki/connection';
import { readLines } from '../logs/lineReader';
import type { FileFamily } from './inputFiles';
import { DEFAULT_PUSH_LIMITS, PushLimits } from './limits';
import { LineJudge, StreamTable } from './lineJudge';
import { exactSelector } from './lokiPresence';
import { compareNs } from './timestampNs';

export interface StreamTally {
  labels: Record<string, string>;
  /** Entries the files give this stream. */
  expected: number;
  /** Entries Loki holds in the stream over its time range. */
  found: number;
  minNs: string;
  maxNs: string;
}

export interface VerifyReport {
  ok: boolean;
  streams: StreamTally[];
  /** Streams whose counts differ. */
  differences: StreamTally[];
  /** Streams of the same run, component and host in Loki that the files do not give (other labels). */
  unexpected: Array<{ labels: Record<string, string>; found: number }>;
  expectedTotal: number;
  foundTotal: number;
  /** What may explain the differences. */
  notes: string[];
}

/** Loki's default querier.query_ingesters_within: older data is read from its store only. */
const INGESTER_QUERY_WINDOW_MS = 3 * 3_600_000;

export interface ExpectOptions {
  staticLabels?: Record<string, string>;
  limits?: Partial<PushLimits>;
  truncateLongLines?: boolean;
  nowMs?: number;
  signal?: AbortSignal;
}

/** Per stream, the entries a push of these files puts into Loki. */
export async function expectedStreams(families: FileFamily[], opts: ExpectOptions = {}): Promise<StreamTally[]> {
  const limits = { ...DEFAULT_PUSH_LIMITS, ...opts.limits };
  const table = new StreamTable(opts.staticLabels ?? {}, limits);
  const tallies = new Map<string, StreamTally>();
  for (const family of families) {
    for (const file of family.files) {
      const judge = new LineJudge(table, limits, opts.truncateLongLines ?? false, opts.nowMs ?? Date.now());
      for await (const fileLine of readLines(file, { signal: opts.signal })) {
        if (fileLine.truncated) continue;
        const verdict = judge.judge(fileLine.bytes);
        if (verdict.kind !== 'entry') continue;
        let tally = tallies.get(verdict.stream.key);
        if (!tally) {
          tally = { labels: verdict.stream.labels, expected: 0, found: 0, minNs: verdict.ns, maxNs: verdict.ns };
          tallies.set(verdict.stream.key, tally);
        }
        tally.expected++;
        if (compareNs(verdict.ns, tally.minNs) < 0) tally.minNs = verdict.ns;
        if (compareNs(verdict.ns, tally.maxNs) > 0) tally.maxNs = verdict.ns;
      }
    }
  }
  return [...tallies.values()];
}

/** How streams are grouped into queries: by more and more labels until a group is small enough for Loki. */
const GROUPINGS = [
  ['run_id', 'component', 'host'],
  ['run_id', 'component', 'host', 'workload'],
  ['run_id', 'component', 'host', 'workload', 'repetition'],
];

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** Counts per stream in Loki for one group of streams that share the labels in `selectorLabels`. */
async function countGroup(conn: LokiConnection, group: StreamTally[], selectorLabels: Record<string, string>, signal?: AbortSignal) {
  const names = [...new Set(group.flatMap((t) => Object.keys(t.labels)))].sort();
  let min = group[0].minNs;
  let max = group[0].maxNs;
  for (const t of group) {
    if (compareNs(t.minNs, min) < 0) min = t.minNs;
    if (compareNs(t.maxNs, max) > 0) max = t.maxNs;
  }
  // count_over_time([d]) at time t counts (t - d, t]: one millisecond of margin on each side.
  const endMs = Math.ceil(Number(max) / 1e6) + 1;
  const rangeMs = endMs - Math.floor(Number(min) / 1e6) + 1;
  const query = `sum by (${names.join(', ')}) (count_over_time(${exactSelector(selectorLabels)} [${rangeMs}ms]))`;
  return lokiMetricQuery(conn, { query, time: endMs, signal });
}

function seriesLimitError(err: unknown): boolean {
  return err instanceof LokiHttpError && err.status === 400 && /series/i.test(err.body);
}

/** Compares the expected streams with what Loki holds. */
export async function verifyInLoki(
  conn: LokiConnection,
  expected: StreamTally[],
  opts: { staticLabels?: Record<string, string>; signal?: AbortSignal; nowMs?: number } = {},
): Promise<VerifyReport> {
  const staticLabels = opts.staticLabels ?? {};
  const signal = opts.signal;
  const nowMs = opts.nowMs ?? Date.now();
  const tallies = expected.map((t) => ({ ...t, found: 0 }));
  const unexpected: VerifyReport['unexpected'] = [];
  const countLevel = async (group: StreamTally[], level: number): Promise<void> => {
    const byKey = new Map<string, StreamTally[]>();
    for (const t of group) {
      const key = JSON.stringify(GROUPINGS[level].map((n) => t.labels[n] ?? null));
      byKey.set(key, [...(byKey.get(key) ?? []), t]);
    }
    for (const members of byKey.values()) {
      const selectorLabels: Record<string, string> = { ...staticLabels };
      for (const n of GROUPINGS[level]) if (members[0].labels[n] !== undefined) selectorLabels[n] = members[0].labels[n];
      let samples;
      try {
        samples = await countGroup(conn, members, selectorLabels, signal);
      } catch (err) {
        if (seriesLimitError(err) && level + 1 < GROUPINGS.length) {
          await countLevel(members, level + 1);
          continue;
        }
        throw err;
      }
      for (const sample of samples) {
        const tally = members.find((t) => sameLabels(t.labels, sample.metric));
        if (tally) tally.found += sample.value;
        else unexpected.push({ labels: sample.metric, found: sample.value });
      }
    }
  };
  if (tallies.length) await countLevel(tallies, 0);
  const differences = tallies.filter((t) => t.found !== t.expected);
  const notes: string[] = [];
  if (differences.some((d) => d.found < d.expected && Number(d.maxNs) / 1e6 < nowMs - INGESTER_QUERY_WINDOW_MS)) {
    notes.push(
      'Loki answers queries for data older than querier.query_ingesters_within (3h by default) from its store only: lines of that age ' +
        'pushed recently stay invisible until Loki flushes them (ingester chunk_idle_period, 30m by default). Verify again later.',
    );
  }
  return {
    ok: differences.length === 0,
    streams: tallies,
    differences,
    unexpected,
    expectedTotal: tallies.reduce((a, t) => a + t.expected, 0),
    foundTotal: tallies.reduce((a, t) => a + t.found, 0),
    notes,
  };
}
