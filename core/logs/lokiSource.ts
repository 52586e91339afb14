// Loki as a log source: lb runs not local yet (`{run_id="..."}`) and any LogQL log query (workflow logs). History
// through query_range, paged without gaps or repeats at equal timestamps (lokiQueryPager.ts): oldest first, or
// (newestFirst, the panel) the newest page first and older pages put before it in batches as big as what is
// loaded (so the rows are rebuilt O(log n) times), while the tail runs. New lines from the tail WebSocket, or by polling query_range when the tail is refused or breaks. The tail
// restarts at the last timestamp, so entries are de-duplicated by (stream, timestamp, line). Lines that are not lb
// records (workflow queries) take their columns from their stream labels and their level from Loki's
// detected_level (lokiLabelColumns.ts).
import { createHash } from 'crypto';
import type { LokiConnection } from '../loki/connection';
import { lokiTail } from '../loki/api';
import { IndexContext, addRow } from './lineIndexer';
import { detectedLevel, labelColumnValues } from './lokiLabelColumns';
import { entryKey, flattenStreams, LokiEntry, lokiQueryPages } from './lokiQueryPager';
import { lokiVolume } from './lokiVolume';
import { MemoryLines } from './memoryLines';
import { PrependableLines } from './prependableLines';
import { HistogramBucket, LOG_LEVELS } from './model';
import { FLAG_LEVEL_MASK, FLAG_MSG_ESCAPED, FLAG_MSG_UNKNOWN, FLAG_NO_TIME, FLAG_UNPARSED, RowBatch, RowBatchBuilder } from './rowBatch';
import { PAGE_MASK, PAGE_SHIFT } from './rowPage';
import { RowSource } from './rowSource';

export interface LokiSourceOptions {
  connection: LokiConnection;
  /** Any LogQL log query, typically `{run_id="<id>"}`. */
  query: string;
  /** Epoch ms; default one hour before now. */
  start?: number;
  /** Epoch ms; default now. A fixed end means no following. */
  end?: number;
  /** Keep receiving new lines after the history (default true when no end is given). */
  follow?: boolean;
  /** Entries per query_range page (Loki's default max_entries_limit_per_query is 5000). */
  pageLimit?: number;
  /** Polling interval when the tail WebSocket is not available (ms, default 1000). */
  pollIntervalMs?: number;
  /**
   * Lines that are not lb records are rows of their stream (workflow logs: columns from labels, level from
   * detected_level); otherwise (an lb run's query) they are malformed lines.
   */
  labelColumns?: boolean;
  /**
   * The newest page first, older history put before it as it loads, the tail started at once (the panel).
   * The session takes older rows in through takeOlder(); row numbers change then (not for followMarks users).
   */
  newestFirst?: boolean;
}

export interface LokiSourceHost {
  /** New rows were added (called from timers and socket callbacks). */
  onRows(): void;
  notice(message: string): void;
}

/** How far back re-delivered entries are recognised: the tail and polling restart this far before the last entry. */
const OVERLAP_NS = 10_000_000_000n;
const RETRY_MS = 5000;

export class LokiSource extends RowSource {
  loading = true;
  /** The range (epoch ms, end exclusive) of the history, set by start(). */
  readonly range = { from: 0, to: 0 };
  private readonly lines = new PrependableLines();
  /** Keys (hashes of stream, timestamp and line) of recent entries, to drop re-deliveries. */
  private readonly recent = new Map<string, bigint>();
  private keptFrom = -1n;
  private maxNs = -1n;
  private tail: { close(): void } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly limit: number;
  /** Names of entry labels seen in query_range answers (see keyOf). */
  private readonly metadataNames = new Set<string>();
  /** newestFirst: the oldest timestamp loaded and the keys of the entries at it (a restarted page drops them). */
  private oldestNs = -1n;
  private oldestKeys = new Set<string>();
  /** newestFirst: older entries not indexed yet (newest first), and the batch waiting for takeOlder(). */
  private pendingOlder: LokiEntry[] = [];
  private staged: { batch: RowBatch; lines: MemoryLines } | undefined;
  private historyComplete = false;

  constructor(
    private readonly options: LokiSourceOptions,
    private readonly ctx: IndexContext,
    private readonly host: LokiSourceHost,
  ) {
    super({ name: `loki ${options.query}`, kind: 'loki' });
    this.limit = options.pageLimit ?? 5000;
  }

  /** Loads the first page (failing if Loki cannot answer); the rest of the history loads in the background. */
  async start(): Promise<void> {
    const endMs = this.options.end ?? Date.now();
    const startMs = this.options.start ?? endMs - 3600_000;
    const [startNs, endNs] = [BigInt(Math.floor(startMs)) * 1_000_000n, BigInt(Math.floor(endMs)) * 1_000_000n];
    [this.range.from, this.range.to] = [Math.floor(startMs), Math.floor(endMs)];
    if (this.options.newestFirst) return this.startNewestFirst(startNs, endNs, endMs);
    const pages = this.pages(startNs, endNs);
    const first = await pages.next();
    if (!first.done) this.add(first.value);
    void this.loadHistory(pages, endMs);
  }

  private pages(start: bigint, end: bigint, direction: 'forward' | 'backward' = 'forward') {
    return lokiQueryPages({
      connection: this.options.connection,
      query: this.options.query,
      start,
      end,
      direction,
      limit: 0,
      pageSize: this.limit,
      onNotice: (message) => this.host.notice(message),
    });
  }

  /** The rest of the history; after a failure, paging starts again at the newest entry (the seen ones are dropped). */
  private async loadHistory(pages: AsyncGenerator<LokiEntry[]>, endMs: number): Promise<void> {
    const read = await this.readPages(
      pages,
      (page) => {
        this.add(page);
        this.host.onRows();
      },
      () => {
        const from = this.maxNs >= 0n ? this.maxNs : BigInt(Math.floor(this.options.start ?? endMs - 3600_000)) * 1_000_000n;
        return this.pages(from, BigInt(Math.floor(endMs)) * 1_000_000n);
      },
    );
    if (read && !this.stopped) this.historyDone(endMs);
  }

  /**
   * Hands each page of `pages` to `take` until they end or the source stops; after a failure it says so, waits and
   * goes on with `restart()`'s pages. False when the source stopped while it waited (the pages were not all read).
   */
  private async readPages(pages: AsyncGenerator<LokiEntry[]>, take: (page: LokiEntry[]) => void, restart: () => AsyncGenerator<LokiEntry[]>): Promise<boolean> {
    for (;;) {
      try {
        for (let page = await pages.next(); !page.done && !this.stopped; page = await pages.next()) take(page.value);
        return true;
      } catch (err) {
        if (this.stopped) return false;
        this.host.notice(`loading history from Loki failed: ${(err as Error).message}; retrying every ${RETRY_MS / 1000} s`);
        await new Promise((resolve) => (this.timer = setTimeout(resolve, RETRY_MS)));
        if (this.stopped) return false;
        pages = restart();
      }
    }
  }

  private async startNewestFirst(startNs: bigint, endNs: bigint, endMs: number): Promise<void> {
    const pages = this.pages(startNs, endNs, 'backward');
    const first = await pages.next();
    if (!first.done) {
      this.add([...first.value].reverse());
      this.noteOlder(first.value);
    }
    if ((this.options.follow ?? this.options.end === undefined) && !this.stopped) this.startTail(endMs);
    void this.loadOlder(pages, startNs, endNs);
  }

  /** Remembers the oldest entries of a page (newest first) given. */
  private noteOlder(entries: LokiEntry[]): void {
    for (const e of entries) {
      if (this.oldestNs < 0n || e.ns < this.oldestNs) {
        this.oldestNs = e.ns;
        this.oldestKeys = new Set();
      }
      if (e.ns === this.oldestNs) this.oldestKeys.add(entryKey(e.stream, e.ns, e.line));
    }
  }

  /** Older history, newest first; after a failure paging restarts at the oldest entry loaded (those at it dropped). */
  private async loadOlder(pages: AsyncGenerator<LokiEntry[]>, startNs: bigint, endNs: bigint): Promise<void> {
    const read = await this.readPages(
      pages,
      (page) => {
        const fresh = page.filter((e) => e.ns !== this.oldestNs || !this.oldestKeys.has(entryKey(e.stream, e.ns, e.line)));
        this.noteOlder(fresh);
        this.pendingOlder.push(...fresh);
        if (this.pendingOlder.length >= Math.max(this.limit, this.store.length)) this.stage();
      },
      () => this.pages(startNs, this.oldestNs >= 0n ? this.oldestNs + 1n : endNs, 'backward'),
    );
    if (!read) return;
    this.historyComplete = true;
    this.stage();
    if (!this.staged) this.loading = false;
    this.host.onRows();
  }

  /** Indexes the pending older entries into a batch for takeOlder(), unless one is waiting already. */
  private stage(): void {
    if (this.staged || this.pendingOlder.length === 0) return;
    const entries = this.pendingOlder.reverse();
    this.pendingOlder = [];
    const lines = new MemoryLines();
    const out = new RowBatchBuilder(entries.length);
    for (const e of entries) {
      if (e.ns >= this.maxNs - OVERLAP_NS) this.recent.set(this.keyOf(e, false), e.ns);
      this.index(e, lines, out);
    }
    this.staged = { batch: out.build([]), lines };
    this.host.onRows();
  }

  /**
   * Puts the staged older rows before the rows loaded (the session calls this when it can renumber its rows);
   * returns how many.
   */
  takeOlder(): number {
    const staged = this.staged;
    if (!staged) return 0;
    this.staged = undefined;
    this.store.prepend(staged.batch, staged.lines.length);
    this.lines.prepend(staged.lines);
    if (this.pendingOlder.length >= Math.max(this.limit, this.store.length) || this.historyComplete) this.stage();
    if (this.historyComplete && !this.staged) this.loading = false;
    return staged.batch.count;
  }

  private historyDone(endMs: number): void {
    this.loading = false;
    this.host.onRows();
    const follow = this.options.follow ?? this.options.end === undefined;
    if (follow && !this.stopped) this.startTail(endMs);
  }

  private startTail(endMs: number): void {
    const fromMs = this.maxNs >= 0n ? Number((this.replayFromNs() + 999_999n) / 1_000_000n) : endMs;
    this.tail = lokiTail(
      this.options.connection,
      { query: this.options.query, start: fromMs, limit: this.limit, delayFor: 0 },
      (streams) => {
        if (this.stopped) return;
        if (this.add(flattenStreams(streams, 'forward'), true) > 0) this.host.onRows();
      },
      (err) => {
        this.tail = undefined;
        if (this.stopped) return;
        const every = this.options.pollIntervalMs ?? 1000;
        this.host.notice(`Loki's live tail is not available (${err.message}); polling every ${every} ms instead`);
        this.poll(every);
      },
    );
  }

  /** Polls query_range from shortly before the last entry seen, through every page. */
  private poll(every: number): void {
    const tick = async () => {
      if (this.stopped) return;
      try {
        const endNs = BigInt(Date.now() + 1) * 1_000_000n;
        const from = this.maxNs >= 0n ? this.replayFromNs() : endNs - BigInt(every) * 1_000_000n;
        for await (const page of this.pages(from, endNs)) {
          if (this.stopped) break;
          this.add(page);
        }
        this.host.onRows();
      } catch (err) {
        this.host.notice(`polling Loki failed: ${(err as Error).message}; trying again`);
      }
      if (!this.stopped) this.timer = setTimeout(tick, every);
    };
    this.timer = setTimeout(tick, every);
  }

  /**
   * Where the tail and polling restart: the overlap before the newest entry, but while older history is still
   * loading newest first never before the oldest loaded entry (the history gives those, in their place).
   */
  private replayFromNs(): bigint {
    const from = this.maxNs - OVERLAP_NS;
    return this.options.newestFirst && this.loading && from <= this.oldestNs ? this.oldestNs + 1n : from;
  }

  /**
   * Forgets keys of entries more than the overlap before the newest one: every restart (next page, tail,
   * polling) begins within the overlap, so older entries never come again. Pruned once per second of log time.
   */
  private prune(): void {
    const from = this.maxNs - OVERLAP_NS - 1_000_000n;
    if (from < this.keptFrom + 1_000_000_000n) return;
    this.keptFrom = from;
    for (const [key, at] of this.recent) if (at < from) this.recent.delete(key);
  }

  /** Adds the entries not seen before, in time order; returns how many. */
  private add(entries: LokiEntry[], fromTail = false): number {
    const out = new RowBatchBuilder(entries.length);
    let lastLineEnd = this.store.lastLineEnd;
    for (const e of entries) {
      const key = this.keyOf(e, fromTail);
      if (this.recent.has(key)) continue;
      this.recent.set(key, e.ns);
      if (e.ns > this.maxNs) this.maxNs = e.ns;
      lastLineEnd = this.index(e, this.lines, out);
    }
    this.store.append(out.build([]), null, lastLineEnd);
    this.prune();
    return out.count;
  }

  /** Indexes one entry as the next row of `out`, its line appended to `lines`; returns where the line ends. */
  private index(e: LokiEntry, lines: { append(line: Buffer): number }, out: RowBatchBuilder): number {
    const bytes = Buffer.from(`${e.line}\n`, 'utf8');
    const offset = lines.append(bytes.subarray(0, bytes.length - 1));
    const r = out.count;
    addRow(bytes, 0, bytes.length - 1, offset, out, this.ctx, false);
    const page = out.pages[r >>> PAGE_SHIFT];
    const j = r & PAGE_MASK;
    if (this.options.labelColumns && page.flags[j] & FLAG_UNPARSED) this.labelRow(out, r, e.entryLabels ? { ...e.stream, ...e.entryLabels } : e.stream);
    if (page.flags[j] & FLAG_NO_TIME) {
      // A line without a timestamp of its own (not an lb record) is placed at Loki's time for it.
      page.times[j] = out.lastTime = Number(e.ns / 1000n) / 1000;
      page.flags[j] &= ~FLAG_NO_TIME;
    }
    return offset + bytes.length - 1;
  }

  /**
   * A line that is not an lb record (a workflow's own output) is a row of its stream: columns from its labels,
   * level from detected_level, the whole line as its message.
   */
  private labelRow(out: RowBatchBuilder, r: number, labels: Record<string, string>): void {
    const level = detectedLevel(labels);
    const columns = labelColumnValues(labels);
    const page = out.pages[r >>> PAGE_SHIFT];
    const j = r & PAGE_MASK;
    page.setLabel(j, this.ctx.labels.idOf(columns.component, columns.host, columns.workload, -1, columns.phase));
    page.messageStarts[j] = 0;
    page.flags[j] = (page.flags[j] & ~(FLAG_UNPARSED | FLAG_LEVEL_MASK | FLAG_MSG_ESCAPED | FLAG_MSG_UNKNOWN)) | (level ? LOG_LEVELS.indexOf(level) : FLAG_LEVEL_MASK);
    const problem = out.problems.findIndex(([row]) => row === r);
    if (problem >= 0) out.problems.splice(problem, 1);
  }

  /**
   * An entry's identity: its stream labels, timestamp and line. Entry labels (structured metadata such as Loki's
   * own detected_level, parsed labels) are not part of it: query_range returns them beside the stream labels,
   * and the tail merges them into the labels of entries it replays but not of live ones; their names, learnt
   * from query_range answers (which always come first), are removed from the tail's labels.
   */
  private keyOf(e: LokiEntry, fromTail: boolean): string {
    let stream = e.stream;
    if (e.entryLabels) for (const name of Object.keys(e.entryLabels)) this.metadataNames.add(name);
    if (fromTail) stream = Object.fromEntries(Object.entries(stream).filter(([name]) => !this.metadataNames.has(name)));
    return createHash('sha1').update(entryKey(stream, e.ns, e.line)).digest('base64');
  }

  /** Counts per level of the query's entries in each bucket, by Loki (lokiVolume.ts): not only the lines loaded. */
  volume(buckets: HistogramBucket[]): Promise<HistogramBucket[]> {
    return lokiVolume(this.options.connection, this.options.query, buckets);
  }

  displayOffset(row: number): number {
    return row;
  }

  read(position: number, length: number): Buffer | null {
    return this.lines.read(position, length);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.tail?.close();
    this.tail = undefined;
  }

  dispose(): void {
    this.stop();
  }
}
