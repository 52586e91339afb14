// Follows one log path through appends and rotations, so that no line is lost or indexed twice:
// - rename rotation (lb's RotatingFileHandler, logrotate `create`): the old inode keeps being read through
//   its descriptor until it stops changing, then the new file at the path starts as a new source;
// - copy-truncate: the copy is recognised by the bytes already indexed (head and tail) and the source
//   continues in it, reading what was written between the last look and the copy; the emptied file starts
//   as a new source; a copy still in progress (not truncated yet) is left alone; a copy made in place onto a
//   backup already read (same inode, e.g. `x.jsonl.1` with one backup kept) is recognised the same way;
// - backups are tracked by identity, size and modification time: one overwritten in place keeps its rows, says
//   that their text is gone, and what it holds now is read (unless it is the copy the file continues in);
// - numbered backups never seen (several rotations or copies between two looks) are added as they are;
// - plain truncation (or a rewrite from the start): the indexed rows stay, marked as no longer readable.
import * as fs from 'fs';
import * as path from 'path';
import { FileIdentity, FileSource, identityKey, isCopyOfStart } from './fileSource';
import type { IndexContext } from './lineIndexer';
import type { ScanPool } from './scanPool';

/** A rotated-away file is finished once it has not grown for this long (its writer has reopened). */
const SETTLE_MS = 1500;

export interface FollowerHost {
  readonly ctx: IndexContext;
  readonly pool: ScanPool | null;
  addSource(source: FileSource): void;
  /** Files (by inode) already in the session or deliberately left out: never added again. */
  readonly known: Set<string>;
  notice(message: string): void;
}

/** `name.jsonl.3` -> 3 for backups of `name.jsonl`, else undefined. */
function backupNumber(base: string, name: string): number | undefined {
  if (!name.startsWith(`${base}.`)) return undefined;
  const suffix = name.slice(base.length + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : undefined;
}

export class FileFollower {
  current: FileSource | null = null;
  private readonly draining: Array<{ source: FileSource; size: number; changedAt: number }> = [];
  /** The source reading each backup of the path, by file identity: a backup may be overwritten in place. */
  private readonly backups = new Map<string, FileSource>();
  /** Size and modification time of each backup at the last look: its content is compared only when they change. */
  private readonly backupStats = new Map<string, { size: number; mtimeMs: number }>();
  private lastSize = -1;
  private lastMtime = -1;

  constructor(
    readonly path: string,
    private readonly host: FollowerHost,
  ) {}

  /** Starts with an already indexed source for the path (the session's initial scan). */
  adopt(source: FileSource): void {
    this.current = source;
    this.lastSize = source.consumed;
  }

  async poll(now = Date.now()): Promise<void> {
    await this.pollPath(now);
    // Rotated-away files and other backups after the truncation of the path's file had its chance to claim one as
    // its copy (a copy made in place onto a backup is that file's continuation, not new lines of the backup).
    await this.pollDraining(now);
    await this.checkBackups();
  }

  /** The file at the path: appended to, rotated away, or truncated. */
  private async pollPath(now: number): Promise<void> {
    let st: fs.Stats | null;
    try {
      st = fs.statSync(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      st = null;
    }
    if (this.current && (st === null || st.ino !== this.current.identity.ino || st.dev !== this.current.identity.dev)) {
      // Rotated away. It may have been copy-truncated first: then its rows continue in the copy.
      let old = this.current;
      if (old.truncatedSinceRead()) old = await this.truncated(old);
      const moved = this.findByIdentity(old.identity);
      if (moved) old.rename(moved);
      this.backups.set(identityKey(old.identity), old);
      await old.catchUp(this.host.ctx, this.host.pool);
      this.draining.push({ source: old, size: old.size(), changedAt: now });
      this.current = null;
    }
    if (!this.current) {
      if (!st || !st.isFile()) return;
      this.current = this.openNew(this.path);
      this.lastSize = -1;
    }
    let source = this.current;
    const { size, mtimeMs } = source.stat();
    // Truncated and written again to the same size would not show in the size: the modification time does.
    const touched = size !== this.lastSize || mtimeMs !== this.lastMtime;
    if (size < source.consumed || (touched && !source.unchanged())) {
      source = this.current = await this.truncated(source);
    } else {
      // Rotations between two looks, and a copy-truncate of lines not read yet, show only as new backups.
      await this.addUnseenBackups();
    }
    this.lastSize = size;
    this.lastMtime = mtimeMs;
    await source.catchUp(this.host.ctx, this.host.pool);
  }

  /**
   * Backups read earlier, by size and modification time, and by content when those changed. One overwritten in
   * place loses its old text; what it holds now is read as lines never seen, unless it is a copy of the file in
   * progress (the truncation that follows finds it as the copy).
   */
  private async checkBackups(): Promise<void> {
    for (const [key, source] of [...this.backups]) {
      if (!source.contentLost) {
        const { size, mtimeMs } = source.stat();
        const seen = this.backupStats.get(key);
        this.backupStats.set(key, { size, mtimeMs });
        if (seen?.size === size && seen.mtimeMs === mtimeMs) continue;
        if (!this.overwrittenInPlace(source)) continue;
        this.lose(source);
      }
      await this.readOverwritten(key, source.path);
    }
  }

  private async readOverwritten(key: string, file: string): Promise<void> {
    let source: FileSource;
    try {
      if (isCopyOfStart(this.path, file)) return;
      source = FileSource.open(file);
    } catch {
      return;
    }
    // Replaced by another file since (a rename rotation): that one is found as a new backup.
    if (identityKey(source.identity) !== key) {
      source.dispose();
      return;
    }
    this.backups.set(key, source);
    this.host.addSource(source);
    await source.finish(this.host.ctx);
  }

  /**
   * Whether a backup's file no longer holds what its source read: emptied or rewritten; or, when nothing was
   * read from it, written after it was finished, or holding a copy of the followed file's start.
   */
  private overwrittenInPlace(source: FileSource): boolean {
    if (source.consumed > 0) return source.truncatedSinceRead();
    if (source.size() === 0) return false;
    if (source.finished) return true;
    try {
      const st = fs.statSync(source.path);
      return st.ino === source.identity.ino && st.dev === source.identity.dev && isCopyOfStart(this.path, source.path);
    } catch {
      return false;
    }
  }

  /** A backup overwritten or emptied in place: its lines stay listed, their text is gone, and the view says so. */
  private lose(source: FileSource): void {
    if (source.contentLost) return;
    const lines = source.store.length;
    if (lines > 0) this.host.notice(`${source.path} was overwritten in place: the ${lines} lines it held before stay listed but their text can no longer be read`);
    source.loseContent('overwritten');
  }

  private openNew(file: string): FileSource {
    const source = FileSource.open(file);
    this.host.known.add(identityKey(source.identity));
    this.host.addSource(source);
    return source;
  }

  private async pollDraining(now: number): Promise<void> {
    for (const d of [...this.draining]) {
      // Overwritten in place meanwhile (a copy onto the backup it became): what it holds now is not its own.
      if (!d.source.contentLost && this.overwrittenInPlace(d.source)) this.lose(d.source);
      if (d.source.contentLost) {
        this.draining.splice(this.draining.indexOf(d), 1);
        continue;
      }
      await d.source.catchUp(this.host.ctx, this.host.pool);
      const size = d.source.size();
      if (size !== d.size) {
        d.size = size;
        d.changedAt = now;
      } else if (now - d.changedAt >= SETTLE_MS) {
        await d.source.finish(this.host.ctx);
        this.draining.splice(this.draining.indexOf(d), 1);
      }
    }
  }

  /** Handles a truncation of `source`; returns the source that reads the file's new content. */
  private async truncated(source: FileSource): Promise<FileSource> {
    const copy = this.findCopy(source);
    const lines = source.store.length;
    const overwritten = copy && this.backupSourceOf(copy);
    const next = source.splitAfterTruncation(copy);
    this.host.addSource(next);
    if (overwritten && overwritten !== source) this.lose(overwritten);
    if (copy) {
      this.host.known.add(identityKey(source.identity));
      this.backups.set(identityKey(source.identity), source);
      await source.finish(this.host.ctx);
      // Copies made by later rotations between two looks hold lines never seen.
      await this.addUnseenBackups();
    } else if (lines > 0) {
      this.host.notice(`${this.path} was truncated without a copy: its first ${lines} lines stay listed but their text can no longer be read`);
    }
    return next;
  }

  private siblings(): Array<{ file: string; name: string; number?: number }> {
    const dir = path.dirname(this.path);
    const base = path.basename(this.path);
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n !== base && n.startsWith(base))
      .map((name) => ({ file: path.join(dir, name), name, number: backupNumber(base, name) }));
  }

  private findByIdentity(id: FileIdentity): string | undefined {
    for (const s of this.siblings()) {
      try {
        const st = fs.statSync(s.file);
        if (st.ino === id.ino && st.dev === id.dev) return s.file;
      } catch {
        // Gone between listing and stat: not it.
      }
    }
    return undefined;
  }

  /** The source that read the backup `file` (by its identity now), if any. */
  private backupSourceOf(file: string): FileSource | undefined {
    try {
      const st = fs.statSync(file);
      return this.backups.get(identityKey({ dev: st.dev, ino: st.ino }));
    } catch {
      return undefined;
    }
  }

  /**
   * The copy made by copy-truncate: numbered backups first, then other names such as `x.jsonl-20261121`. A
   * file already in the session is no copy, unless it is a backup this follower read that now holds the
   * bytes of `source` (copied onto in place).
   */
  private findCopy(source: FileSource): string | undefined {
    const candidates = this.siblings().sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity));
    for (const c of candidates) {
      try {
        const st = fs.statSync(c.file);
        const key = identityKey({ dev: st.dev, ino: st.ino });
        if (this.host.known.has(key) && !this.backups.has(key)) continue;
        if (source.isCopiedTo(c.file)) return c.file;
      } catch {
        // Gone: not it.
      }
    }
    return undefined;
  }

  /**
   * Numbered backups never seen, oldest first: rotations (or copy-truncates) that happened between two
   * looks. A backup that is still a copy of the beginning of the file at the path is a copy-truncate in
   * progress: its lines are read from that file, and after the truncation the copy is recognised as the
   * continuation of the file's source.
   */
  private async addUnseenBackups(): Promise<void> {
    const backups = this.siblings()
      .filter((s) => s.number !== undefined)
      .sort((a, b) => b.number! - a.number!);
    for (const b of backups) {
      let source: FileSource;
      try {
        const st = fs.statSync(b.file);
        if (this.host.known.has(identityKey({ dev: st.dev, ino: st.ino })) || isCopyOfStart(this.path, b.file)) continue;
        source = FileSource.open(b.file);
      } catch {
        continue;
      }
      const key = identityKey(source.identity);
      if (this.host.known.has(key)) {
        source.dispose();
        continue;
      }
      this.host.known.add(key);
      this.backups.set(key, source);
      this.host.addSource(source);
      await source.finish(this.host.ctx);
    }
  }
}
