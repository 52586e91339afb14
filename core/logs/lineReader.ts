// Complete lines of a JSONL file with their byte offsets, for consumers that process every line in order
// (pushing a run to Loki, resuming from a checkpoint). A last line without its newline is not yielded: it
// may still be being written. Lines are yielded without the newline and without a trailing carriage return.
import { promises as fs } from 'fs';

export interface FileLine {
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Offset just after the line's newline: where to resume. */
  nextOffset: number;
  /** The line's bytes (without newline / carriage return); cut to `maxLineBytes` when `truncated`. */
  bytes: Buffer;
  /** The line is longer than `maxLineBytes`: `bytes` holds its beginning, `length` its full size. */
  truncated: boolean;
  length: number;
}

export interface ReadLinesOptions {
  /** Start here (must be a line start, e.g. a previous `nextOffset`); default 0. */
  fromOffset?: number;
  /** Stop before this offset (default: the file's size when reading starts). */
  toOffset?: number;
  /** Longest line held in memory (default 64 MiB). */
  maxLineBytes?: number;
  /** Bytes read at a time (default 1 MiB). */
  chunkBytes?: number;
  signal?: AbortSignal;
}

const CHUNK_BYTES = 1 << 20;

export async function* readLines(file: string, options: ReadLinesOptions = {}): AsyncGenerator<FileLine> {
  const handle = await fs.open(file, 'r');
  try {
    const end = options.toOffset ?? (await handle.stat()).size;
    const maxLine = options.maxLineBytes ?? 64 << 20;
    let pos = options.fromOffset ?? 0;
    // The line being assembled across chunks: its start, the parts held (at most maxLine bytes), its length.
    let lineOffset = pos;
    let held: Buffer[] = [];
    let heldBytes = 0;
    let length = 0;
    while (pos < end) {
      options.signal?.throwIfAborted();
      const chunk = Buffer.allocUnsafe(Math.min(options.chunkBytes ?? CHUNK_BYTES, end - pos));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, pos);
      if (bytesRead === 0) break;
      let from = 0;
      for (let nl = chunk.indexOf(0x0a); nl >= 0 && nl < bytesRead; nl = chunk.indexOf(0x0a, from)) {
        const piece = chunk.subarray(from, nl);
        const bytes = held.length ? Buffer.concat([...held, piece.subarray(0, Math.max(0, maxLine - heldBytes))]) : piece;
        yield finishLine(lineOffset, pos + nl + 1, bytes, length + piece.length, maxLine);
        from = nl + 1;
        lineOffset = pos + from;
        held = [];
        heldBytes = length = 0;
      }
      const rest = chunk.subarray(from, bytesRead);
      const keep = rest.subarray(0, Math.max(0, maxLine - heldBytes));
      if (keep.length) held.push(Buffer.from(keep));
      heldBytes += keep.length;
      length += rest.length;
      pos += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

function finishLine(offset: number, nextOffset: number, bytes: Buffer, length: number, maxLine: number): FileLine {
  let b = bytes.subarray(0, Math.min(bytes.length, maxLine));
  let len = length;
  if (len === b.length && b[b.length - 1] === 0x0d) {
    b = b.subarray(0, b.length - 1);
    len--;
  }
  return { offset, nextOffset, bytes: Buffer.from(b), truncated: len > b.length, length: len };
}
