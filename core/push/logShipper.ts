// Ships our own log records (pino, in lb's JSONL schema) to Loki when the user asks for it, the way lb
// requires of its components: the JSONL file is always written first and stays the record; the push is best
// effort, never blocks the logger and holds at most a bounded queue, dropping (and counting) what does not fit
// or what Loki will not take after a few retries.
import { LokiStream, lokiPush } from '../loki/api';
import type { LokiConnection } from '../loki/connection';
import { deliverBatch } from './batchDelivery';
import { Clock, systemClock } from './clock';
import { lineEntry } from './lineEntry';
import { RetryPolicy } from './retryPolicy';
import { labelsKey, streamLabels } from './streamLabels';
import { compareNs } from './timestampNs';

export interface LogShipperOptions {
  /** Entries waiting to be sent; more are dropped. lb's default max_queue_size. */
  maxQueue?: number;
  /** Entries per request (lb's batch_size). */
  batchSize?: number;
  /** A partial batch is sent after this long (lb's flush_interval_ms). */
  flushIntervalMs?: number;
  retry?: RetryPolicy;
  clock?: Clock;
  /**
   * Told about dropped entries: how many since the last report and why, at most once per `dropReportMs`
   * and never from inside a logging call, so that it may log itself.
   */
  onDrop?: (count: number, reasons: string[]) => void;
  dropReportMs?: number;
}

export interface LogShipperStats {
  queued: number;
  sent: number;
  dropped: number;
}

interface QueuedEntry {
  labels: Record<string, string>;
  ns: string;
  line: string;
}

/** lb's own Loki handler retries 3 times from 0.5 s; a log shipper must not hold on to entries for minutes. */
const SHIPPER_RETRY: RetryPolicy = { minBackoffMs: 500, maxBackoffMs: 30_000, maxRetries: 3 };

export class LokiLogShipper {
  private connection: LokiConnection | undefined;
  private queue: QueuedEntry[] = [];
  private sending: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private unreportedDrops = 0;
  private readonly dropReasons = new Set<string>();
  private lastDropReport = -Infinity;
  private readonly maxQueue: number;
  private readonly batchSize: number;
  private readonly clock: Clock;
  readonly stats: LogShipperStats = { queued: 0, sent: 0, dropped: 0 };

  constructor(private readonly options: LogShipperOptions = {}) {
    this.maxQueue = options.maxQueue ?? 10_000;
    this.batchSize = options.batchSize ?? 100;
    this.clock = options.clock ?? systemClock;
  }

  /** A pino destination: takes complete JSON lines, never blocks and never throws. */
  readonly destination = {
    write: (chunk: string): void => {
      if (!this.connection) return;
      for (const line of chunk.split('\n')) if (line) this.enqueue(line);
    },
  };

  /** Starts shipping to this Loki (or switches to it); undefined stops and drops what is queued. */
  configure(connection: LokiConnection | undefined): void {
    this.connection = connection;
    if (!connection) {
      this.drop(this.queue.length, 'pushing the extension logs to Loki was turned off');
      this.queue = [];
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      setTimeout(() => this.reportDrops(true), 0).unref?.();
      return;
    }
    if (!this.timer) {
      this.timer = setInterval(() => {
        this.kick();
        this.reportDrops(false);
      }, this.options.flushIntervalMs ?? 1000);
      this.timer.unref?.();
    }
  }

  /** Sends what is queued now (for tests and shutdown). */
  async flush(): Promise<void> {
    while (this.queue.length || this.sending) {
      this.kick();
      await this.sending;
    }
  }

  dispose(): void {
    this.configure(undefined);
  }

  private enqueue(line: string): void {
    const entry = lineEntry(Buffer.from(line));
    if (typeof entry === 'string') {
      this.drop(1, `not an lb record (${entry})`);
      return;
    }
    if (this.queue.length >= this.maxQueue) {
      this.drop(1, `the queue of ${this.maxQueue} entries is full (Loki is slow or unreachable)`);
      return;
    }
    this.queue.push({ labels: streamLabels(entry.labelValues, {}), ns: entry.ns, line: entry.line });
    this.stats.queued++;
    if (this.queue.length >= this.batchSize) this.kick();
  }

  private drop(count: number, reason: string): void {
    if (count === 0) return;
    this.stats.dropped += count;
    this.unreportedDrops += count;
    this.dropReasons.add(reason);
  }

  /** Reports drops from the timer, never from a logging call: the report may log, which must not loop. */
  private reportDrops(now: boolean): void {
    if (this.unreportedDrops === 0 || (!now && this.clock.now() - this.lastDropReport < (this.options.dropReportMs ?? 60_000))) return;
    const count = this.unreportedDrops;
    const reasons = [...this.dropReasons];
    this.unreportedDrops = 0;
    this.dropReasons.clear();
    this.lastDropReport = this.clock.now();
    this.options.onDrop?.(count, reasons);
  }

  /** Sends one batch if none is being sent. */
  private kick(): void {
    if (this.sending || this.queue.length === 0 || !this.connection) return;
    const connection = this.connection;
    const batch = this.queue.splice(0, this.batchSize);
    this.sending = this.send(connection, batch).finally(() => {
      this.sending = undefined;
      if (this.queue.length >= this.batchSize) this.kick();
    });
  }

  private async send(connection: LokiConnection, batch: QueuedEntry[]): Promise<void> {
    const byStream = new Map<string, LokiStream>();
    for (const e of batch) {
      const key = labelsKey(e.labels);
      const stream = byStream.get(key) ?? { stream: e.labels, values: [] };
      stream.values.push([e.ns, e.line]);
      byStream.set(key, stream);
    }
    const streams = [...byStream.values()];
    for (const s of streams) s.values.sort((a, b) => compareNs(a[0], b[0]));
    try {
      const result = await deliverBatch(
        streams,
        streams.map(() => ({ inLoki: false })),
        {
          target: {
            push: (s, signal) => lokiPush(connection, s, { gzip: true, signal }),
            streamsInLoki: async (s) => s.map(() => false),
            entriesMissingInLoki: async (s) => s.map((x) => x.values),
          },
          policy: this.options.retry ?? SHIPPER_RETRY,
          clock: this.clock,
          presenceChecks: { enabled: false },
        },
      );
      this.stats.sent += result.sent;
      if (result.rejected) this.drop(result.rejected.entries, `Loki refused them (${result.rejected.status}: ${result.rejected.message.slice(0, 200)})`);
    } catch (err) {
      this.drop(batch.length, (err as Error).message);
    }
  }
}
