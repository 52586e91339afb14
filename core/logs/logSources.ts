// The sources of a log session and their following: the files of run folders and given files (opened,
// indexed to their end, on the scan pool when large), files that appear or grow later (watched, with a polling
// fallback), and a Loki query. Rows land in each source's store; the session's view takes them in from there.
import * as fs from 'fs';
import * as path from 'path';
import { FileFollower, FollowerHost } from './fileFollower';
import { FileSource, identityKey } from './fileSource';
import { LabelSetTable } from './labelSets';
import { IndexContext } from './lineIndexer';
import type { LokiSource, LokiSourceOptions } from './lokiSource';
import { IndexedRange, SessionMining } from './patterns/sessionMining';
import type { RowSource } from './rowSource';
import { listLogFileGroups, logsDirOf } from './runLogFiles';
import { ScanPart, ScanPool } from './scanPool';
import { defaultScanWorkers } from './scanWorkers';

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
  /**
   * Mine the files' message templates (the log worker does, for the panel's Patterns view): while indexing them
   * in this thread, or on the scan pool right after the initial index (patterns/sessionMining.ts).
   */
  minePatterns?: boolean;
}

/** Thrown for a source that cannot be opened (missing file, unreadable folder). */
export class LogSourceError extends Error {}

const WATCH_DEBOUNCE_MS = 15;

export class LogSources {
  readonly list: RowSource[] = [];
  readonly labels = new LabelSetTable();
  readonly notices: string[] = [];
  private readonly ctx = new IndexContext(this.labels);
  private readonly patternMining: SessionMining | undefined;
  private readonly pool: ScanPool | null;
  private readonly followers = new Map<string, FileFollower>();
  private readonly known = new Set<string>();
  private readonly watchers: fs.FSWatcher[] = [];
  private readonly watched = new Set<string>();
  private pollTimer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private lokiSource: LokiSource | undefined;
  private readonly followerHost: FollowerHost;
  /** The logs folders of the run folders given. */
  private readonly logsDirs: string[];

  /** `changed` is called when a source may have new rows (a watch event, the poll timer, Loki rows). */
  constructor(
    private readonly options: LogSessionOptions,
    private readonly changed: () => void,
  ) {
    this.logsDirs = [...(options.runDir ? [options.runDir] : []), ...(options.runDirs ?? [])].map((dir) => {
      if (!fs.existsSync(dir)) throw new LogSourceError(`run folder not found: ${dir}`);
      return logsDirOf(dir);
    });
    if (options.minePatterns) this.patternMining = new SessionMining(this.ctx);
    const workers = options.scanWorkers ?? defaultScanWorkers();
    this.pool = options.scanWorkerScript && workers > 1 ? new ScanPool(options.scanWorkerScript, workers, options.scanMinPartBytes) : null;
    this.followerHost = {
      ctx: this.ctx,
      pool: this.pool,
      known: this.known,
      addSource: (source) => this.addSource(source),
      notice: (message) => this.notice(message),
    };
  }

  get follow(): boolean {
    return this.options.follow ?? true;
  }

  get loki(): LokiSource | undefined {
    return this.lokiSource;
  }

  /** The templates mined by the engine, when asked for and every source is a file (Loki's lines are not mined). */
  get mining(): SessionMining | undefined {
    return this.lokiSource ? undefined : this.patternMining;
  }

  /**
   * Opens and indexes the files (and starts following them); `indexed` runs before Loki's first page is read,
   * `arrived` each time parts scanned by the pool were appended (the others still being scanned).
   */
  async start(indexed: () => void, arrived?: () => void): Promise<void> {
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
    const onPool = await this.indexInitial(live.map((l) => l.source), arrived);
    if (this.follow) {
      for (const l of live) {
        const follower = new FileFollower(l.file, this.followerHost);
        if (l.source) follower.adopt(l.source);
        this.followers.set(l.file, follower);
      }
      this.watch();
    }
    indexed();
    // The rows first: the templates of what the pool indexed are mined there once the session is open (the
    // view mines Loki's lines itself, with the files').
    if (onPool && !loki) this.patternMining?.mineAfterIndexing(this.pool!, onPool, (message) => this.notice(message));
    if (loki) {
      // Loaded only for a Loki query: indexing files needs no HTTP client or LogQL parser.
      const { LokiSource } = await import('./lokiSource');
      this.lokiSource = new LokiSource(loki, this.ctx, {
        onRows: () => this.changed(),
        notice: (message) => this.notice(message),
      });
      this.addSource(this.lokiSource);
      await this.lokiSource.start();
    }
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

  /**
   * Indexes every file source to its end: large ones split across the scan pool, all parts in parallel. Returns
   * what the pool indexed, if it did.
   */
  private async indexInitial(liveSources: Array<FileSource | null>, arrived?: () => void): Promise<IndexedRange[] | null> {
    const files = this.list.filter((s): s is FileSource => s instanceof FileSource);
    const isLive = new Set(liveSources.filter((s): s is FileSource => s !== null));
    const finalOf = (s: FileSource) => !this.follow || !isLive.has(s);
    const total = files.reduce((sum, s) => sum + s.pendingBytes(), 0);
    let done = 0;
    const progress = this.options.onProgress;
    if (this.pool && total >= 2 * this.pool.minPartBytes) {
      const plan = files.map((s) => {
        const bytes = s.pendingBytes();
        const parts = Math.max(1, Math.round(bytes / Math.max(this.pool!.minPartBytes, total / 8)));
        return { source: s, start: s.consumed, final: finalOf(s) || s.finished, requests: s.pendingRequests(parts, finalOf(s)) };
      });
      const requests = plan.flatMap((p) => p.requests);
      const owners = plan.flatMap((p) => p.requests.map(() => p.source));
      const parts: Array<ScanPart | undefined> = [];
      let next = 0;
      // Parts are appended (and counted, `arrived`) in file order as soon as the ones before them are in:
      // while the workers scan the rest, so that little is left to do when the scan ends.
      await this.pool.runAll(requests, (k, part) => {
        parts[k] = part;
        const applied = next;
        for (; parts[next]; next++) {
          owners[next].applyParts([parts[next]!], this.ctx);
          parts[next] = undefined;
          done += requests[next].end - requests[next].start;
        }
        if (next > applied) arrived?.();
        progress?.(done, total);
      });
      return plan.map(({ source, start, final }) => ({ source, start, end: source.consumed, final }));
    }
    for (const s of files) {
      done += s.pendingBytes();
      await s.catchUp(this.ctx, null, finalOf(s));
      progress?.(done, total);
    }
    return null;
  }

  private addSource(source: RowSource): void {
    if (this.list.length >= 0xffff) {
      this.notice(`too many log sources (${this.list.length}); ${source.info.name} is not shown`);
      source.dispose();
      return;
    }
    this.list.push(source);
  }

  notice(message: string): void {
    if (!this.notices.includes(message)) this.notices.push(message);
  }

  private watch(): void {
    const dirs = new Set<string>(this.logsDirs);
    for (const file of this.followers.keys()) dirs.add(path.dirname(file));
    for (const dir of dirs) this.watchDir(dir);
    this.pollTimer = setInterval(() => this.changed(), this.options.pollIntervalMs ?? 200);
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
      this.changed();
    }, WATCH_DEBOUNCE_MS);
  }

  /** Reads what the followed files gained (and files that appeared) into their stores. */
  async poll(): Promise<void> {
    if (this.follow) for (const dir of this.logsDirs) this.discoverNewFiles(dir);
    for (const follower of this.followers.values()) {
      try {
        await follower.poll();
      } catch (err) {
        this.notice(`reading ${follower.path} failed: ${(err as Error).message}`);
      }
    }
  }

  private discoverNewFiles(logsDir: string): void {
    for (const group of listLogFileGroups(logsDir)) {
      if (this.followers.has(group.base)) continue;
      this.followers.set(group.base, new FileFollower(group.base, this.followerHost));
      if (!this.watched.has(logsDir)) this.watchDir(logsDir);
    }
  }

  /** Where a row is, for people: `file:line` (1-based), or the Loki query and entry number. */
  where(source: number, row: number): string {
    const s = this.list[source];
    return s instanceof FileSource ? `${s.path}:${row + 1}` : `${s.info.name} #${row + 1}`;
  }

  /** Loading state and notices, to tell whether they changed since last reported. */
  statusKey(): string {
    return `${this.lokiSource?.loading ?? false}|${this.notices.length}`;
  }

  /** Stops watching and Loki; `close` once pending work is done. */
  stop(): void {
    this.patternMining?.stop();
    clearInterval(this.pollTimer);
    clearTimeout(this.watchTimer);
    for (const w of this.watchers) w.close();
    this.lokiSource?.stop();
  }

  async close(): Promise<void> {
    await this.pool?.dispose();
    for (const s of this.list) s.dispose();
  }
}
