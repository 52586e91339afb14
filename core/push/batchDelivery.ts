// Delivers one batch to Loki exactly once: retries what Grafana's clients retry (with their backoff), stops on
// any other 4xx with Loki's message, and before sending lines Loki may already hold (streams that existed
// before this push, or a batch whose earlier attempt may have been stored) asks Loki which ones it has.
import { LokiHttpError, LokiStream } from '../loki/api';
import type { Clock } from './clock';
import { backoffDelayMs, judgeFailure, RetryPolicy } from './retryPolicy';

/** What delivery needs from Loki; the push module binds it to a connection. */
export interface DeliveryTarget {
  push(streams: LokiStream[], signal?: AbortSignal): Promise<void>;
  /** Sends a request body already in Loki's protobuf form (DeliveryOptions.body); else `push` sends the streams. */
  pushBody?(body: Buffer, signal?: AbortSignal): Promise<void>;
  /** For each stream, whether Loki holds entries of it from around its first entry in the batch on. */
  streamsInLoki(streams: LokiStream[], signal?: AbortSignal): Promise<boolean[]>;
  /**
   * Where the window streamsInLoki asks about starts (epoch ms), for a stream whose first entry is at `firstMs`:
   * an answer covers any later batch of the stream whose entries start there or after. Without it, the window is
   * taken to start at the first entry.
   */
  presenceStartMs?(firstMs: number): number;
  /** For each stream, the entries Loki does not hold yet. */
  entriesMissingInLoki(streams: LokiStream[], signal?: AbortSignal): Promise<Array<LokiStream['values']>>;
}

/** What is known of a stream's presence in Loki; shared by every batch of the stream. */
export interface StreamPresence {
  /** undefined until asked. */
  inLoki?: boolean;
}

export interface RetryNotice {
  retry: number;
  maxRetries: number;
  delayMs: number;
  reason: string;
}

export interface DeliveryResult {
  /** Entries of the batch that are in Loki thanks to this push (an attempt whose answer was lost included). */
  sent: number;
  /** Bytes of the lines of the requests Loki accepted. */
  bytesSent: number;
  /** Entries Loki held before this push. */
  alreadyInLoki: number;
  /** Loki refused the batch with a non-retryable status; `entries` of it are not in Loki. */
  rejected?: { status: number; message: string; entries: number };
  /** Why presence checks were turned off (Loki refused the query, e.g. push-only credentials). */
  presenceUnavailable?: string;
}

export class DeliveryFailedError extends Error {}

/** Statuses that refuse every batch alike (credentials, tenant, a URL that is not Loki's): the push stops. */
const WHOLE_PUSH_REFUSED = [401, 403, 404, 405];

export interface DeliveryOptions {
  target: DeliveryTarget;
  policy: RetryPolicy;
  clock: Clock;
  signal?: AbortSignal;
  onRetry?: (notice: RetryNotice) => void;
  /** Shared by the whole push: turned off once Loki refuses a query. */
  presenceChecks: { enabled: boolean };
  /** Bytes of the batch's lines, when the caller knows them (else counted when the batch is sent). */
  lineBytes?: number;
  /** Entries of the batch, when the caller knows them (else counted when the batch is sent). */
  entries?: number;
  /** The whole batch's request body, when the caller has it: sent as it is while none of its entries is found in Loki. */
  body?: Buffer;
  /** Whether Loki holds the streams not known yet, from answers asked ahead (presenceLookups.ts); else target.streamsInLoki asks. */
  streamsInLoki?: (streams: LokiStream[], presence: StreamPresence[], signal?: AbortSignal) => Promise<boolean[]>;
}

interface Pending {
  stream: LokiStream;
  presence: StreamPresence;
}

function entries(pending: Pending[]): number {
  return pending.reduce((sum, p) => sum + p.stream.values.length, 0);
}

function lineBytes(pending: Pending[]): number {
  let bytes = 0;
  for (const p of pending) for (const v of p.stream.values) bytes += Buffer.byteLength(v[1]);
  return bytes;
}

/** A query Loki refused for good (not a rate limit, not an outage): checks cannot work with this Loki. */
function queryRefused(err: unknown): err is LokiHttpError {
  return err instanceof LokiHttpError && err.status >= 400 && err.status < 500 && err.status !== 429;
}

/** Drops from `pending` the entries Loki holds among the streams selected; returns how many were dropped. */
async function dropEntriesInLoki(pending: Pending[], select: (p: Pending) => boolean, opts: DeliveryOptions): Promise<{ pending: Pending[]; dropped: number }> {
  const chosen = pending.filter(select);
  if (chosen.length === 0) return { pending, dropped: 0 };
  const missing = await opts.target.entriesMissingInLoki(
    chosen.map((p) => p.stream),
    opts.signal,
  );
  const replaced = new Map(chosen.map((p, k) => [p, missing[k]]));
  let dropped = 0;
  const next: Pending[] = [];
  for (const p of pending) {
    const values = replaced.get(p);
    if (values === undefined) {
      next.push(p);
      continue;
    }
    dropped += p.stream.values.length - values.length;
    if (values.length) next.push({ stream: { stream: p.stream.stream, values }, presence: p.presence });
  }
  return { pending: next, dropped };
}

export async function deliverBatch(streams: LokiStream[], presence: StreamPresence[], opts: DeliveryOptions): Promise<DeliveryResult> {
  const { target, policy, clock, signal } = opts;
  const result: DeliveryResult = { sent: 0, bytesSent: 0, alreadyInLoki: 0 };
  let pending: Pending[] = streams.map((stream, i) => ({ stream, presence: presence[i] }));
  /** Nothing of the batch was found in Loki: the caller's byte count holds. */
  let allPending = true;
  /** Entries found by the first check were there before; later checks find what a lost attempt stored. */
  let firstCheckDone = false;
  let maybeStored = false;
  for (let retry = 0; ; ) {
    let phase: 'check' | 'push' = 'check';
    try {
      if (opts.presenceChecks.enabled) {
        const unknown = pending.filter((p) => p.presence.inLoki === undefined);
        if (unknown.length) {
          const streams = unknown.map((p) => p.stream);
          const answers = opts.streamsInLoki
            ? await opts.streamsInLoki(
                streams,
                unknown.map((p) => p.presence),
                signal,
              )
            : await target.streamsInLoki(streams, signal);
          unknown.forEach((p, k) => (p.presence.inLoki = answers[k]));
        }
        const checked = await dropEntriesInLoki(pending, (p) => maybeStored || p.presence.inLoki === true, opts);
        pending = checked.pending;
        if (checked.dropped) allPending = false;
        if (firstCheckDone) result.sent += checked.dropped;
        else result.alreadyInLoki += checked.dropped;
        firstCheckDone = true;
      }
      if (pending.length === 0) return result;
      phase = 'push';
      if (allPending && opts.body && target.pushBody) {
        await target.pushBody(opts.body, signal);
      } else {
        await target.push(
          pending.map((p) => p.stream),
          signal,
        );
      }
      result.sent += allPending && opts.entries !== undefined ? opts.entries : entries(pending);
      result.bytesSent += allPending && opts.lineBytes !== undefined ? opts.lineBytes : lineBytes(pending);
      return result;
    } catch (err) {
      if (signal?.aborted) throw err;
      if (phase === 'check' && queryRefused(err)) {
        opts.presenceChecks.enabled = false;
        result.presenceUnavailable = `Loki refused the query that finds the lines it already has (${err.status}: ${err.body.trim().slice(0, 200)}); lines are sent without that check, so lines Loki already held may be stored twice`;
        continue;
      }
      const verdict = judgeFailure(err, clock.now());
      if (!verdict.retry) {
        const status = (err as LokiHttpError).status;
        const message = (err as LokiHttpError).body.trim();
        if (WHOLE_PUSH_REFUSED.includes(status)) {
          throw new DeliveryFailedError(`Loki refused the push (${status}${message ? `: ${message.slice(0, 300)}` : ''}); check the URL, tenant and credentials`);
        }
        // A partly invalid push stores the valid streams: find out how much of the batch Loki kept.
        const stored = opts.presenceChecks.enabled ? await dropEntriesInLoki(pending, () => true, opts).catch(() => undefined) : undefined;
        result.sent += stored?.dropped ?? 0;
        result.rejected = { status, message, entries: entries(pending) - (stored?.dropped ?? 0) };
        return result;
      }
      if (phase === 'push' && verdict.maybeStored) maybeStored = true;
      if (retry >= policy.maxRetries) throw new DeliveryFailedError(`gave up after ${retry + 1} attempts: ${verdict.reason}`);
      const delayMs = backoffDelayMs(retry, policy, () => clock.random(), verdict.retryAfterMs);
      opts.onRetry?.({ retry: retry + 1, maxRetries: policy.maxRetries, delayMs, reason: verdict.reason });
      await clock.sleep(delayMs, signal);
      retry++;
    }
  }
}
