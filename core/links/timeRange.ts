// Time ranges in the form Grafana's URLs accept: relative (`now-1h`, `now/d`) or epoch milliseconds as a
// digit string. If either end fails to parse, Grafana silently drops the whole range, so input is checked here.
import { LinkInputError } from '../logql/build/inputError';

export interface TimeRange {
  from: string;
  to: string;
}

// Grafana's date math: `now`, then any number of `+N<unit>`, `-N<unit>` (N optional) or `/<unit>` (rounding).
const RELATIVE = /^now(?:[+-]\d*[smhdwMyQ]|\/[smhdwMyQ])*$/;
const EPOCH_MS = /^\d+$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
// Epoch ms before 2001-09-09 (fewer than 12 digits) are almost certainly epoch seconds typed by mistake.
const MIN_PLAUSIBLE_MS = 1e12;

export function isGrafanaTime(value: string): boolean {
  return RELATIVE.test(value) || (EPOCH_MS.test(value) && value.length <= 16);
}

/** Epoch ms as Grafana's range string. */
export function msTime(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new LinkInputError(`invalid time: ${ms}`);
  return String(Math.floor(ms));
}

/**
 * A user-typed time (ISO-8601, epoch milliseconds, or Grafana relative time) as Grafana's range string.
 * ISO times without an offset are local time, as everywhere in JavaScript.
 */
export function parseTimeInput(text: string, what: string): string {
  const value = text.trim();
  if (RELATIVE.test(value)) return value;
  if (EPOCH_MS.test(value)) {
    const ms = Number(value);
    if (ms < MIN_PLAUSIBLE_MS) {
      throw new LinkInputError(`${what} "${value}" is too small for epoch milliseconds (epoch seconds? append 000)`);
    }
    if (value.length > 16) throw new LinkInputError(`${what} "${value}" is too large for epoch milliseconds`);
    return value;
  }
  if (ISO_8601.test(value)) {
    const ms = Date.parse(value.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return msTime(ms);
  }
  throw new LinkInputError(
    `${what} "${text}" is not a time: use ISO-8601 (2026-11-21T13:56:39Z), epoch milliseconds or a relative time (now-1h)`,
  );
}

/** Checks that an absolute range is not empty or reversed (relative ends are resolved by Grafana). */
export function checkRange(range: TimeRange): TimeRange {
  for (const [end, value] of Object.entries(range)) {
    if (!isGrafanaTime(value)) throw new LinkInputError(`range ${end} "${value}" is neither epoch milliseconds nor a relative time`);
  }
  if (EPOCH_MS.test(range.from) && EPOCH_MS.test(range.to) && Number(range.from) >= Number(range.to)) {
    throw new LinkInputError(`the time range is empty: from ${range.from} is not before to ${range.to}`);
  }
  return range;
}
