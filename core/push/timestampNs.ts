// lb's ISO-8601 record timestamps as Loki's nanosecond digit strings, keeping every fractional digit the record
// has (lb writes microseconds; nanoseconds are kept when present). The log engine's parser gives milliseconds
// as a double, which cannot hold nanoseconds next to an epoch time, so only the whole seconds come from it.
import { parseIsoTimestampString } from '../logs/timestamp';

const FRACTION = /^(.{19})[.,](\d+)(.*)$/s;

/**
 * Nanoseconds since the epoch as a digit string, or undefined when the text is not a valid timestamp. `ms`, the
 * log engine's parse of the same text, makes lb's own form (`…:39.603580Z`) cheap: its microseconds fit a double.
 */
export function isoToNs(text: string, ms?: number): string | undefined {
  if (ms !== undefined && text.length === 27 && text.charCodeAt(19) === 0x2e && text.charCodeAt(26) === 0x5a && ms >= 1000) {
    return `${Math.round(ms * 1000)}000`;
  }
  const m = FRACTION.exec(text);
  const wholeMs = parseIsoTimestampString(m ? m[1] + m[3] : text);
  if (!Number.isFinite(wholeMs) || wholeMs < 1000) return undefined;
  const fraction = m ? m[2].slice(0, 9).padEnd(9, '0') : '000000000';
  return `${wholeMs / 1000}${fraction}`;
}

/** Compares two nanosecond digit strings without converting them (shorter is smaller). */
export function compareNs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Milliseconds (float, possibly with a fraction) of a nanosecond digit string, for age checks and queries. */
export function nsToMs(ns: string): number {
  return Number(ns) / 1e6;
}
