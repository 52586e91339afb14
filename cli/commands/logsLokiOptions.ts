// What `lb-obs logs query` and `logs labels` share: the Loki connection, read exactly as `lb-obs push` reads it
// (--loki or $LB_OBS_LOKI_URL, --tenant or $LB_OBS_LOKI_TENANT, credentials from the environment only), and the
// time range (--since D, or --from T [--to T]) in nanoseconds, exact to the nanosecond for RFC 3339 input.
import type { LokiConnection } from '../../core/loki/connection';
import { parseDurationMs } from '../../core/push/limits';
import { quoteUserText } from '../../core/text/userText';
import { UsageError } from '../cliError';
import type { CliIo } from '../io';
import { lokiAuthFromEnv } from './push';

export const LOKI_OPTIONS = {
  loki: { type: 'string' },
  tenant: { type: 'string' },
  since: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

export interface LokiOptionValues {
  loki?: string;
  tenant?: string;
  since?: string;
  from?: string;
  to?: string;
}

export function lokiConnectionOption(values: LokiOptionValues, io: CliIo, command: string): LokiConnection {
  const raw = values.loki ?? io.env.LB_OBS_LOKI_URL;
  if (!raw) throw new UsageError(`lb-obs ${command}: give --loki <url> (or set LB_OBS_LOKI_URL)`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`lb-obs ${command}: --loki "${quoteUserText(raw)}" is not a URL (e.g. http://localhost:3100)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`lb-obs ${command}: --loki must be an http(s) URL (got ${url.protocol})`);
  if (url.username || url.password) {
    throw new UsageError(
      `lb-obs ${command}: do not put credentials in --loki (shell history keeps them): set LB_OBS_LOKI_USERNAME and LB_OBS_LOKI_PASSWORD, or LB_OBS_LOKI_TOKEN`,
    );
  }
  let auth;
  try {
    auth = lokiAuthFromEnv(io.env);
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^lb-obs push:/, `lb-obs ${command}:`));
  }
  return { url: raw, tenant: values.tenant ?? (io.env.LB_OBS_LOKI_TENANT || undefined), auth };
}

const NS_PER_MS = 1_000_000n;
const RFC3339 = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** A time given on the command line: RFC 3339 (nanoseconds kept), epoch milliseconds, or `now-<duration>`. */
export function parseCliTime(text: string, what: string, nowNs: bigint, command: string): bigint {
  const value = text.trim();
  if (value === 'now') return nowNs;
  const relative = /^now-(.+)$/.exec(value);
  if (relative) {
    const ms = parseDurationMs(relative[1]);
    if (ms !== undefined) return nowNs - BigInt(ms) * NS_PER_MS;
  }
  if (/^\d{12,16}$/.test(value)) return BigInt(value) * NS_PER_MS;
  const m = RFC3339.exec(value);
  if (m) {
    const seconds = Date.parse(`${m[1].replace(' ', 'T')}${m[3].toUpperCase()}`);
    if (!Number.isNaN(seconds)) return BigInt(seconds) * NS_PER_MS + BigInt((m[2] ?? '').padEnd(9, '0'));
  }
  throw new UsageError(
    `lb-obs ${command}: ${what} "${quoteUserText(text)}" is not a time: use RFC 3339 (2026-11-21T13:56:39.123456789Z), epoch milliseconds or now-<duration> (now-1h)`,
  );
}

/** [start, end) in nanoseconds: --from/--to, or the last --since (default `defaultSince`) before now. */
export function timeRangeOption(values: LokiOptionValues, defaultSince: string, command: string, nowNs: bigint): { start: bigint; end: bigint } {
  if (values.since !== undefined && (values.from !== undefined || values.to !== undefined)) {
    throw new UsageError(`lb-obs ${command}: give either --since or --from/--to, not both`);
  }
  if (values.from === undefined) {
    if (values.to !== undefined) throw new UsageError(`lb-obs ${command}: --to needs --from`);
    const since = values.since ?? defaultSince;
    const ms = parseDurationMs(since);
    if (!ms) throw new UsageError(`lb-obs ${command}: --since wants a duration such as 30m, 1h or 7d (got "${quoteUserText(since)}")`);
    return { start: nowNs - BigInt(ms) * NS_PER_MS, end: nowNs };
  }
  const start = parseCliTime(values.from, '--from', nowNs, command);
  const end = values.to === undefined ? nowNs : parseCliTime(values.to, '--to', nowNs, command);
  if (start >= end) throw new UsageError(`lb-obs ${command}: the time range is empty: --from is not before --to`);
  return { start, end };
}

export function nowNs(): bigint {
  return BigInt(Date.now()) * NS_PER_MS;
}
