// One push of several files: what the files share (options, streams, the delivery target, the stop signal) and
// what the caller sees (progress, the report). Families of files are pushed a few at a time, the files of a
// family one after the other, each by a FilePush (filePush.ts); the first failure stops the others.
import { promises as fs } from 'fs';
import { LokiConnection, lokiShownUrl } from '../loki/connection';
import type { DeliveryTarget, RetryNotice } from './batchDelivery';
import { DeliveryFailedError } from './batchDelivery';
import { Clock, systemClock } from './clock';
import { FilePush } from './filePush';
import { FileFamily, PushInputError } from './inputFiles';
import { BatchLimits, DEFAULT_BATCH_LIMITS, DEFAULT_PUSH_LIMITS, PushLimits } from './limits';
import { StreamTable } from './lineJudge';
import { lokiDeliveryTarget } from './lokiDeliveryTarget';
import { PresenceLookups } from './presenceLookups';
import type { PushOptions } from './pushLogs';
import { FileReport, newFileReport, PushReport, sumCounts } from './pushReport';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retryPolicy';

/** Presence questions asked ahead at once: enough to keep ahead of the batches, few enough not to load Loki. */
const PRESENCE_LOOKUPS_AHEAD = 3;

export class PushRun {
  readonly limits: PushLimits;
  readonly batchLimits: BatchLimits;
  readonly policy: RetryPolicy;
  readonly staticLabels: Record<string, string>;
  readonly clock: Clock;
  readonly connection: LokiConnection;
  readonly streams: StreamTable;
  readonly target: DeliveryTarget;
  /** Shared by every batch: turned off once Loki refuses the queries that find what it holds. */
  readonly presenceChecks = { enabled: true };
  /** Whether Loki holds each stream, asked as soon as the stream is seen. */
  readonly presence: PresenceLookups;
  /** Notes about the whole push (deduplicated in the report). */
  readonly notes: string[] = [];
  /** Aborted by the caller's signal or by a file's failure. */
  readonly signal: AbortSignal;
  private readonly stop = new AbortController();
  private readonly started: number;
  private readonly files: string[];
  private readonly sizes = new Map<string, number>();
  private readonly reports: Map<string, FileReport>;
  /** Bytes of each file read (or skipped thanks to its checkpoint). */
  private readonly bytesDone = new Map<string, number>();
  private filesDone = 0;
  private currentFile: string | undefined;
  private retryNotice: RetryNotice | undefined;
  private outcome: PushReport['outcome'] = 'completed';
  private error: string | undefined;

  constructor(
    private readonly families: FileFamily[],
    readonly options: PushOptions,
  ) {
    this.limits = { ...DEFAULT_PUSH_LIMITS, ...options.limits };
    this.batchLimits = { ...DEFAULT_BATCH_LIMITS, ...options.batch };
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.staticLabels = options.staticLabels ?? {};
    this.clock = options.clock ?? systemClock;
    this.connection = options.connection;
    this.started = this.clock.now();
    this.signal = options.signal ? AbortSignal.any([options.signal, this.stop.signal]) : this.stop.signal;
    this.streams = new StreamTable(this.staticLabels, this.limits);
    this.target = lokiDeliveryTarget(this.connection, this.clock, this.limits, options.gzip ?? true);
    this.presence = new PresenceLookups(this.target, PRESENCE_LOOKUPS_AHEAD, this.presenceChecks, this.signal);
    this.files = families.flatMap((f) => f.files);
    this.reports = new Map(this.files.map((f) => [f, newFileReport(f)]));
  }

  async run(): Promise<PushReport> {
    await this.measureFiles();
    const queue = [...this.families];
    const pushFamilies = async () => {
      for (let family = queue.shift(); family; family = queue.shift()) {
        for (const file of family.files) if (!(await this.pushFile(file))) return;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.options.concurrency ?? 2, this.families.length)) }, pushFamilies));
    const files = [...this.reports.values()];
    return {
      outcome: this.outcome,
      error: this.error,
      loki: lokiShownUrl(this.connection),
      tenant: this.connection.tenant,
      labels: this.staticLabels,
      files,
      totals: sumCounts(files),
      notes: [...new Set(this.notes)],
      elapsedMs: this.clock.now() - this.started,
    };
  }

  /** Every file's size, before anything is sent: a file that cannot be read is a usage error. */
  private async measureFiles(): Promise<void> {
    for (const file of this.files) {
      try {
        this.sizes.set(file, (await fs.stat(file)).size);
      } catch (err) {
        throw new PushInputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
  }

  /** Pushes one file; false when the push stops (this file failed, another did, or the caller cancelled). */
  private async pushFile(file: string): Promise<boolean> {
    try {
      await new FilePush(this, file, this.reports.get(file)!, this.sizes.get(file)!).push();
      return true;
    } catch (err) {
      // Stopped by the caller, or by another file's failure (already recorded), or failed itself.
      if (this.options.signal?.aborted) {
        if (this.outcome === 'completed') this.outcome = 'cancelled';
      } else if (!this.stop.signal.aborted) {
        this.outcome = 'failed';
        this.error = `${file}: ${err instanceof DeliveryFailedError ? err.message : (err as Error).message}`;
      }
      this.stop.abort();
      return false;
    }
  }

  fileStarted(file: string): void {
    this.currentFile = file;
  }

  /** `bytes` of the file are done (read or skipped). */
  fileProgress(file: string, bytes: number): void {
    this.bytesDone.set(file, bytes);
  }

  fileDone(file: string): void {
    this.bytesDone.set(file, this.sizes.get(file)!);
    this.filesDone++;
  }

  /** A retry is being waited for (undefined: none any more). */
  retrying(notice: RetryNotice | undefined): void {
    this.retryNotice = notice;
  }

  /** Tells the caller where the push is. */
  emit(): void {
    if (!this.options.onProgress) return;
    const counts = sumCounts([...this.reports.values()]);
    const elapsedMs = Math.max(1, this.clock.now() - this.started);
    this.options.onProgress({
      ...counts,
      file: this.currentFile,
      filesDone: this.filesDone,
      filesTotal: this.files.length,
      bytesDone: [...this.bytesDone.values()].reduce((a, b) => a + b, 0),
      bytesTotal: [...this.sizes.values()].reduce((a, b) => a + b, 0),
      elapsedMs,
      linesPerSecond: (counts.lines * 1000) / elapsedMs,
      bytesSentPerSecond: (counts.bytesSent * 1000) / elapsedMs,
      retry: this.retryNotice,
    });
  }
}
