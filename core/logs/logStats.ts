// The summary `lb-obs logs stats` prints (contract: README, "Command line: `lb-obs`"): line counts, records per level,
// component, host and workload, and the time span of the records.
import { LOG_LEVELS, LogSession } from './model';
import { formatTimestamp } from './timestamp';

/** How many lines, records and malformed lines, and the records per level, component, host and workload. */
export interface LogCounts {
  lines: number;
  records: number;
  malformed: number;
  byLevel: Record<string, number>;
  byComponent: Record<string, number>;
  byHost: Record<string, number>;
  byWorkload: Record<string, number>;
}

export interface LogStats extends LogCounts {
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  elapsedMs: number;
}

function sortedKeys(counts: Record<string, number>, order?: readonly string[]): Record<string, number> {
  const keys = Object.keys(counts).sort((a, b) => {
    if (order) return order.indexOf(a) - order.indexOf(b);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return Object.fromEntries(keys.map((k) => [k, counts[k]]));
}

export async function logStats(session: LogSession, elapsedMs: number): Promise<LogStats> {
  const info = await session.info();
  const facets = await session.facets();
  return {
    lines: info.lines,
    records: info.records,
    malformed: info.unparsed,
    byLevel: sortedKeys(facets.level, LOG_LEVELS),
    byComponent: sortedKeys(facets.component),
    byHost: sortedKeys(facets.host),
    byWorkload: sortedKeys(facets.workload),
    firstTimestamp: info.firstTime === null ? null : formatTimestamp(info.firstTime),
    lastTimestamp: info.lastTime === null ? null : formatTimestamp(info.lastTime),
    elapsedMs: Math.round(elapsedMs),
  };
}
