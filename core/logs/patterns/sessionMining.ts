// A log session's message templates, mined by the engine rather than on demand. Files indexed in this thread
// are mined while they are indexed (the index context's mining). Files indexed on the scan pool open without
// mining: mining costs more per line than indexing, so doing both at once doubled the time to open a large file.
// Right after, the pool's workers mine the same byte ranges again (rows not kept) in the background; lines
// indexed meanwhile are mined aside and added after them, so the templates are those of mining in file order.
// Then appended lines are mined as they are indexed.
import * as fs from 'fs';
import type { FileSource } from '../fileSource';
import type { IndexContext } from '../lineIndexer';
import type { ScanPool } from '../scanPool';
import { type MineRange, mineOnPool } from './minePatterns';
import { PatternMining } from './patternMining';

/** What the pool indexed of a file: [start, end) of `source`, `final` as it was indexed. */
export interface IndexedRange {
  source: FileSource;
  start: number;
  end: number;
  final: boolean;
}

export class SessionMining {
  /** The session's templates: complete once `pending` is null. */
  private readonly whole = new PatternMining();
  private pending: Promise<void> | null = null;
  private failed = false;
  private stopped = false;
  private readonly bytes = { done: 0, total: 0 };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly ctx: IndexContext) {
    ctx.mining = this.whole;
  }

  /**
   * Mines what was indexed of `ranges` on the pool's workers, in the background. The files are opened again
   * here (the sources' descriptors may be closed by a truncation meanwhile); a file that is no longer the one
   * indexed is left out. `failed` is told why mining stopped, unless the session was closed.
   */
  mineAfterIndexing(pool: ScanPool, ranges: IndexedRange[], failed: (message: string) => void): void {
    const mine: MineRange[] = [];
    for (const { source, start, end, final } of ranges) {
      if (end <= start) continue;
      const fd = openSame(source);
      if (fd === null) {
        // Renamed or replaced since: the view mines the templates itself.
        for (const r of mine) fs.closeSync(r.fd);
        this.giveUp();
        return;
      }
      mine.push({ fd, start, end, final });
    }
    if (!mine.length) return;
    const meanwhile = new PatternMining();
    this.ctx.mining = meanwhile;
    this.bytes.total = mine.reduce((sum, r) => sum + r.end - r.start, 0);
    this.pending = mineOnPool(pool, mine, (done) => {
      this.bytes.done = done;
      this.tell();
    })
      .then(
        (parts) => {
          for (const part of parts) this.whole.absorb(part.mined!);
          this.whole.absorb(meanwhile.part());
          this.ctx.mining = this.whole;
        },
        (err: Error) => {
          this.giveUp();
          if (!this.stopped) failed(`finding patterns failed: ${err.message}`);
        },
      )
      .finally(() => {
        for (const r of mine) fs.closeSync(r.fd);
        this.pending = null;
        this.tell();
      });
  }

  /** Without the templates of every line, the view mines them itself (on demand). */
  private giveUp(): void {
    this.failed = true;
    this.ctx.mining = undefined;
  }

  /** Whether the templates of every line indexed are mined (not under way, not failed). */
  get done(): boolean {
    return this.pending === null && !this.failed;
  }

  /**
   * The templates of every line indexed so far, once the background mining is done (`onProgress` hears the
   * share of it done); undefined when it failed. Rejects with "cancelled" when `signal` aborts the wait.
   */
  async mined(onProgress?: (share: number) => void, signal?: AbortSignal): Promise<PatternMining | undefined> {
    if (this.pending) {
      await new Promise<void>((resolve, reject) => {
        const listener = () => {
          if (!signal?.aborted && this.pending) {
            onProgress?.(this.bytes.done / this.bytes.total);
            return;
          }
          this.listeners.delete(listener);
          signal?.removeEventListener('abort', listener);
          if (signal?.aborted) reject(new Error('cancelled'));
          else resolve();
        };
        this.listeners.add(listener);
        signal?.addEventListener('abort', listener);
        listener();
      });
    }
    if (signal?.aborted) throw new Error('cancelled');
    return this.failed ? undefined : this.whole;
  }

  private tell(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** The session is closing: the pool stops the mining; that is not a failure to report. */
  stop(): void {
    this.stopped = true;
  }
}

/** A new descriptor of the source's file when the path still names it (same device and inode), else null. */
function openSame(source: FileSource): number | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(source.path, 'r');
    const st = fs.fstatSync(fd);
    if (st.dev === source.identity.dev && st.ino === source.identity.ino) return fd;
  } catch {
    // Gone already.
  }
  if (fd !== undefined) fs.closeSync(fd);
  return null;
}
