// When and how long to wait before sending a batch again, like Grafana's own clients (Alloy's loki.write,
// formerly Promtail, on dskit's backoff): 429, 5xx and connection errors are retried, starting at 500 ms and
// doubling up to 5 min, with jitter, for a bounded number of retries; any other 4xx is final for the batch.
import { LokiHttpError } from '../loki/api';

export interface RetryPolicy {
  minBackoffMs: number;
  maxBackoffMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { minBackoffMs: 500, maxBackoffMs: 300_000, maxRetries: 10 };

/**
 * The wait before retry number `retry` (0 = the first retry): uniform in [min·2^retry, min·2^(retry+1)), both
 * capped at the maximum, as dskit's backoff does. `random` is in [0, 1). A server's Retry-After wins when it
 * asks for longer, still capped at the maximum.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  const low = Math.min(policy.minBackoffMs * 2 ** retry, policy.maxBackoffMs);
  const high = Math.min(policy.minBackoffMs * 2 ** (retry + 1), policy.maxBackoffMs);
  const delay = low + Math.floor(random() * (high - low));
  return Math.min(Math.max(delay, retryAfterMs ?? 0), policy.maxBackoffMs);
}

/** Retry-After as seconds or an HTTP date (RFC 9110), in ms from `nowMs`; undefined when absent or invalid. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export interface FailureVerdict {
  retry: boolean;
  /**
   * Loki may have stored part or all of the batch (a 5xx, a per-stream rate limit, a timeout or a connection
   * lost after sending), so lines must be checked before the batch is sent again.
   */
  maybeStored: boolean;
  retryAfterMs?: number;
  reason: string;
}

/** What a failed push means for its batch. */
export function judgeFailure(err: unknown, nowMs: number): FailureVerdict {
  if (err instanceof LokiHttpError) {
    const reason = `Loki answered ${err.status}: ${firstLine(err.body) || '(no message)'}`;
    const retryAfterMs = parseRetryAfter(err.retryAfter, nowMs);
    if (err.status === 429) {
      // The tenant-wide limit refuses the whole request; the per-stream limit stores the other streams.
      return { retry: true, maybeStored: !/^ingestion rate limit exceeded/i.test(err.body.trim()), retryAfterMs, reason };
    }
    if (err.status >= 500) return { retry: true, maybeStored: true, retryAfterMs, reason };
    return { retry: false, maybeStored: true, reason };
  }
  return { retry: true, maybeStored: true, reason: (err as Error)?.message ?? String(err) };
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
