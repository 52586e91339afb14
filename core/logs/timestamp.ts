// ISO-8601 timestamps of lb records (`2026-11-21T13:56:39.603580Z`) to epoch milliseconds and back.
// Parsed from bytes without building a string because the indexer does it for every line; microseconds are
// kept as the fraction of the millisecond (a double holds them exactly for current dates) so that lines
// logged within the same millisecond still sort correctly.

import { viewOf } from './recordScanner';

const ZERO = 0x30;

/** The number written with n decimal digits at i, or -1 when one of them is not a digit. */
function digits(b: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = b[i + k] - ZERO;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Weight of each fraction digit in microseconds. */
const MICRO_SCALE = [100000, 10000, 1000, 100, 10, 1];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch ms of `YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z|±HH:MM]` in bytes [start, end), or NaN. A time without a
 * zone is read as UTC: lb writes UTC, and the reader's local zone says nothing about where a log came from.
 */
export function parseIsoTimestamp(b: Uint8Array, start: number, end: number): number {
  if (end - start < 19) return NaN;
  const s = start;
  // Consecutive lines share their date, hour and zone: reuse the epoch of `YYYY-MM-DDTHH` in that zone when
  // the bytes of both match the last full parse's (the 13 bytes compared as three words and a byte).
  const words = viewOf(b);
  if (
    words.getInt32(s) === hourWords[0] &&
    words.getInt32(s + 4) === hourWords[1] &&
    words.getInt32(s + 8) === hourWords[2] &&
    b[s + 12] === hourLastByte &&
    b[s + 13] === 0x3a &&
    b[s + 16] === 0x3a
  ) {
    const minute = digits(b, s + 14, 2);
    const second = digits(b, s + 17, 2);
    if (minute >= 0 && minute <= 59 && second >= 0 && second <= 60) {
      let i = s + 19;
      let micros = 0;
      if (i < end && b[i] === 0x2e) {
        micros = fractionMicros(b, i + 1, end);
        if (Number.isNaN(micros)) return NaN;
        i = fractionEnd;
      }
      if (end - i === zoneLength) {
        let z = 0;
        while (z < zoneLength && b[i + z] === ZONE_CACHE[z]) z++;
        if (z === zoneLength) return hourMs + (minute * 60 + second) * 1000 + micros / 1000;
      }
    }
  }
  const result = parseFull(b, s, end);
  if (!Number.isNaN(result) && end - zoneStart <= ZONE_CACHE.length) {
    for (let k = 0; k < 3; k++) hourWords[k] = words.getInt32(s + 4 * k);
    hourLastByte = b[s + 12];
    zoneLength = end - zoneStart;
    for (let k = 0; k < zoneLength; k++) ZONE_CACHE[k] = b[zoneStart + k];
    hourMs = fullHourMs;
  }
  return result;
}

/** Where the digits read by the last fractionMicros call end. */
let fractionEnd = 0;

/**
 * The microseconds of the fraction digits from `i` to the first non-digit, or NaN when there is none. Digits
 * beyond microseconds are read but dropped: a double cannot hold them next to an epoch time.
 */
function fractionMicros(b: Uint8Array, i: number, end: number): number {
  let micros = 0;
  let d = 0;
  for (; i < end; i++, d++) {
    const digit = b[i] - ZERO;
    if (digit < 0 || digit > 9) break;
    if (d < 6) micros += digit * MICRO_SCALE[d];
  }
  fractionEnd = i;
  return d === 0 ? NaN : micros;
}

/** The first 13 bytes (`YYYY-MM-DDTHH`) of the cached hour: three words and a byte (-1: nothing cached). */
const hourWords = new Int32Array(3);
let hourLastByte = -1;
/** The zone of the cached hour as written (`Z`, `+02:00`, or nothing). */
const ZONE_CACHE = new Uint8Array(6);
/** -1: nothing cached (no zone is that long). */
let zoneLength = -1;
let hourMs = 0;
/** Epoch ms of the hour of the last full parse in its zone, and where its zone starts. */
let fullHourMs = NaN;
let zoneStart = 0;

function parseFull(b: Uint8Array, s: number, end: number): number {
  if (b[s + 4] !== 0x2d || b[s + 7] !== 0x2d || (b[s + 10] !== 0x54 && b[s + 10] !== 0x20 && b[s + 10] !== 0x74)) return NaN;
  if (b[s + 13] !== 0x3a || b[s + 16] !== 0x3a) return NaN;
  const year = digits(b, s, 4);
  const month = digits(b, s + 5, 2);
  const day = digits(b, s + 8, 2);
  const hour = digits(b, s + 11, 2);
  const minute = digits(b, s + 14, 2);
  const second = digits(b, s + 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return NaN;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  let i = s + 19;
  let micros = 0;
  if (i < end && (b[i] === 0x2e || b[i] === 0x2c)) {
    micros = fractionMicros(b, i + 1, end);
    if (Number.isNaN(micros)) return NaN;
    i = fractionEnd;
  }
  let offsetMinutes = 0;
  zoneStart = i;
  if (i < end) {
    const c = b[i];
    if (c === 0x5a || c === 0x7a) {
      i++;
    } else if (c === 0x2b || c === 0x2d) {
      if (end - i < 6 || b[i + 3] !== 0x3a) return NaN;
      const oh = digits(b, i + 1, 2);
      const om = digits(b, i + 4, 2);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
      offsetMinutes = (c === 0x2d ? -1 : 1) * (oh * 60 + om);
      i += 6;
    } else {
      return NaN;
    }
  }
  if (i !== end) return NaN;
  const days = daysFromCivil(year, month, day);
  fullHourMs = (days * 86400 + hour * 3600 - offsetMinutes * 60) * 1000;
  return (days * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60) * 1000 + micros / 1000;
}

export function parseIsoTimestampString(text: string): number {
  return parseIsoTimestamp(Buffer.from(text, 'latin1'), 0, text.length);
}

/** lb's own form: UTC with microseconds, e.g. `2026-11-21T13:56:39.603580Z`. */
export function formatTimestamp(ms: number): string {
  const micros = Math.round(ms * 1000);
  const whole = Math.floor(micros / 1000);
  const iso = new Date(whole).toISOString();
  const sub = String(micros - whole * 1000).padStart(3, '0');
  return `${iso.slice(0, 23)}${sub}Z`;
}
