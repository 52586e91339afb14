// A log session's message templates, mined by the engine rather than on demand. Files indexed in this thread
// are mined while they are indexed (the index context's mining). Files indexed on the scan pool open without
// mining: mining costs more per line than indexing, so doing both at once doubled the time to open a large file.
// Right after, the pool's workers mine the same byte ranges again (rows not kept) in the background; lines
// indexed meanwhile are mined aside and added after them, so the templates are those of mining in file order.
// Then appended lines are mined as they are indexed. Once the templates are mined, the workers read the same
// ranges a third time to give each line its template, so that the Patterns view only counts.
import * as fs from 'fs';
import type { FileSource } from '../fileSource';
import type { IndexContext } from '../lineIndexer';
import type { PatternRef } from '../model';
import type { RowStore } from '../rowStore';
import type { ScanPool } from '../scanPool';
import { refKey } from '../viewPatterns';
import { type MineRange, mineOnPool, poolParts } from './minePatterns';
import { PatternMining } from './patternMining';

/** The templates of a mining, in the order the view numbers them. */
export function templateRefs(mining: PatternMining): PatternRef[] {
  return mining.miner.patterns().map(({ pattern, level, component }) => ({ pattern, level, component }));
}

/** Rows firstRow.. of `source` have the templates `parts` give, in order (indexes into the refs they were assigned with). */
export interface AssignedRows {
  source: FileSource;
  firstRow: number;
  parts: Int32Array[];
}

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
  /** Each indexed row's template among `refs`, given by the workers right after mining. */
  private assigned: { refs: PatternRef[]; rows: AssignedRows[] } | undefined;

  constructor(private readonly ctx: IndexContext) {
    ctx.mining = this.whole;
  }

  /**
   * Mines what was indexed of `ranges` on the pool's workers, in the background. The files are opened again
   * here (the sources' descriptors may be closed by a truncation meanwhile); a file that is no longer the one
   * indexed is left out. `failed` is told why mining stopped, unless the session was closed.
   */
  mineAfterIndexing(pool: ScanPool, ranges: IndexedRange[], failed: (message: string) => void): void {
    const mine: Array<MineRange & { source: FileSource }> = [];
    for (const { source, start, end, final } of ranges) {
      if (end <= start) continue;
      const fd = openSame(source);
      if (fd === null) {
        // Renamed or replaced since: the view mines the templates itself.
        for (const r of mine) fs.closeSync(r.fd);
        this.giveUp();
        return;
      }
      mine.push({ fd, start, end, final, source });
    }
    if (!mine.length) return;
    const meanwhile = new PatternMining();
    this.ctx.mining = meanwhile;
    const bytes = mine.reduce((sum, r) => sum + r.end - r.start, 0);
    // Mining, then assigning: the same bytes read twice.
    this.bytes.total = 2 * bytes;
    this.pending = mineOnPool(pool, mine, (done) => {
      this.bytes.done = done;
      this.tell();
    })
      .then(
        async (parts) => {
          for (const part of parts) this.whole.absorb(part.mined!);
          this.whole.absorb(meanwhile.part());
          this.ctx.mining = this.whole;
          await this.assignOnPool(pool, mine, bytes);
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

  /**
   * Has the workers give each row of the ranges its template among those mined now. Not needed for the
   * answer (the view assigns the rows it is given otherwise), so a failure only leaves it to the view.
   */
  private async assignOnPool(pool: ScanPool, mine: Array<MineRange & { source: FileSource }>, minedBytes: number): Promise<void> {
    const refs = templateRefs(this.whole);
    const requests = poolParts(pool, mine);
    const flat = requests.flat().map((r) => ({ ...r, assign: refs }));
    let done = 0;
    try {
      const parts = await pool.runAll(flat, (k) => {
        this.bytes.done = minedBytes + (done += flat[k].end - flat[k].start);
        this.tell();
      });
      const rows: AssignedRows[] = [];
      let k = 0;
      for (const [i, { source, start }] of mine.entries()) {
        const firstRow = rowStartingAt(source.store, start);
        const own = parts.slice(k, (k += requests[i].length)).map((p) => p.assigned!);
        if (firstRow !== undefined) rows.push({ source, firstRow, parts: own });
      }
      this.assigned = { refs, rows };
    } catch {
      this.assigned = undefined;
    }
  }

  /** The rows the workers assigned to exactly these templates (none when the templates changed since). */
  assignedRows(refs: readonly PatternRef[]): AssignedRows[] {
    const a = this.assigned;
    if (!a || a.refs.length !== refs.length) return [];
    return a.refs.every((r, i) => refKey(r) === refKey(refs[i])) ? a.rows : [];
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

/** The row of `store` whose line starts at byte `offset` (rows are in file order), if there is one. */
function rowStartingAt(store: RowStore, offset: number): number | undefined {
  let lo = 0;
  let hi = store.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = store.offset(mid);
    if (at === offset) return mid;
    if (at < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
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
