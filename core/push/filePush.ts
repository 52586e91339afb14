// The push of one file, in steps: resume where its checkpoint says, read and judge its lines, batch the
// entries, deliver each batch (with retries, batchDelivery.ts), move the checkpoint past what Loki confirmed,
// and note a last line still being written.
import { isUtf8 } from 'buffer';
import { LineBlock, readLineBlocks } from '../logs/lineReader';
import { lokiShownUrl } from '../loki/connection';
import { Batch, BatchBuilder } from './batchBuilder';
import { deliverBatch } from './batchDelivery';
import { BatchPipeline } from './batchPipeline';
import { fileIdentity, tailHash, tailHashInMemory } from './checkpoints';
import { LineJudge, LineVerdict, PushStream } from './lineJudge';
import { addProblem, FileReport } from './pushReport';
import type { PushRun } from './pushRun';

/** How often the checkpoint is saved while a file is read (and always at its end). */
const SAVE_EVERY_MS = 1000;
/** The smallest read: batches limited to fewer bytes are several per block. */
const MIN_CHUNK_BYTES = 64 * 1024;

export class FilePush {
  /** The checkpoint's key; undefined without a checkpoint store or for an empty file. */
  private key: string | undefined;
  /** Offset and line number reached by reading. */
  private offset = 0;
  private lineNo = 0;
  /** Entries of this file in Loki from earlier pushes. */
  private pushedBefore = 0;
  private savedOffset = 0;
  /** When the checkpoint was last saved (the clock's ms), and the lines delivered since the push started. */
  private savedAt = -Infinity;
  private delivered: { end: number; lastLine: number; tail: string | undefined } | undefined;
  /** The batch being built: its first line, and where its last line ends. */
  private batchFirstLine = 1;
  private batchLastLine = 0;
  private batchEnd = 0;
  private readonly builder: BatchBuilder;
  private readonly pipeline: BatchPipeline;
  /** The block of lines being judged (its bytes hold until the next block is read). */
  private block: LineBlock | undefined;
  /** The stream of the last entry placed. */
  private lastStream: PushStream | undefined;

  constructor(
    private readonly run: PushRun,
    private readonly file: string,
    private readonly report: FileReport,
    private readonly size: number,
  ) {
    this.builder = new BatchBuilder(run.batchLimits);
    this.pipeline = new BatchPipeline(Math.max(1, run.options.inFlight ?? 2));
  }

  async push(): Promise<void> {
    this.run.fileStarted(this.file);
    await this.resume();
    this.run.fileProgress(this.file, this.offset);
    this.run.emit();
    try {
      await this.judgeLines();
      await this.flush();
      await this.pipeline.done();
      await this.saveCheckpoint();
    } catch (err) {
      await this.pipeline.settled();
      // What was delivered before the failure or the cancel is not sent again by the next push.
      await this.saveCheckpoint().catch(() => undefined);
      throw err;
    }
    this.finish();
  }

  /** Starts after the lines an earlier push confirmed, if the file still holds them. */
  private async resume(): Promise<void> {
    const store = this.run.options.checkpoints;
    const identity = await fileIdentity(this.file);
    this.key = identity && store ? store.key(this.run.connection, this.run.staticLabels, identity) : undefined;
    if (this.key) {
      const checkpoint = await store!.load(this.key);
      if (checkpoint && checkpoint.offset <= this.size && (await tailHash(this.file, checkpoint.offset)) === checkpoint.tailHash) {
        this.offset = checkpoint.offset;
        this.lineNo = checkpoint.lines;
        this.pushedBefore = checkpoint.pushed;
        if (this.offset > 0) this.report.resumedFrom = { offset: this.offset, line: this.lineNo };
      } else if (checkpoint) {
        addProblem(this.report, { kind: 'note', message: 'the file differs from what an earlier push read: pushing it from the start (lines Loki has are not sent again)' });
      }
    }
    this.savedOffset = this.batchEnd = this.offset;
    this.batchLastLine = this.lineNo;
    this.batchFirstLine = this.lineNo + 1;
  }

  /** Judges every complete line from the resume point on and batches the entries. */
  private async judgeLines(): Promise<void> {
    const run = this.run;
    const judge = new LineJudge(run.streams, run.limits, run.options.truncateLongLines ?? false, run.clock.now());
    // Blocks as large as a batch: a batch is then mostly the lines of one block, copied from it into the body.
    const chunkBytes = Math.max(MIN_CHUNK_BYTES, run.batchLimits.maxBytes);
    for await (const block of readLineBlocks(this.file, { fromOffset: this.offset, toOffset: this.size, signal: run.signal, reuseBuffer: true, chunkBytes })) {
      const b = block.bytes;
      this.block = block;
      if (block.cutLength !== undefined) {
        this.lineNo++;
        this.report.lines++;
        this.place({ kind: 'malformed', message: `line of ${block.cutLength} bytes is too long to read` }, block.nextOffset);
        continue;
      }
      // A newline is never part of a multi-byte character: a valid block has valid lines.
      const utf8 = isUtf8(b);
      for (let from = 0; from < b.length; ) {
        const nl = b.indexOf(0x0a, from);
        // Without the newline, and without a carriage return before it.
        const end = nl > from && b[nl - 1] === 0x0d ? nl - 1 : nl;
        const verdict = judge.judge(b, from, end, utf8);
        this.lineNo++;
        this.report.lines++;
        if (verdict.kind === 'entry' && !this.builder.fits(verdict.bytes)) await this.flush();
        this.place(verdict, block.offset + nl + 1);
        from = nl + 1;
      }
      // The reader reads the next block into the same buffer: the batch is sent when it is worth a request, else
      // it copies its lines of the block, as the streams' repeat checks copy what they hold of it.
      if (this.builder.halfFull()) await this.flush();
      else this.builder.keep(b);
      judge.keepLines();
      this.block = undefined;
    }
  }

  /** Adds the current line's entry to the batch, or counts why it has none; `nextOffset` is where the line ends. */
  private place(verdict: LineVerdict, nextOffset: number): void {
    if (verdict.kind === 'entry') {
      // Whether Loki holds a stream is asked when it is first seen, so that its batch finds the answer ready.
      if (verdict.stream !== this.lastStream) {
        this.lastStream = verdict.stream;
        this.run.presence.seen(verdict.stream, verdict);
      }
      this.builder.add(verdict.stream, verdict.seconds, verdict.nanos, verdict.raw, verdict.start, verdict.end);
    }
    this.count(verdict);
    this.batchEnd = nextOffset;
    this.batchLastLine = this.lineNo;
  }

  /** Counts a line's fate in the report (the current line, `lineNo`). */
  private count(verdict: LineVerdict): void {
    const { report, lineNo: line } = this;
    if (verdict.kind === 'entry') {
      if (verdict.truncated) {
        report.truncated++;
        addProblem(report, { kind: 'truncated', line, message: `line cut to ${this.run.limits.maxLineBytes} bytes (with a marker)` });
      }
    } else if (verdict.kind === 'malformed') {
      report.malformed++;
      addProblem(report, { kind: 'malformed', line, message: verdict.message });
    } else if (verdict.kind === 'rejected') {
      report.rejected++;
      addProblem(report, { kind: verdict.reason, line, message: verdict.message });
    } else {
      report.repeats++;
      addProblem(report, { kind: 'repeat', line, message: 'same stream, timestamp and text as an earlier line: Loki stores it once' });
    }
  }

  /** Sends the batch built so far (if any) and moves the checkpoint past its lines once delivered. */
  private async flush(): Promise<void> {
    // Reading waits for this flush, so the batch's bounds stay as they are until it is taken.
    const end = this.batchEnd;
    const firstLine = this.batchFirstLine;
    const lastLine = this.batchLastLine;
    // The checkpoint's hash of the bytes before `end`, from the block in memory when it holds them (else read then).
    const block = this.block;
    const tail = this.key && block ? tailHashInMemory(block.bytes, block.offset, end) : undefined;
    // Taken now (its lines copied out of the block), so that reading goes on while it waits for its new streams'
    // presence in Loki (asked when they were first seen) and for a place in flight.
    const batch = this.builder.entries > 0 ? this.builder.take() : undefined;
    await this.pipeline.add(
      () => (batch ? this.deliver(batch, firstLine, lastLine) : Promise.resolve()),
      () => this.commit(end, lastLine, tail),
      batch && this.run.presence.answered(batch.targets as PushStream[]),
    );
    this.batchFirstLine = lastLine + 1;
  }

  /** Delivers a batch (lines firstLine..lastLine of the file) and counts what happened to its lines. */
  private async deliver(batch: Batch, firstLine: number, lastLine: number): Promise<void> {
    const run = this.run;
    const result = await deliverBatch(batch.streams, batch.targets as PushStream[], {
      target: run.target,
      policy: run.policy,
      clock: run.clock,
      signal: run.signal,
      presenceChecks: run.presenceChecks,
      streamsInLoki: (streams, presence, signal) => run.presence.inLoki(streams, presence, signal),
      lineBytes: batch.bytes,
      entries: batch.entries,
      body: batch.body,
      onRetry: (notice) => {
        run.retrying(notice);
        run.emit();
      },
    }).finally(() => this.builder.release(batch));
    run.retrying(undefined);
    const report = this.report;
    report.sent += result.sent;
    report.bytesSent += result.bytesSent;
    report.alreadyInLoki += result.alreadyInLoki;
    if (result.presenceUnavailable) run.notes.push(result.presenceUnavailable);
    if (result.rejected) {
      report.rejected += result.rejected.entries;
      addProblem(
        report,
        { kind: 'rejected-by-loki', line: firstLine, lastLine, message: `Loki answered ${result.rejected.status}: ${result.rejected.message}` },
        result.rejected.entries,
      );
    }
  }

  /**
   * Moves the checkpoint to `end` (after line `lastLine`) once every batch before it is delivered; `tail` is its
   * tailHash when known. Saved at most every SAVE_EVERY_MS while the file is read (a push killed meanwhile reads
   * the lines since again, and finds in Loki those it sent), and always at the end of the file or a failure.
   */
  private async commit(end: number, lastLine: number, tail: string | undefined): Promise<void> {
    this.delivered = { end, lastLine, tail };
    if (this.run.clock.now() - this.savedAt >= SAVE_EVERY_MS) await this.saveCheckpoint();
    this.run.fileProgress(this.file, end);
    this.run.emit();
  }

  /** Saves the checkpoint of the lines delivered so far, unless it is saved already. */
  private async saveCheckpoint(): Promise<void> {
    const store = this.run.options.checkpoints;
    const delivered = this.delivered;
    if (!this.key || !delivered || delivered.end <= this.savedOffset) return;
    await store!.save(this.key, {
      version: 1,
      file: this.file,
      loki: lokiShownUrl(this.run.connection),
      tenant: this.run.connection.tenant,
      labels: this.run.staticLabels,
      offset: delivered.end,
      lines: delivered.lastLine,
      tailHash: delivered.tail ?? (await tailHash(this.file, delivered.end)),
      pushed: this.pushedBefore + this.report.sent,
      updatedAt: new Date(this.run.clock.now()).toISOString(),
    });
    this.savedOffset = delivered.end;
    this.savedAt = this.run.clock.now();
  }

  /** The file is read: a last line without its newline is left for the next push. */
  private finish(): void {
    const report = this.report;
    report.incompleteBytes = this.size - this.batchEnd;
    if (report.incompleteBytes > 0) {
      addProblem(report, { kind: 'note', line: this.lineNo + 1, message: `the last line has no newline yet (${report.incompleteBytes} bytes): left for the next push` });
    }
    this.run.fileDone(this.file);
    this.run.emit();
  }
}
