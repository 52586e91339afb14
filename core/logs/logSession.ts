// A LogSession in the calling thread: its sources and their following (logSources.ts) composed with the
// merged, filtered view and its queries (logView.ts). State changes (new rows, a filter) run one after the
// other in a queue; listeners hear of each. The log worker runs one of these for the extension;
// `lb-obs logs` runs one in its own process.
import type { CallOptions } from '../rpc/rpc';
import type { Disposable, HistogramBucket, LogFacets, LogFilter, LogLevel, LogPatterns, LogRow, LogRowDetails, LogSession, LogSessionChange, LogSessionInfo, PatternProgress } from './model';
import { type LogSessionOptions, LogSources } from './logSources';
import { type ChangeListener, SessionListeners } from './sessionListeners';
import { LogView } from './logView';
import { CompiledFilter } from './rowFilter';
import { readRawLine } from './rowText';

export { LogSourceError } from './logSources';
export type { LogSessionOptions } from './logSources';

export class LocalLogSession implements LogSession {
  private readonly sources: LogSources;
  private readonly view: LogView;
  private readonly listeners = new SessionListeners();
  private queue: Promise<unknown> = Promise.resolve();
  private generation = 0;
  private refreshQueued = false;
  private disposed = false;
  /** Loading state and notices as last reported to listeners. */
  private emittedStatus = '';

  private constructor(options: LogSessionOptions) {
    this.sources = new LogSources(options, () => this.scheduleRefresh());
    this.view = new LogView(this.sources);
  }

  static async open(options: LogSessionOptions): Promise<LocalLogSession> {
    const session = new LocalLogSession(options);
    try {
      await session.sources.start(
        () => session.view.integrateSync(),
        () => session.view.countArrived(),
      );
      session.view.integrateSync();
      session.emittedStatus = session.sources.statusKey();
    } catch (err) {
      await session.dispose();
      throw err;
    }
    return session;
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
      this.sources.notice(`updating the logs failed: ${err.message}`);
    });
  }

  private async refresh(): Promise<void> {
    await this.sources.poll();
    const gen = this.generation;
    const change = await this.view.integrate(() => gen !== this.generation || this.disposed);
    // No new rows, but the end of loading or a new notice is news too. New rows are news even when the filter hides them.
    if (change || this.sources.statusKey() !== this.emittedStatus) this.emit({ info: this.view.info(), appended: 0, reset: false, ...change });
  }

  private emit(change: LogSessionChange): void {
    this.emittedStatus = this.sources.statusKey();
    this.listeners.emit(change);
  }

  async info(): Promise<LogSessionInfo> {
    return this.view.info();
  }

  setFilter(filter: LogFilter): Promise<LogSessionInfo> {
    let compiled: CompiledFilter;
    try {
      compiled = new CompiledFilter(filter, this.sources.labels);
    } catch (err) {
      return Promise.reject(err);
    }
    const gen = ++this.generation;
    return this.enqueue(async () => {
      await this.view.setFilter(compiled, () => gen !== this.generation || this.disposed);
      return this.view.info();
    });
  }

  async rows(start: number, count: number): Promise<LogRow[]> {
    return this.view.rows(start, count);
  }

  /** The row `r` of source `s`, shown at `index` of a listing. */
  rowAt(s: number, r: number, index: number): LogRow {
    return this.view.rowAt(s, r, index);
  }

  async details(index: number): Promise<LogRowDetails | null> {
    return this.view.details(index);
  }

  async facets(): Promise<LogFacets> {
    return this.view.facets();
  }

  histogram(buckets: number): Promise<HistogramBucket[]> {
    return this.view.histogram(buckets);
  }

  async findLevel(from: number, direction: 1 | -1, minLevel: LogLevel): Promise<number | null> {
    return this.view.findLevel(from, direction, minLevel);
  }

  /** Mined in this thread, outside the queue of changes: follow and filters go on meanwhile. */
  patterns(buckets: number, options: CallOptions<PatternProgress> = {}): Promise<LogPatterns> {
    return this.view.patterns(buckets, options);
  }

  onDidChange(listener: ChangeListener): Disposable {
    return this.listeners.add(listener);
  }

  /** Source and row of the view's row `index`. */
  locate(index: number): { source: number; row: number } {
    return this.view.locate(index);
  }

  /** The whole line of a row (no newline), or null when it can no longer be read. */
  rawLine(source: number, row: number): Buffer | null {
    return readRawLine(this.sources.list[source], row);
  }

  /** Rows of each source taken into the view so far: a starting point for `matchingSince`. */
  followMarks(): number[] {
    return this.view.followMarks();
  }

  /**
   * Rows taken in since `marks` (see followMarks) that pass the filter, in time order; `marks` is advanced.
   * For `lb-obs logs show --follow`, which prints each new line once even when the view is rebuilt.
   */
  matchingSince(marks: number[]): Array<{ source: number; row: number }> {
    return this.view.matchingSince(marks);
  }

  /** Where a row is, for people: `file:line` (1-based), or the Loki query and entry number. */
  where(source: number, row: number): string {
    return this.sources.where(source, row);
  }

  /** The first `limit` malformed rows (where and why) in source order, and how many there are. */
  malformedRows(limit: number): { total: number; rows: Array<{ where: string; problem: string }> } {
    return this.view.malformedRows(limit);
  }

  /** Bytes held by the index: columns of every source, the merged order and the filtered view. */
  indexBytes(): number {
    return this.view.indexBytes();
  }

  /** Waits until the changes seen so far (appended lines, a filter) are taken in; for tests and the CLI. */
  async settle(): Promise<void> {
    await this.enqueue(async () => this.refresh());
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.generation++;
    this.listeners.clear();
    this.sources.stop();
    await this.queue;
    await this.sources.close();
  }
}
