// The log session's methods, declared once: each one's parameters (with their checks) and result. The
// `LogSession` interface, the log worker's proxy and server, and the log panel's requests all come from this
// table (core/rpc/rpc.ts). Checks are small typed functions rather than a JSON Schema: the parameter types are
// inferred from them (no second declaration), errors say where and what in the panel's words, and a filter's
// regular expression is compiled as part of checking it. Limits depend on the hop: the panel's webview is held
// to small requests, the in-process proxy is not.
import { boolean, Check, fail, integer, list, object, oneOf, requiring, string } from '../rpc/checks';
import { Api, method } from '../rpc/rpc';
import {
  Disposable,
  HistogramBucket,
  LOG_LEVELS,
  LogFacets,
  LogFilter,
  LogPatterns,
  LogRow,
  LogRowDetails,
  LogSessionChange,
  LogSessionInfo,
  PatternProgress,
  PatternRef,
} from './model';

export interface SessionLimits {
  maxRowsPerRequest: number;
  maxHistogramBuckets: number;
  maxFilterValues: number;
  maxFilterValueLength: number;
  maxSearchLength: number;
}

/** The in-process hop (worker proxy): types and ranges checked, no size limits. */
export const UNLIMITED: SessionLimits = {
  maxRowsPerRequest: Number.MAX_SAFE_INTEGER,
  maxHistogramBuckets: 100_000,
  maxFilterValues: Number.MAX_SAFE_INTEGER,
  maxFilterValueLength: Number.MAX_SAFE_INTEGER,
  maxSearchLength: Number.MAX_SAFE_INTEGER,
};

const MAX_INDEX = 2 ** 40;

export const level = oneOf(LOG_LEVELS);

const time: Check<number> = (value, where) => {
  // Epoch ms between 1970 and 9999, the range of ISO-8601 timestamps lb writes.
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(where, 'expected epoch milliseconds');
  if (value < 0 || value > 253402300799999) fail(where, 'time out of range');
  return value;
};

function patternRef(limits: SessionLimits): Check<PatternRef> {
  const text = string(limits.maxFilterValueLength);
  return requiring(object({ pattern: text, level, component: text }), 'pattern', 'level', 'component');
}

/** A filter rebuilt from known fields only, so nothing unexpected reaches the engine. */
export function filterCheck(limits: SessionLimits): Check<LogFilter> {
  const text = string(limits.maxFilterValueLength);
  const texts = list(text, limits.maxFilterValues);
  const fields = object({
    minLevel: level,
    components: texts,
    hosts: texts,
    workloads: texts,
    repetitions: list(integer(0, 1_000_000), limits.maxFilterValues),
    phases: texts,
    text: string(limits.maxSearchLength),
    regex: boolean,
    caseSensitive: boolean,
    includeUnparsed: boolean,
    from: time,
    to: time,
    patterns: list(patternRef(limits), limits.maxFilterValues),
    hidePatterns: list(patternRef(limits), limits.maxFilterValues),
  });
  return (value, where) => {
    const filter: LogFilter = fields(value, where);
    if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) fail(`${where}.to`, 'must be after from');
    if (filter.regex && filter.text) {
      try {
        new RegExp(filter.text, filter.caseSensitive ? '' : 'i');
      } catch (err) {
        fail(`${where}.text`, `invalid regular expression: ${(err as Error).message}`);
      }
    }
    return filter;
  };
}

export function logSessionMethods(limits: SessionLimits) {
  const index = integer(0, MAX_INDEX);
  return {
    info: method<LogSessionInfo>()(),
    setFilter: method<LogSessionInfo>()(['filter', filterCheck(limits)]),
    /** Rows [start, start + count) of the filtered view. */
    rows: method<LogRow[]>()(['start', index], ['count', integer(0, limits.maxRowsPerRequest)]),
    details: method<LogRowDetails | null>()(['index', index]),
    facets: method<LogFacets>()(),
    histogram: method<HistogramBucket[]>()(['buckets', integer(1, limits.maxHistogramBuckets)]),
    /** Index of the next row at or above `minLevel` after (direction 1) or before (-1) `from`, or null. */
    findLevel: method<number | null>()(['from', integer(-1, MAX_INDEX)], ['direction', oneOf([1, -1], '1 or -1')], ['minLevel', level]),
    /** The message templates of every record, counted, with their volume over `buckets` buckets of the session's time. */
    patterns: method<LogPatterns, PatternProgress>()(['buckets', integer(1, limits.maxHistogramBuckets)]),
  };
}

export type LogSessionMethods = ReturnType<typeof logSessionMethods>;

/** A live, filterable view over one or more log sources, merged by timestamp. */
export interface LogSession extends Api<LogSessionMethods> {
  onDidChange(listener: (change: LogSessionChange) => void): Disposable;
  dispose(): Promise<void>;
}
