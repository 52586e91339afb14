// Checks every message from the log panel's webview before the host acts on it: the webview renders
// untrusted log text, so its messages are treated as untrusted input too (types, ranges, lengths).
import { LOG_LEVELS, LogFilter, LogLevel } from '../../../core/logs/model';
import { LIMITS, WebviewMessage } from './protocol';

export type Validated = { ok: true; message: WebviewMessage } | { ok: false; error: string };

class Invalid extends Error {}

function fail(where: string, what: string): never {
  throw new Invalid(`${where}: ${what}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integer(value: unknown, where: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(where, 'expected an integer');
  if (value < min || value > max) fail(where, `expected ${min}..${max}, got ${value}`);
  return value;
}

function string(value: unknown, where: string, maxLength: number): string {
  if (typeof value !== 'string') fail(where, 'expected a string');
  if (value.length > maxLength) fail(where, `longer than ${maxLength} characters`);
  return value;
}

function boolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') fail(where, 'expected true or false');
  return value;
}

function level(value: unknown, where: string): LogLevel {
  if (!LOG_LEVELS.includes(value as LogLevel)) fail(where, `expected one of ${LOG_LEVELS.join(', ')}`);
  return value as LogLevel;
}

function list<T>(value: unknown, where: string, item: (v: unknown, where: string) => T): T[] {
  if (!Array.isArray(value)) fail(where, 'expected an array');
  if (value.length > LIMITS.maxFilterValues) fail(where, `more than ${LIMITS.maxFilterValues} values`);
  return value.map((v, i) => item(v, `${where}[${i}]`));
}

function time(value: unknown, where: string): number {
  // Epoch ms between 1970 and 9999, the range of ISO-8601 timestamps lb writes.
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(where, 'expected epoch milliseconds');
  if (value < 0 || value > 253402300799999) fail(where, 'time out of range');
  return value;
}

const text = (v: unknown, where: string) => string(v, where, LIMITS.maxFilterValueLength);
const repetition = (v: unknown, where: string) => integer(v, where, 0, 1_000_000);

/** A filter rebuilt from known fields only, so nothing unexpected reaches the engine. */
export function validateFilter(value: unknown, where = 'filter'): LogFilter {
  if (!isRecord(value)) fail(where, 'expected an object');
  const known = new Set([
    'minLevel', 'components', 'hosts', 'workloads', 'repetitions', 'phases',
    'text', 'regex', 'caseSensitive', 'from', 'to', 'includeUnparsed',
  ]);
  for (const key of Object.keys(value)) if (!known.has(key)) fail(`${where}.${key}`, 'unknown field');
  const filter: LogFilter = {};
  if (value.minLevel !== undefined) filter.minLevel = level(value.minLevel, `${where}.minLevel`);
  if (value.components !== undefined) filter.components = list(value.components, `${where}.components`, text);
  if (value.hosts !== undefined) filter.hosts = list(value.hosts, `${where}.hosts`, text);
  if (value.workloads !== undefined) filter.workloads = list(value.workloads, `${where}.workloads`, text);
  if (value.repetitions !== undefined) filter.repetitions = list(value.repetitions, `${where}.repetitions`, repetition);
  if (value.phases !== undefined) filter.phases = list(value.phases, `${where}.phases`, text);
  if (value.text !== undefined) filter.text = string(value.text, `${where}.text`, LIMITS.maxSearchLength);
  if (value.regex !== undefined) filter.regex = boolean(value.regex, `${where}.regex`);
  if (value.caseSensitive !== undefined) filter.caseSensitive = boolean(value.caseSensitive, `${where}.caseSensitive`);
  if (value.includeUnparsed !== undefined) filter.includeUnparsed = boolean(value.includeUnparsed, `${where}.includeUnparsed`);
  if (value.from !== undefined) filter.from = time(value.from, `${where}.from`);
  if (value.to !== undefined) filter.to = time(value.to, `${where}.to`);
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) {
    fail(`${where}.to`, 'must be after from');
  }
  if (filter.regex && filter.text) {
    try {
      new RegExp(filter.text, filter.caseSensitive ? '' : 'i');
    } catch (err) {
      fail(`${where}.text`, `invalid regular expression: ${(err as Error).message}`);
    }
  }
  return filter;
}

const MAX_INDEX = 2 ** 40;

function validateUnchecked(value: unknown): WebviewMessage {
  if (!isRecord(value)) fail('message', 'expected an object');
  const type = value.type;
  switch (type) {
    case 'ready':
      return { type };
    case 'openInGrafana':
      return { type, filter: validateFilter(value.filter) };
    case 'copy':
      return { type, text: string(value.text, 'text', LIMITS.maxCopyLength) };
  }
  const id = integer(value.id, 'id', 0, Number.MAX_SAFE_INTEGER);
  switch (type) {
    case 'setFilter':
      return { type, id, filter: validateFilter(value.filter) };
    case 'rows':
      return {
        type,
        id,
        start: integer(value.start, 'start', 0, MAX_INDEX),
        count: integer(value.count, 'count', 0, LIMITS.maxRowsPerRequest),
      };
    case 'details':
      return { type, id, index: integer(value.index, 'index', 0, MAX_INDEX) };
    case 'facets':
      return { type, id };
    case 'histogram':
      return { type, id, buckets: integer(value.buckets, 'buckets', 1, LIMITS.maxHistogramBuckets) };
    case 'findLevel': {
      if (value.direction !== 1 && value.direction !== -1) fail('direction', 'expected 1 or -1');
      return {
        type,
        id,
        from: integer(value.from, 'from', -1, MAX_INDEX),
        direction: value.direction,
        minLevel: level(value.minLevel, 'minLevel'),
      };
    }
    default:
      return fail('type', `unknown message type ${JSON.stringify(String(type)).slice(0, 60)}`);
  }
}

export function validateMessage(value: unknown): Validated {
  try {
    return { ok: true, message: validateUnchecked(value) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: err.message };
    throw err;
  }
}
