// Pushes lb JSONL log files to Loki: lines labelled as lb labels them, checked against Loki's rules before
// sending, batched, delivered exactly once (see batchDelivery.ts), with a checkpoint per file so that an
// interrupted push resumes where Loki's confirmations ended. Used by `lb-obs push` and the VS Code command.
import { promises as fs } from 'fs';
import { readLines } from '../logs/lineReader';
import { lokiPush } from '../loki/api';
import { LokiConnection, lokiShownUrl } from '../loki/connection';
import { Batch, BatchBuilder } from './batchBuilder';
import { deliverBatch, DeliveryFailedError, DeliveryTarget, RetryNotice } from './batchDelivery';
import { CheckpointStore, fileIdentity, tailHash } from './checkpoints';
import { Clock, systemClock } from './clock';
import { FileFamily, PushInputError } from './inputFiles';
import { BatchLimits, DEFAULT_BATCH_LIMITS, DEFAULT_PUSH_LIMITS, PushLimits } from './limits';
import { LineJudge, LineVerdict, PushStream, StreamTable } from './lineJudge';
import { entriesMissingInLoki, streamsWithEntries } from './lokiPresence';
import { PushProgress } from './pushProgress';
import { addProblem, newFileReport, PushReport, sumCounts } from './pushReport';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retryPolicy';
import { staticLabelProblems } from './streamLabels';
import { nsToMs } from './timestampNs';

export interface PushOptions {
  connection: LokiConnection;
  /** Added to every stream, overriding lb's labels of the same name (lb's `loki.labels`). */
  staticLabels?: Record<string, string>;
  /** Compress requests (default true). */
  gzip?: boolean;
  /** Cut lines over the size limit (with a marker) instead of reporting them. */
  truncateLongLines?: boolean;
  limits?: Partial<PushLimits>;
  batch?: Partial<BatchLimits>;
  retry?: Partial<RetryPolicy>;
  /** Files (with their backups) pushed at the same time; default 2. */
  concurrency?: number;
  /** Batches of one file sent at the same time; default 2. */
  inFlight?: number;
  /** Where checkpoints live; without a store every push starts from the beginning of each file. */
  checkpoints?: CheckpointStore;
  signal?: AbortSignal;
  onProgress?: (progress: PushProgress) => void;
  clock?: Clock;
}

/** An hour before a stream's first entry: Loki accepts entries that far behind a stream's newest one. */
const PRESENCE_LOOKBEHIND_MS = 3_600_000;
/** Loki's default max_query_length is 721h: presence queries stay within it. */
const MAX_QUERY_RANGE_MS = 720 * 3_600_000;

/** Static labels Loki would refuse, as a usage error before anything is read. */
export function checkStaticLabels(labels: Record<string, string>, limits: Partial<PushLimits> = {}): void {
  const problems = staticLabelProblems(labels, { ...DEFAULT_PUSH_LIMITS, ...limits });
  if (problems.length) throw new PushInputError(problems.join('; '));
}

export async function pushLogs(families: FileFamily[], options: PushOptions): Promise<PushReport> {
  const limits: PushLimits = { ...DEFAULT_PUSH_LIMITS, ...options.limits };
  const batchLimits: BatchLimits = { ...DEFAULT_BATCH_LIMITS, ...options.batch };
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const staticLabels = options.staticLabels ?? {};
  checkStaticLabels(staticLabels, limits);
  const clock = options.clock ?? systemClock;
  const conn = options.connection;
  const started = clock.now();
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const streams = new StreamTable(staticLabels, limits);
  const presenceChecks = { enabled: true };
  const notes: string[] = [];

  const allFiles = families.flatMap((f) => f.files);
  const sizes = new Map<string, number>();
  for (const file of allFiles) {
    try {
      sizes.set(file, (await fs.stat(file)).size);
    } catch (err) {
      throw new PushInputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const reports = new Map(allFiles.map((f) => [f, newFileReport(f)]));
  /** Bytes of each file read (or skipped thanks to its checkpoint). */
  const bytesDone = new Map<string, number>();
  let filesDone = 0;
  let currentFile: string | undefined;
  let retryNotice: RetryNotice | undefined;

  const emit = () => {
    if (!options.onProgress) return;
    const counts = sumCounts([...reports.values()]);
    const elapsedMs = Math.max(1, clock.now() - started);
    options.onProgress({
      ...counts,
      file: currentFile,
      filesDone,
      filesTotal: allFiles.length,
      bytesDone: [...bytesDone.values()].reduce((a, b) => a + b, 0),
      bytesTotal: [...sizes.values()].reduce((a, b) => a + b, 0),
      elapsedMs,
      linesPerSecond: (counts.lines * 1000) / elapsedMs,
      bytesSentPerSecond: (counts.bytesSent * 1000) / elapsedMs,
      retry: retryNotice,
    });
  };

  const target: DeliveryTarget = {
    push: (s, sig) => lokiPush(conn, s, { gzip: options.gzip ?? true, signal: sig }),
    streamsInLoki: (s, sig) => {
      let first = Infinity;
      for (const stream of s) for (const v of stream.values) first = Math.min(first, nsToMs(v[0]));
      const now = clock.now();
      const start = Math.max(first - PRESENCE_LOOKBEHIND_MS, now - MAX_QUERY_RANGE_MS);
      return streamsWithEntries(
        conn,
        s.map((x) => x.stream),
        start,
        now + limits.maxFutureMs,
        sig,
      );
    },
    entriesMissingInLoki: (s, sig) => entriesMissingInLoki(conn, s, sig),
  };

  async function pushFile(file: string): Promise<void> {
    const report = reports.get(file)!;
    const size = sizes.get(file)!;
    currentFile = file;
    const identity = await fileIdentity(file);
    let offset = 0;
    let lineNo = 0;
    let pushedBefore = 0;
    const key = identity && options.checkpoints ? options.checkpoints.key(conn, staticLabels, identity) : undefined;
    if (key) {
      const checkpoint = await options.checkpoints!.load(key);
      if (checkpoint && checkpoint.offset <= size && (await tailHash(file, checkpoint.offset)) === checkpoint.tailHash) {
        offset = checkpoint.offset;
        lineNo = checkpoint.lines;
        pushedBefore = checkpoint.pushed;
        if (offset > 0) report.resumedFrom = { offset, line: lineNo };
      } else if (checkpoint) {
        addProblem(report, { kind: 'note', message: 'the file differs from what an earlier push read: pushing it from the start (lines Loki has are not sent again)' });
      }
    }
    bytesDone.set(file, offset);
    emit();

    const judge = new LineJudge(streams, limits, options.truncateLongLines ?? false, clock.now());
    const builder = new BatchBuilder(batchLimits);
    let batchFirstLine = lineNo + 1;
    let batchEnd = offset;
    let batchLastLine = lineNo;
    let savedOffset = offset;

    /** Delivers a batch (lines firstLine..lastLine of the file) and counts what happened to its lines. */
    const deliver = async (batch: Batch, firstLine: number, lastLine: number) => {
      const result = await deliverBatch(batch.streams, batch.targets as PushStream[], {
        target,
        policy,
        clock,
        signal,
        presenceChecks,
        onRetry: (notice) => {
          retryNotice = notice;
          emit();
        },
      });
      retryNotice = undefined;
      report.sent += result.sent;
      report.bytesSent += result.bytesSent;
      report.alreadyInLoki += result.alreadyInLoki;
      if (result.presenceUnavailable) notes.push(result.presenceUnavailable);
      if (result.rejected) {
        report.rejected += result.rejected.entries;
        addProblem(
          report,
          { kind: 'rejected-by-loki', line: firstLine, lastLine, message: `Loki answered ${result.rejected.status}: ${result.rejected.message}` },
          result.rejected.entries,
        );
      }
    };
    /** Moves the checkpoint to `end` once every batch before it is delivered. */
    const commit = async (end: number, lastLine: number) => {
      if (key && end > savedOffset) {
        await options.checkpoints!.save(key, {
          version: 1,
          file,
          loki: lokiShownUrl(conn),
          tenant: conn.tenant,
          labels: staticLabels,
          offset: end,
          lines: lastLine,
          tailHash: await tailHash(file, end),
          pushed: pushedBefore + report.sent,
          updatedAt: new Date(clock.now()).toISOString(),
        });
        savedOffset = end;
      }
      bytesDone.set(file, end);
      emit();
    };
    // Batches are delivered while the next ones are read and built (up to `inFlight` at once), so that reading
    // and Loki's ingestion overlap. Loki takes a stream's entries out of order (unordered_writes, on by default
    // since Loki 2.4); the checkpoint only moves past a batch once it and every batch before it are delivered.
    const depth = Math.max(1, options.inFlight ?? 2);
    const unsettled: Array<Promise<void>> = [];
    let committed: Promise<void> = Promise.resolve();
    const flush = async () => {
      while (unsettled.length >= depth) await unsettled.shift();
      const end = batchEnd;
      const lastLine = batchLastLine;
      const delivered = builder.entries > 0 ? deliver(builder.take(), batchFirstLine, lastLine) : Promise.resolve();
      const previous = committed;
      committed = (async () => {
        await previous;
        await delivered;
        await commit(end, lastLine);
      })();
      // Failures surface when this batch's turn comes to be awaited (or at the end of the file).
      delivered.catch(() => undefined);
      committed.catch(() => undefined);
      unsettled.push(committed);
      batchFirstLine = lastLine + 1;
    };

    try {
      for await (const fileLine of readLines(file, { fromOffset: offset, toOffset: size, signal })) {
        const verdict: LineVerdict = fileLine.truncated
          ? { kind: 'malformed', message: `line of ${fileLine.length} bytes is too long to read` }
          : judge.judge(fileLine.bytes);
        lineNo++;
        report.lines++;
        if (verdict.kind === 'entry') {
          if (!builder.fits(verdict.bytes)) await flush();
          builder.add(verdict.stream, verdict.ns, verdict.line, verdict.bytes);
          if (verdict.truncated) {
            report.truncated++;
            addProblem(report, { kind: 'truncated', line: lineNo, message: `line cut to ${limits.maxLineBytes} bytes (with a marker)` });
          }
        } else if (verdict.kind === 'malformed') {
          report.malformed++;
          addProblem(report, { kind: 'malformed', line: lineNo, message: verdict.message });
        } else if (verdict.kind === 'rejected') {
          report.rejected++;
          addProblem(report, { kind: verdict.reason, line: lineNo, message: verdict.message });
        } else {
          report.repeats++;
          addProblem(report, { kind: 'repeat', line: lineNo, message: 'same stream, timestamp and text as an earlier line: Loki stores it once' });
        }
        batchEnd = fileLine.nextOffset;
        batchLastLine = lineNo;
      }
      await flush();
      await committed;
    } catch (err) {
      // Batches still in flight finish (or fail) before the file is left, so that no checkpoint is written late.
      await committed.catch(() => undefined);
      throw err;
    }
    report.incompleteBytes = size - batchEnd;
    bytesDone.set(file, size);
    if (report.incompleteBytes > 0) {
      addProblem(report, { kind: 'note', line: lineNo + 1, message: `the last line has no newline yet (${report.incompleteBytes} bytes): left for the next push` });
    }
    filesDone++;
    emit();
  }

  let outcome: PushReport['outcome'] = 'completed';
  let error: string | undefined;
  const queue = [...families];
  const worker = async () => {
    for (let family = queue.shift(); family; family = queue.shift()) {
      for (const file of family.files) {
        try {
          await pushFile(file);
        } catch (err) {
          // Stopped by the caller, or by another file's failure (already recorded), or failed itself.
          if (options.signal?.aborted) {
            if (outcome === 'completed') outcome = 'cancelled';
          } else if (!stop.signal.aborted) {
            outcome = 'failed';
            error = `${file}: ${err instanceof DeliveryFailedError ? err.message : (err as Error).message}`;
          }
          stop.abort();
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, families.length)) }, worker));
  const files = [...reports.values()];
  return {
    outcome,
    error,
    loki: lokiShownUrl(conn),
    tenant: conn.tenant,
    labels: staticLabels,
    files,
    totals: sumCounts(files),
    notes: [...new Set(notes)],
    elapsedMs: clock.now() - started,
  };
}
