// Where a push of one file got to, so that an interrupted push resumes instead of starting over. Stored outside
// the run folder (run folders are results: copied, archived, read-only), one small JSON file per (Loki, tenant,
// static labels, file) under ${XDG_STATE_HOME:-~/.local/state}/lb-observability/push/. A file is recognised by
// its content (the hash of its first line), not its path: lb's rotation renames x.jsonl to x.jsonl.1 and a run
// folder can be moved or copied, and the pushed part of the file is the same lines either way.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { lokiBaseUrl, LokiConnection } from '../loki/connection';

export interface FileCheckpoint {
  version: 1;
  /** The path the file had when last pushed (for people reading the checkpoint). */
  file: string;
  loki: string;
  tenant?: string;
  labels: Record<string, string>;
  /** Bytes of the file that are done: every line before this offset is in Loki or was reported. */
  offset: number;
  /** Lines before `offset`. */
  lines: number;
  /** Hash of the bytes just before `offset`, to make sure the file still holds what was pushed. */
  tailHash: string;
  /** Entries this file has put into Loki so far, over all pushes. */
  pushed: number;
  updatedAt: string;
}

/** How much of a file identifies it, and how much before the offset proves the file is unchanged. */
const IDENTITY_BYTES = 64 * 1024;
const TAIL_BYTES = 4096;

export function defaultCheckpointDir(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(state, 'lb-observability', 'push');
}

/** fs's callback forms: lighter than fs.promises' file handles for a checkpoint written after every batch. */
const writeFile = promisify(fs.writeFile);
const rename = promisify(fs.rename);

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The file's identity: the hash of its first line (or of its first 64 KiB); undefined for an empty file. */
export async function fileIdentity(file: string): Promise<string | undefined> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(IDENTITY_BYTES);
    const { bytesRead } = await handle.read(buf, 0, IDENTITY_BYTES, 0);
    if (bytesRead === 0) return undefined;
    const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
    return sha256(buf.subarray(0, nl < 0 ? bytesRead : nl));
  } finally {
    await handle.close();
  }
}

/** The hash of the up to 4 KiB before `offset`. */
export async function tailHash(file: string, offset: number): Promise<string> {
  const start = Math.max(0, offset - TAIL_BYTES);
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(offset - start);
    const { bytesRead } = await handle.read(buf, 0, buf.length, start);
    return sha256(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * tailHash(file, offset) from bytes in memory: `bytes` are the file's from `bytesOffset` on. Undefined when they do
 * not hold the whole tail.
 */
export function tailHashInMemory(bytes: Uint8Array, bytesOffset: number, offset: number): string | undefined {
  const start = Math.max(0, offset - TAIL_BYTES);
  if (start < bytesOffset || offset > bytesOffset + bytes.length) return undefined;
  return sha256(bytes.subarray(start - bytesOffset, offset - bytesOffset));
}

export class CheckpointStore {
  /** The folder exists (made once per store rather than before every save of a push). */
  private dirMade: Promise<unknown> | undefined;

  constructor(readonly dir: string = defaultCheckpointDir()) {}

  /** The checkpoint's name for a file pushed to a Loki with a tenant and static labels. */
  key(conn: LokiConnection, labels: Record<string, string>, identity: string): string {
    const sortedLabels = Object.keys(labels).sort().map((k) => [k, labels[k]]);
    return sha256(JSON.stringify([lokiBaseUrl(conn), conn.tenant ?? '', sortedLabels, identity]));
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  /** The checkpoint, or undefined when there is none or it cannot be read (then the push starts over). */
  async load(key: string): Promise<FileCheckpoint | undefined> {
    try {
      const data = JSON.parse(await fs.promises.readFile(this.file(key), 'utf8')) as FileCheckpoint;
      return data.version === 1 && Number.isInteger(data.offset) && data.offset >= 0 ? data : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Written to a temporary file and renamed, so that a crash never leaves half a checkpoint. Through the thread
   * pool: a rename waits for the disk (ext4 writes the new file's data first), which Loki keeps busy during a push.
   */
  async save(key: string, checkpoint: FileCheckpoint): Promise<void> {
    const target = this.file(key);
    const temp = `${target}.${process.pid}.tmp`;
    const text = JSON.stringify(checkpoint, null, 2);
    this.dirMade ??= this.makeDir();
    await this.dirMade;
    await writeFile(temp, text).catch(async (err: NodeJS.ErrnoException) => {
      // The folder went away since (a user cleaning up state): make it again.
      if (err.code !== 'ENOENT') throw err;
      await this.makeDir();
      await writeFile(temp, text);
    });
    await rename(temp, target);
  }

  private makeDir(): Promise<unknown> {
    return fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Drops the checkpoint of a file, so that its next push reads it from the start. */
  async forget(conn: LokiConnection, labels: Record<string, string>, file: string): Promise<void> {
    const identity = await fileIdentity(file);
    if (identity) await fs.promises.rm(this.file(this.key(conn, labels, identity)), { force: true });
  }
}
