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
  /**
   * readLineBlocks reads every chunk into the same buffer: a block's bytes hold only until the next block is asked
   * for. Spares the garbage collector a megabyte a block (V8 collects sooner the more memory outside its heap is made).
   */
  reuseBuffer?: boolean;
}

const CHUNK_BYTES = 1 << 20;

/** Complete lines as they lie in the file, a chunk at a time, for consumers that want no object per line. */
export interface LineBlock {
  /** Offset of `bytes[0]` in the file. */
  offset: number;
  /** Whole lines, each with its newline; for a line of `cutLength`, its first `maxLineBytes` bytes only. */
  bytes: Buffer;
  /** Set when the block is one line longer than `maxLineBytes`: its length without the newline. */
  cutLength?: number;
  /** Offset just after the block's last newline. */
  nextOffset: number;
}

export async function* readLineBlocks(file: string, options: ReadLinesOptions = {}): AsyncGenerator<LineBlock> {
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
    const chunkBytes = Math.min(options.chunkBytes ?? CHUNK_BYTES, end - pos);
    const reused = options.reuseBuffer ? Buffer.allocUnsafe(chunkBytes) : undefined;
    while (pos < end) {
      options.signal?.throwIfAborted();
      const chunk = reused ?? Buffer.allocUnsafe(Math.min(chunkBytes, end - pos));
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, end - pos), pos);
      if (bytesRead === 0) break;
      const first = chunk.subarray(0, bytesRead).indexOf(0x0a);
      let from = 0;
      if (first >= 0 && length > 0) {
        // The line begun in earlier chunks ends here.
        const piece = chunk.subarray(0, first + 1);
        const total = length + first;
        if (total > maxLine) {
          const bytes = Buffer.concat([...held, piece.subarray(0, Math.max(0, maxLine - heldBytes))]);
          yield { offset: lineOffset, bytes, cutLength: total, nextOffset: pos + first + 1 };
        } else {
          yield { offset: lineOffset, bytes: Buffer.concat([...held, piece]), nextOffset: pos + first + 1 };
        }
        from = first + 1;
        held = [];
        heldBytes = length = 0;
      }
      if (first >= 0) {
        const last = chunk.lastIndexOf(0x0a, bytesRead - 1);
        if (last >= from) yield { offset: pos + from, bytes: chunk.subarray(from, last + 1), nextOffset: pos + last + 1 };
        from = last + 1;
        lineOffset = pos + from;
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

export async function* readLines(file: string, options: ReadLinesOptions = {}): AsyncGenerator<FileLine> {
  const maxLine = options.maxLineBytes ?? 64 << 20;
  for await (const block of readLineBlocks(file, options)) {
    const b = block.bytes;
    if (block.cutLength !== undefined) {
      yield finishLine(block.offset, block.nextOffset, b, block.cutLength, maxLine);
      continue;
    }
    for (let from = 0; from < b.length; ) {
      const nl = b.indexOf(0x0a, from);
      yield finishLine(block.offset + from, block.offset + nl + 1, b.subarray(from, nl), nl - from, maxLine);
      from = nl + 1;
    }
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
