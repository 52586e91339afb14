// One log file (one inode) as a source: indexes what has been appended since the last look, through a
// descriptor it keeps open so that the file stays readable after a rotation renames or deletes it.
import * as fs from 'fs';
import { IndexContext, indexFileRange } from './lineIndexer';
import { RowBatchBuilder } from './rowBatch';
import { RowSource } from './rowSource';
import { ScanPart, ScanPool, ScanRequest, cutRange, labelMapFor } from './scanPool';

const FINGERPRINT_BYTES = 4096;

export interface FileIdentity {
  dev: number;
  ino: number;
}

export function identityKey(id: FileIdentity): string {
  return `${id.dev}:${id.ino}`;
}

/**
 * Whether `copy` holds the same bytes as the beginning of `file` (a copy being made by copy-truncate, before
 * the truncation), compared at the copy's start and end.
 */
export function isCopyOfStart(file: string, copy: string): boolean {
  const fds: number[] = [];
  try {
    const theirs = fs.openSync(copy, 'r');
    fds.push(theirs);
    const ours = fs.openSync(file, 'r');
    fds.push(ours);
    const size = fs.fstatSync(theirs).size;
    if (size > fs.fstatSync(ours).size) return false;
    const n = Math.min(FINGERPRINT_BYTES, size);
    const a = Buffer.alloc(n);
    const b = Buffer.alloc(n);
    for (const at of [0, size - n]) {
      fs.readSync(theirs, a, 0, n, at);
      fs.readSync(ours, b, 0, n, at);
      if (!a.equals(b)) return false;
    }
    return true;
  } catch {
    return false;
  } finally {
    for (const fd of fds) fs.closeSync(fd);
  }
}

export class FileSource extends RowSource {
  /** Bytes indexed so far: everything before is complete lines. */
  consumed = 0;
  /** The file will not grow any more (rotated away, or read once); its last line counts without a newline. */
  finished = false;
  /** The bytes were lost (truncated in place): rows stay, their text cannot be read back. */
  contentLost = false;
  private head: Buffer = Buffer.alloc(0);
  private tail: Buffer = Buffer.alloc(0);

  private constructor(
    public path: string,
    private fd: number,
    public identity: FileIdentity,
  ) {
    super({ name: path, kind: 'file' });
  }

  static open(path: string): FileSource {
    const fd = fs.openSync(path, 'r');
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) throw new Error(`${path} is not a regular file`);
      return new FileSource(path, fd, { dev: st.dev, ino: st.ino });
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  size(): number {
    return fs.fstatSync(this.fd).size;
  }

  stat(): fs.Stats {
    return fs.fstatSync(this.fd);
  }

  /**
   * Indexes the bytes appended since the last call. With `final`, a last line without newline is a line.
   * Large ranges go to the scan pool's worker threads; returns the number of rows added.
   */
  async catchUp(ctx: IndexContext, pool: ScanPool | null, final = false): Promise<number> {
    if (this.contentLost) return 0;
    const end = this.size();
    const before = this.store.length;
    if (end > this.consumed && pool && pool.partsFor(end - this.consumed) > 1) {
      this.applyParts(await pool.scan(this.fd, this.consumed, end, final || this.finished, ctx.mining !== undefined), ctx);
    } else if (end > this.consumed) {
      const out = new RowBatchBuilder(Math.min(1 << 16, Math.ceil((end - this.consumed) / 200)));
      const indexed = indexFileRange(this.fd, this.consumed, end, out, ctx, final || this.finished);
      this.store.append(out.build([]), null, indexed.lastLineEnd);
      this.consumed = indexed.consumed;
      this.updateFingerprints();
    }
    return this.store.length - before;
  }

  /** Requests for the scan pool covering what is not indexed yet, in `parts` pieces. */
  pendingRequests(parts: number, final: boolean): Array<Omit<ScanRequest, 'id'>> {
    const end = this.size();
    return end > this.consumed ? cutRange(this.fd, this.consumed, end, parts, final || this.finished) : [];
  }

  pendingBytes(): number {
    return this.contentLost ? 0 : Math.max(0, this.size() - this.consumed);
  }

  /** Appends parts scanned by the pool, in file order; their mined patterns go to the context's mining, if any. */
  applyParts(parts: ScanPart[], ctx: IndexContext): void {
    for (const part of parts) {
      if (part.mined && ctx.mining) ctx.mining.absorb(part.mined);
      this.store.append(part.batch, labelMapFor(part.batch.labelSets, ctx.labels), part.indexed.lastLineEnd);
      this.consumed = part.indexed.consumed;
    }
    this.updateFingerprints();
  }

  /** Marks the file as complete and indexes its unterminated last line, if any. */
  async finish(ctx: IndexContext): Promise<number> {
    this.finished = true;
    return this.catchUp(ctx, null, true);
  }

  private updateFingerprints(): void {
    if (this.head.length < FINGERPRINT_BYTES && this.consumed > this.head.length) {
      this.head = this.read(0, Math.min(FINGERPRINT_BYTES, this.consumed)) ?? this.head;
    }
    const tailLength = Math.min(FINGERPRINT_BYTES, this.consumed);
    if (tailLength > 0) this.tail = this.read(this.consumed - tailLength, tailLength) ?? this.tail;
  }

  /** Whether the file still holds the bytes indexed (false: it was truncated and written again since). */
  unchanged(): boolean {
    if (this.head.length === 0) return true;
    const head = this.read(0, this.head.length);
    const tail = this.read(this.consumed - this.tail.length, this.tail.length);
    return head !== null && tail !== null && head.equals(this.head) && tail.equals(this.tail);
  }

  /** Whether `path` holds a copy of everything indexed so far (copy-truncate rotation). */
  isCopiedTo(path: string): boolean {
    let fd: number | undefined;
    try {
      fd = fs.openSync(path, 'r');
      if (fs.fstatSync(fd).size < this.consumed) return false;
      const head = Buffer.alloc(this.head.length);
      const tail = Buffer.alloc(this.tail.length);
      fs.readSync(fd, head, 0, head.length, 0);
      fs.readSync(fd, tail, 0, tail.length, this.consumed - tail.length);
      return head.equals(this.head) && tail.equals(this.tail);
    } catch {
      return false;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /** Whether the file is shorter than what was indexed, or no longer holds those bytes. */
  truncatedSinceRead(): boolean {
    return this.size() < this.consumed || !this.unchanged();
  }

  /**
   * After a truncation: this source keeps its rows, continuing in `copyPath` (the copy made by
   * copy-truncate) or with its text lost; the returned source reads the file's new content from its start,
   * through the same descriptor.
   */
  splitAfterTruncation(copyPath: string | undefined): FileSource {
    const next = new FileSource(this.path, this.fd, this.identity);
    if (copyPath) {
      this.fd = fs.openSync(copyPath, 'r');
      const st = fs.fstatSync(this.fd);
      this.path = copyPath;
      this.identity = { dev: st.dev, ino: st.ino };
      this.info = { ...this.info, name: copyPath };
    } else {
      this.fd = -1;
      this.loseContent('truncated');
    }
    return next;
  }

  /** The file was emptied or overwritten under this source: its rows stay, their text cannot be read back. */
  loseContent(how: string): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    this.contentLost = true;
    this.finished = true;
    this.info = { ...this.info, name: `${this.info.name} (${how}: text of these lines is no longer available)` };
  }

  rename(path: string): void {
    this.path = path;
    this.info = { ...this.info, name: path };
  }

  read(position: number, length: number): Buffer | null {
    if (this.contentLost || length < 0) return null;
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, buf, done, length - done, position + done);
      if (n === 0) return null;
      done += n;
    }
    return buf;
  }

  dispose(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
