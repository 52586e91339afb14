// Loki's own parsers for the scalar types of its config, reproduced exactly (their Go sources are short and
// fixed by the pinned versions): Go's time.ParseDuration, Prometheus' model.ParseDuration, Loki's ByteSize
// (github.com/c2h5oh/datasize on upper-cased text), dskit's Bytes (alecthomas/units base-2), log levels and
// schema dates. Each returns undefined when the value is accepted, else why not. The integration suite compares
// them with the Go functions on the same inputs.
import { isRangeDuration } from '../logql/durations';

const MAX_INT64 = 2n ** 63n - 1n;
const GO_UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n };

/** time.ParseDuration: `[-+]?(\d*\.?\d*unit)+`, or "0". */
export function goDurationProblem(text: string): string | undefined {
  if (text === '0' || text === '+0' || text === '-0') return undefined;
  if (text === '') return 'an empty duration';
  let s = text.replace(/^[-+]/, '');
  if (s === '') return 'not a duration';
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[0] === '' || (m[1] === '' && (m[2] ?? '') === '')) return 'not a duration';
    s = s.slice(m[0].length);
    const unit = /^[^0-9.]*/.exec(s)![0];
    if (unit === '') return 'a number without a unit';
    if (!(unit in GO_UNITS)) return `an unknown unit "${unit}"`;
    s = s.slice(unit.length);
    total += Number(`${m[1] || '0'}.${m[2] || '0'}`) * Number(GO_UNITS[unit]);
  }
  return total > Number(MAX_INT64) ? 'a duration out of range' : undefined;
}

/** model.ParseDuration: whole numbers with units y w d h m s ms, largest first, or "0". */
export function promDurationProblem(text: string): string | undefined {
  if (text === '') return 'an empty duration';
  return isRangeDuration(text) ? undefined : 'not a duration';
}

const DATASIZE_UNITS = new Set([
  '', 'b', 'byte',
  'k', 'kb', 'kilo', 'kilobyte', 'kilobytes', 'm', 'mb', 'mega', 'megabyte', 'megabytes',
  'g', 'gb', 'giga', 'gigabyte', 'gigabytes', 't', 'tb', 'tera', 'terabyte', 'terabytes',
  'p', 'pb', 'peta', 'petabyte', 'petabytes', 'e', 'eb',
]);

/** Loki's flagext.ByteSize: digits, then an optional unit (case-insensitive, powers of 1024). */
export function byteSizeProblem(text: string): string | undefined {
  const upper = text.toUpperCase();
  const m = /^(\d*)(.*)$/s.exec(upper)!;
  if (m[1] === '' && upper !== '') return 'not a size';
  if (!DATASIZE_UNITS.has(m[2].trim().toLowerCase())) return `an unknown unit "${text.slice(m[1].length).trim()}"`;
  return BigInt(m[1] || '0') > 2n ** 64n - 1n ? 'a size out of range' : undefined;
}

const IEC_UNITS = new Set(['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']);
const OLD_UNITS = new Set(['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB']);

/** dskit's flagext.Bytes (alecthomas/units.ParseBase2Bytes): number-unit pairs such as 1GiB512MiB, all IEC
 * units or all KB-style ones (both powers of 1024), or "0". */
export function base2BytesProblem(text: string): string | undefined {
  const body = text.replace(/^[-+]/, '');
  if (body === '0') return undefined;
  const parts = [...body.matchAll(/(\d+(?:\.\d*)?|\.\d+)([^\d.]*)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== body) return 'not a size';
  const units = parts.map((p) => p[2]);
  if (units.every((u) => IEC_UNITS.has(u)) || units.every((u) => OLD_UNITS.has(u))) return undefined;
  const bad = units.find((u) => !IEC_UNITS.has(u) && !OLD_UNITS.has(u));
  return bad !== undefined ? (bad === '' ? 'a number without a unit' : `an unknown unit "${bad}"`) : 'a mix of KiB-style and KB-style units';
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];

/** time.Parse("2006-01-02", s): a real calendar date, zero-padded. */
export function dayProblem(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return 'not a date in the form YYYY-MM-DD';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? undefined : 'not a calendar date';
}

/** Milliseconds since the epoch of a valid schema date. */
export function dayMs(text: string): number {
  return Date.parse(`${text}T00:00:00Z`);
}
