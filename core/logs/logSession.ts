// A LogSession in the calling thread: the sources (files of a run, given files, a Loki query), their merged
// time order, the filtered view, and the follow loop (file watching with a polling fallback). The log
// worker runs one of these for the extension; `lb-obs logs` runs one in its own process.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileFollower, FollowerHost } from './fileFollower';
import { FileSource, identityKey } from './fileSource';
import { LabelSetTable } from './labelSets';
import { LEVEL_NAMES } from './lineClassifier';
import { IndexContext } from './lineIndexer';
import { logfmtFields } from './logfmtFields';
import { LokiSource, LokiSourceOptions } from './lokiSource';
import { emptyBuckets, volumeBuckets } from './lokiVolume';
import { MergedOrder } from './mergedOrder';
import type {
  Disposable,
  HistogramBucket,
  LogFacets,
  LogFilter,
  LogLevel,
  LogRow,
  LogRowDetails,
  LogSession,
  LogSessionChange,
  LogSessionInfo,
} from './model';
import { PagedArray } from './pagedArray';
import { FLAG_LEVEL_MASK, FLAG_NO_TIME, FLAG_UNPARSED } from './rowBatch';
import { CompiledFilter, levelNumber } from './rowFilter';
import type { RowSource } from './rowSource';
import { MAX_DISPLAY_BYTES, WindowedReader, rawDisplayText, readRawLine, readRowText } from './rowText';
import { listLogFileGroups, logsDirOf } from './runLogFiles';
import { ScanPool } from './scanPool';

export interface LogSessionOptions {
  /** JSONL files to read (each one followed as it grows, with its rotations). */
  files?: string[];
  /** An lb run folder: every `logs/*.jsonl` with its numbered backups, and files that appear later. */
  runDir?: string;
  /** More run folders (the CLI accepts several). A folder without `logs/` or `run_journal.json` is read as a logs folder. */
  runDirs?: string[];
  /** A Loki query instead of (or besides) files. */
  loki?: LokiSourceOptions;
  /** Keep following appended lines and new files (default true). Without it the files are read once, to the end. */
  follow?: boolean;
  /** How often files are checked in case file watching misses an event (ms, default 200). */
  pollIntervalMs?: number;
  /** The scan worker bundle (dist/logScanWorker.js), to index large files on several threads; in-thread without it. */
  scanWorkerScript?: string;
  scanWorkers?: number;
  /** Smallest file part given to a scan worker (default 24 MiB; tests use less). */
  scanMinPartBytes?: number;
  /** Called while the initial indexing runs: bytes indexed so far and in total. */
  onProgress?: (done: number, total: number) => void;
}

/** Thrown for a source that cannot be opened (missing file, unreadable folder). */
export class LogSourceError extends Error {}

/** Rows of a view are evaluated in slices this big, yielding in between so requests are answered. */
const VIEW_SLICE = 1 << 16;
const WATCH_DEBOUNCE_MS = 15;

type Listener = (change: LogSessionChange) => void;

export class LocalLogSession implements LogSession {
  private readonly sources: RowSource[] = [];
  private readonly labels = new LabelSetTable();
  private readonly ctx = new IndexContext(this.labels);
  private readonly pool: ScanPool | null;
  private readonly followers = new Map<string, FileFollower>();
  private readonly known = new Set<string>();
  private readonly watchers: fs.FSWatcher[] = [];
  private readonly watched = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private readonly notices: string[] = [];
  private order = new MergedOrder();
  /** Rows were put before rows already placed (Loki's history read newest first): the order is rebuilt. */
  private reorder = false;
  /** Positions in `order` of the rows passing the filter; null when the filter lets everything through. */
  private view: PagedArray | null = null;
  private filter: CompiledFilter;
  /** Rows of each source already counted in the totals and facets. */
  private readonly counted: number[] = [];
  /** Records per label set and level: index `label * 5 + level`. */
  private facetCounts: number[] = [];
  private records = 0;
  private unparsed = 0;
  private firstTime = Infinity;
  private lastTime = -Infinity;
  private queue: Promise<unknown> = Promise.resolve();
  private generation = 0;
  private refreshQueued = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private loki: LokiSource | undefined;
  private disposed = false;
  /** Loading state and notices as last reported to listeners. */
  private emittedStatus = '';
  private readonly followerHost: FollowerHost;
  /** The logs folders of the run folders given. */
  private readonly logsDirs: string[];

  private constructor(private readonly options: LogSessionOptions) {
    this.filter = new CompiledFilter({}, this.labels);
    this.logsDirs = [...(options.runDir ? [options.runDir] : []), ...(options.runDirs ?? [])].map((dir) => {
      if (!fs.existsSync(dir)) throw new LogSourceError(`run folder not found: ${dir}`);
      return logsDirOf(dir);
    });
    const workers = options.scanWorkers ?? Math.min(4, os.availableParallelism());
    this.pool = options.scanWorkerScript && workers > 1 ? new ScanPool(options.scanWorkerScript, workers, options.scanMinPartBytes) : null;
    this.followerHost = {
      ctx: this.ctx,
      pool: this.pool,
      known: this.known,
      addSource: (source) => this.addSource(source),
      notice: (message) => this.notice(message),
    };
  }

  static async open(options: LogSessionOptions): Promise<LocalLogSession> {
    const session = new LocalLogSession(options);
    try {
      await session.start();
    } catch (err) {
      await session.dispose();
      throw err;
    }
    return session;
  }

  private get follow(): boolean {
    return this.options.follow ?? true;
  }

  private async start(): Promise<void> {
    const { files = [], loki } = this.options;
    if (!files.length && !this.logsDirs.length && !loki) throw new LogSourceError('no log source given: pass files, a run folder or a Loki query');
    const live: Array<{ file: string; source: FileSource | null }> = [];
    for (const logsDir of this.logsDirs) {
      for (const group of listLogFileGroups(logsDir)) {
        for (const backup of group.backups) {
          const source = this.openFile(backup);
          if (source) this.addSource(source);
        }
        const exists = fs.existsSync(group.base);
        const base = exists ? this.openFile(group.base) : null;
        if (base) this.addSource(base);
        // A live file not there yet is followed too; one given twice only once.
        if (base || !exists) live.push({ file: group.base, source: base });
      }
    }
    for (const file of files) {
      const source = this.openFile(path.resolve(file));
      if (!source) continue;
      this.addSource(source);
      live.push({ file: source.path, source });
      // Backups that exist already are not part of a view of the file: remember them so a rotation does not add them.
      for (const group of listLogFileGroups(path.dirname(source.path)).filter((g) => g.base === source.path)) {
        for (const backup of group.backups) this.rememberFile(backup);
      }
    }
    await this.indexInitial(live.map((l) => l.source));
    if (this.follow) {
      for (const l of live) {
        const follower = new FileFollower(l.file, this.followerHost);
        if (l.source) follower.adopt(l.source);
        this.followers.set(l.file, follower);
      }
      this.watch();
    }
    this.integrateSync();
    if (loki) {
      this.loki = new LokiSource(loki, this.ctx, {
        onRows: () => this.scheduleRefresh(),
        notice: (message) => this.notice(message),
      });
      this.addSource(this.loki);
      await this.loki.start();
      this.integrateSync();
    }
    this.emittedStatus = this.statusKey();
  }

  /** Opens a file given at the start; null when the same file was given already (by another path). */
  private openFile(file: string): FileSource | null {
    let source: FileSource;
    try {
      source = FileSource.open(file);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new LogSourceError(`cannot read ${file}: ${e.code ?? e.message}`);
    }
    const key = identityKey(source.identity);
    if (this.known.has(key)) {
      source.dispose();
      return null;
    }
    this.known.add(key);
    return source;
  }

  private rememberFile(file: string): void {
    try {
      const st = fs.statSync(file);
      this.known.add(identityKey({ dev: st.dev, ino: st.ino }));
    } catch {
      // Gone already: nothing to remember.
    }
  }

  /** Indexes every file source to its end: large ones split across the scan pool, all parts in parallel. */
  private async indexInitial(liveSources: Array<FileSource | null>): Promise<void> {
    const files = this.sources.filter((s): s is FileSource => s instanceof FileSource);
    const isLive = new Set(liveSources.filter((s): s is FileSource => s !== null));
    const finalOf = (s: FileSource) => !this.follow || !isLive.has(s);
    const total = files.reduce((sum, s) => sum + s.pendingBytes(), 0);
    let done = 0;
    const progress = this.options.onProgress;
    if (this.pool && total >= 2 * this.pool.minPartBytes) {
      const plan = files.map((s) => {
        const bytes = s.pendingBytes();
        const parts = Math.max(1, Math.round(bytes / Math.max(this.pool!.minPartBytes, total / 8)));
        return { source: s, requests: s.pendingRequests(parts, finalOf(s)) };
      });
      const results = await this.pool.runAll(plan.flatMap((p) => p.requests));
      let k = 0;
      for (const p of plan) {
        p.source.applyParts(results.slice(k, k + p.requests.length), this.ctx);
        k += p.requests.length;
      }
      progress?.(total, total);
      return;
    }
    for (const s of files) {
      done += s.pendingBytes();
      await s.catchUp(this.ctx, null, finalOf(s));
      progress?.(done, total);
    }
  }

  private addSource(source: RowSource): void {
    if (this.sources.length >= 0xffff) {
      this.notice(`too many log sources (${this.sources.length}); ${source.info.name} is not shown`);
      source.dispose();
      return;
    }
    this.sources.push(source);
  }

  private notice(message: string): void {
    if (!this.notices.includes(message)) this.notices.push(message);
  }

  private watch(): void {
    const dirs = new Set<string>(this.logsDirs);
    for (const file of this.followers.keys()) dirs.add(path.dirname(file));
    for (const dir of dirs) this.watchDir(dir);
    this.pollTimer = setInterval(() => this.scheduleRefresh(), this.options.pollIntervalMs ?? 200);
  }

  private watchDir(dir: string): void {
    try {
      const watcher = fs.watch(dir, { persistent: false }, () => this.onWatchEvent());
      watcher.on('error', () => this.notice(`watching ${dir} failed; new lines are found by polling`));
      this.watchers.push(watcher);
      this.watched.add(dir);
    } catch {
      // The folder may not exist yet (logs/ of a run that just started): polling finds it.
    }
  }

  private onWatchEvent(): void {
    if (this.watchTimer) return;
    this.watchTimer = setTimeout(() => {
      this.watchTimer = undefined;
      this.scheduleRefresh();
    }, WATCH_DEBOUNCE_MS);
  }

  /** Runs `task` after every earlier state change, so changes never interleave. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private scheduleRefresh(): void {
    if (this.refreshQueued || this.disposed) return;
    this.refreshQueued = true;
    this.enqueue(async () => {
      this.refreshQueued = false;
      if (this.disposed) return;
      await this.refresh();
    }).catch((err: Error) => {
      // Nobody awaits a timer's refresh: an unhandled rejection would end the log worker.
      this.notice(`updating the logs failed: ${err.message}`);
    });
  }

  private async refresh(): Promise<void> {
    if (this.follow) for (const dir of this.logsDirs) this.discoverNewFiles(dir);
    for (const follower of this.followers.values()) {
      try {
        await follower.poll();
      } catch (err) {
        this.notice(`reading ${follower.path} failed: ${(err as Error).message}`);
      }
    }
    await this.integrate();
  }

  private discoverNewFiles(logsDir: string): void {
    for (const group of listLogFileGroups(logsDir)) {
      if (this.followers.has(group.base)) continue;
      this.followers.set(group.base, new FileFollower(group.base, this.followerHost));
      if (!this.watched.has(logsDir)) this.watchDir(logsDir);
    }
  }

  /** Counts new rows into totals and facets. */
  private account(): boolean {
    let any = false;
    const older = this.loki?.takeOlder() ?? 0;
    if (older > 0) this.reorder = true;
    for (let s = 0; s < this.sources.length; s++) {
      const store = this.sources[s].store;
      const prepended = this.sources[s] === this.loki ? older : 0;
      const from = (this.counted[s] ?? 0) + prepended;
      if (from === store.length && prepended === 0) continue;
      any = true;
      const facets = this.facetCounts;
      // The rows put before those counted (0 .. prepended), then those appended since.
      for (let r = prepended > 0 ? 0 : from; r < store.length; r = r + 1 === prepended ? from : r + 1) {
        const flags = store.flags(r);
        if (flags & FLAG_UNPARSED) {
          this.unparsed++;
          continue;
        }
        this.records++;
        const k = store.label(r) * 5 + (flags & FLAG_LEVEL_MASK);
        facets[k] = (facets[k] ?? 0) + 1;
        const t = store.time(r);
        if (t < this.firstTime) this.firstTime = t;
        if (t > this.lastTime) this.lastTime = t;
      }
      this.counted[s] = store.length;
    }
    return any;
  }

  /** The initial merge and view (no text filter is set yet, so nothing needs reading). */
  private integrateSync(): void {
    this.account();
    if (this.reorder) this.order = MergedOrder.build(this.sources);
    else this.order.mergeNew(this.sources);
    this.reorder = false;
  }

  /** Takes in rows added to the sources: appended to the order and view when they sort last, else a rebuild. */
  private async integrate(): Promise<void> {
    if (!this.account()) {
      // No new rows, but the end of loading or a new notice is news too.
      if (this.statusKey() !== this.emittedStatus) this.emit({ info: this.infoNow(), appended: 0, reset: false });
      return;
    }
    const reordered = this.reorder;
    this.reorder = false;
    if (!reordered && this.order.canAppend(this.sources)) {
      const start = this.order.length;
      this.order.mergeNew(this.sources);
      const appended = this.extendView(this.order, this.filter, start);
      // Emitted even when the filter hides the new rows: the counts changed.
      this.emit({ info: this.infoNow(), appended, reset: false });
      return;
    }
    const order = MergedOrder.build(this.sources);
    const gen = this.generation;
    // Renumbered rows: the old order no longer points at them, so the new view is made before anything is served.
    const view = await this.computeView(order, this.filter, gen, reordered);
    this.order = order;
    // A newer filter is queued and will build its view over this order.
    this.view = view === undefined ? new PagedArray((n) => new Uint32Array(n)) : view;
    this.emit({ info: this.infoNow(), appended: 0, reset: true });
  }

  private statusKey(): string {
    return `${this.loki?.loading ?? false}|${this.notices.length}`;
  }

  private emit(change: LogSessionChange): void {
    this.emittedStatus = this.statusKey();
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // A listener's failure is its own.
      }
    }
  }

  private isPassAll(filter: CompiledFilter): boolean {
    return filter.filter.from === undefined && filter.filter.to === undefined && this.isWindowOnly(filter);
  }

  /** Whether the filter keeps every row of its time window. */
  private isWindowOnly(filter: CompiledFilter): boolean {
    const f = filter.filter;
    return (
      filter.minLevel === 0 &&
      !filter.needsText &&
      f.includeUnparsed !== false &&
      ![f.components, f.hosts, f.workloads, f.repetitions, f.phases].some((l) => !!l?.length)
    );
  }

  /** Adds the matching rows among order positions [start, end) to the view; returns how many. */
  private extendView(order: MergedOrder, filter: CompiledFilter, start: number): number {
    if (this.view === null) return order.length - start;
    const readers = new Map<number, WindowedReader>();
    let added = 0;
    for (let pos = start; pos < order.length; pos++) {
      if (this.matches(order, filter, pos, readers)) {
        this.view.push(pos);
        added++;
      }
    }
    return added;
  }

  private matches(order: MergedOrder, filter: CompiledFilter, pos: number, readers: Map<number, WindowedReader>): boolean {
    const s = order.sourceOf.get(pos);
    const source = this.sources[s];
    const row = order.rowOf.get(pos);
    if (!filter.passesIndex(source, row)) return false;
    if (!filter.needsText) return true;
    let reader = readers.get(s);
    if (!reader) readers.set(s, (reader = new WindowedReader(source)));
    return filter.passesText(source, row, reader.read);
  }

  /** The view of `filter` over `order`, or undefined when a newer filter made it pointless. */
  private async computeView(order: MergedOrder, filter: CompiledFilter, gen: number, atOnce = false): Promise<PagedArray | null | undefined> {
    if (this.isPassAll(filter)) return null;
    const view = PagedArray.u32();
    const readers = new Map<number, WindowedReader>();
    for (let start = 0; start < order.length; start += VIEW_SLICE) {
      if (start > 0 && !atOnce) {
        await new Promise((resolve) => setImmediate(resolve));
        if (gen !== this.generation || this.disposed) return undefined;
      }
      const end = Math.min(order.length, start + VIEW_SLICE);
      for (let pos = start; pos < end; pos++) if (this.matches(order, filter, pos, readers)) view.push(pos);
    }
    return view;
  }

  private get matched(): number {
    return this.view === null ? this.order.length : this.view.length;
  }

  private position(index: number): number {
    return this.view === null ? index : this.view.get(index);
  }

  private infoNow(): LogSessionInfo {
    const info: LogSessionInfo = {
      sources: this.sources.map((s) => ({ ...s.info })),
      lines: this.records + this.unparsed,
      records: this.records,
      unparsed: this.unparsed,
      matched: this.matched,
      firstTime: this.records ? this.firstTime : null,
      lastTime: this.records ? this.lastTime : null,
    };
    if (this.notices.length) info.notices = [...this.notices];
    if (this.loki?.loading) info.loading = true;
    return info;
  }

  async info(): Promise<LogSessionInfo> {
    return this.infoNow();
  }

  setFilter(filter: LogFilter): Promise<LogSessionInfo> {
    let compiled: CompiledFilter;
    try {
      compiled = new CompiledFilter(filter, this.labels);
    } catch (err) {
      return Promise.reject(err);
    }
    const gen = ++this.generation;
    return this.enqueue(async () => {
      const view = await this.computeView(this.order, compiled, gen);
      if (view !== undefined) {
        this.filter = compiled;
        this.view = view;
      }
      return this.infoNow();
    });
  }

  async rows(start: number, count: number): Promise<LogRow[]> {
    const rows: LogRow[] = [];
    const end = Math.min(this.matched, Math.max(0, start) + Math.max(0, count));
    for (let i = Math.max(0, start); i < end; i++) rows.push(this.row(i));
    return rows;
  }

  private row(index: number): LogRow {
    const pos = this.position(index);
    return this.rowAt(this.order.sourceOf.get(pos), this.order.rowOf.get(pos), index);
  }

  /** The row `r` of source `s`, shown at `index` of a listing. */
  rowAt(s: number, r: number, index: number): LogRow {
    const source = this.sources[s];
    const store = source.store;
    const flags = store.flags(r);
    const parsed = (flags & FLAG_UNPARSED) === 0;
    const text = readRowText(source, r, MAX_DISPLAY_BYTES);
    const row: LogRow = {
      index,
      source: s,
      offset: source.displayOffset(r),
      time: flags & FLAG_NO_TIME ? null : store.time(r),
      level: parsed ? LEVEL_NAMES[flags & FLAG_LEVEL_MASK] : null,
      message: text ? text.text : '(text no longer available: the file was truncated)',
      parsed,
    };
    if (text?.truncated) row.truncated = true;
    if (parsed) {
      const set = this.labels.get(store.label(r));
      if (set.component !== undefined) row.component = set.component;
      if (set.host !== undefined) row.host = set.host;
      if (set.workload !== undefined) row.workload = set.workload;
      if (set.repetition !== undefined) row.repetition = set.repetition;
      if (set.phase !== undefined) row.phase = set.phase;
    } else {
      row.problem = store.problems.get(r) ?? 'malformed line';
    }
    return row;
  }

  async details(index: number): Promise<LogRowDetails | null> {
    if (index < 0 || index >= this.matched) return null;
    const pos = this.position(index);
    const source = this.sources[this.order.sourceOf.get(pos)];
    const r = this.order.rowOf.get(pos);
    const bytes = readRawLine(source, r);
    const details: LogRowDetails = {
      raw: bytes ? rawDisplayText(bytes, true) : '(text no longer available: the file was truncated)',
      source: source.info.name,
      offset: source.displayOffset(r),
    };
    if (bytes) {
      const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      const text = bytes.toString('utf8', start);
      try {
        details.record = JSON.parse(text);
      } catch {
        // Not JSON: a logfmt line's fields (workflow logs), else the raw text is all there is.
        details.record = logfmtFields(text);
      }
    }
    return details;
  }

  async facets(): Promise<LogFacets> {
    const facets: LogFacets = { level: {}, component: {}, host: {}, workload: {}, repetition: {}, phase: {} };
    const add = (into: Record<string, number>, key: string | number | undefined, n: number) => {
      if (key !== undefined) into[key] = (into[key] ?? 0) + n;
    };
    this.facetCounts.forEach((n, k) => {
      if (!n) return;
      const set = this.labels.get(Math.floor(k / 5));
      add(facets.level, LEVEL_NAMES[k % 5], n);
      add(facets.component, set.component, n);
      add(facets.host, set.host, n);
      add(facets.workload, set.workload, n);
      add(facets.repetition, set.repetition, n);
      add(facets.phase, set.phase, n);
    });
    return facets;
  }

  async histogram(buckets: number): Promise<HistogramBucket[]> {
    const f = this.filter.filter;
    const loki = this.loki;
    if (loki?.loading && this.sources.length === 1 && this.isWindowOnly(this.filter)) {
      // While Loki's history loads, Loki counts the whole range (the rows loaded are only part of it).
      try {
        return await loki.volume(volumeBuckets(f.from ?? loki.range.from, f.to ?? loki.range.to, buckets));
      } catch (err) {
        this.notice(`counting the query's lines over time in Loki failed (${(err as Error).message}); the histogram counts the lines loaded`);
      }
    }
    const from = f.from ?? (this.records ? Math.floor(this.firstTime) : null);
    const to = f.to ?? (this.records ? Math.floor(this.lastTime) + 1 : null);
    if (from === null || to === null) return [];
    const result = emptyBuckets(from, to, buckets);
    if (result.length === 0) return [];
    const width = result[0].end - result[0].start;
    for (let i = 0; i < this.matched; i++) {
      const pos = this.position(i);
      const store = this.sources[this.order.sourceOf.get(pos)].store;
      const r = this.order.rowOf.get(pos);
      const flags = store.flags(r);
      if (flags & FLAG_NO_TIME) continue;
      const t = store.time(r);
      const b = Math.floor((t - from) / width);
      if (b < 0 || b >= result.length) continue;
      const key = flags & FLAG_UNPARSED ? 'UNPARSED' : LEVEL_NAMES[flags & FLAG_LEVEL_MASK];
      result[b].counts[key] = (result[b].counts[key] ?? 0) + 1;
    }
    return result;
  }

  async findLevel(from: number, direction: 1 | -1, minLevel: LogLevel): Promise<number | null> {
    const min = levelNumber(minLevel);
    for (let i = from + direction; i >= 0 && i < this.matched; i += direction) {
      const pos = this.position(i);
      const flags = this.sources[this.order.sourceOf.get(pos)].store.flags(this.order.rowOf.get(pos));
      if ((flags & FLAG_UNPARSED) === 0 && (flags & FLAG_LEVEL_MASK) >= min) return i;
    }
    return null;
  }

  onDidChange(listener: Listener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Source and row of the view's row `index`. */
  locate(index: number): { source: number; row: number } {
    const pos = this.position(index);
    return { source: this.order.sourceOf.get(pos), row: this.order.rowOf.get(pos) };
  }

  /** The whole line of a row (no newline), or null when it can no longer be read. */
  rawLine(source: number, row: number): Buffer | null {
    return readRawLine(this.sources[source], row);
  }

  /** Rows of each source taken into the view so far: a starting point for `matchingSince`. */
  followMarks(): number[] {
    return this.sources.map((_, s) => this.order.placed[s] ?? 0);
  }

  /**
   * Rows taken in since `marks` (see followMarks) that pass the filter, in time order; `marks` is advanced.
   * For `lb-obs logs show --follow`, which prints each new line once even when the view is rebuilt.
   */
  matchingSince(marks: number[]): Array<{ source: number; row: number }> {
    const found: Array<{ source: number; row: number; time: number }> = [];
    const readers = new Map<number, WindowedReader>();
    for (let s = 0; s < this.sources.length; s++) {
      const source = this.sources[s];
      const placed = this.order.placed[s] ?? 0;
      for (let r = marks[s] ?? 0; r < placed; r++) {
        if (!this.filter.passesIndex(source, r)) continue;
        if (this.filter.needsText) {
          let reader = readers.get(s);
          if (!reader) readers.set(s, (reader = new WindowedReader(source)));
          if (!this.filter.passesText(source, r, reader.read)) continue;
        }
        found.push({ source: s, row: r, time: source.store.time(r) });
      }
      marks[s] = placed;
    }
    // Array.prototype.sort is stable: rows of one source keep their order.
    return found.sort((a, b) => a.time - b.time || a.source - b.source);
  }

  /** Where a row is, for people: `file:line` (1-based), or the Loki query and entry number. */
  where(source: number, row: number): string {
    const s = this.sources[source];
    return s instanceof FileSource ? `${s.path}:${row + 1}` : `${s.info.name} #${row + 1}`;
  }

  /** The first `limit` malformed rows (where and why) in source order, and how many there are. */
  malformedRows(limit: number): { total: number; rows: Array<{ where: string; problem: string }> } {
    const rows: Array<{ where: string; problem: string }> = [];
    for (let s = 0; s < this.sources.length && rows.length < limit; s++) {
      for (const [row, problem] of this.sources[s].store.problems) {
        if (rows.length >= limit) break;
        rows.push({ where: this.where(s, row), problem });
      }
    }
    return { total: this.unparsed, rows };
  }

  /** Bytes held by the index: columns of every source, the merged order and the filtered view. */
  indexBytes(): number {
    return this.sources.reduce((sum, s) => sum + s.store.bytes(), 0) + this.order.bytes() + (this.view?.bytes() ?? 0);
  }

  /** Waits until the changes seen so far (appended lines, a filter) are taken in; for tests and the CLI. */
  async settle(): Promise<void> {
    await this.enqueue(async () => this.refresh());
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.generation++;
    clearInterval(this.pollTimer);
    clearTimeout(this.watchTimer);
    for (const w of this.watchers) w.close();
    this.listeners.clear();
    this.loki?.stop();
    await this.queue;
    await this.pool?.dispose();
    for (const s of this.sources) s.dispose();
  }
}
