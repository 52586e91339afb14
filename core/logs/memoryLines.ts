// Lines kept in memory (Loki results have no file to read back from): appended into 1 MiB chunks, addressed
// by a continuous offset like a file, one newline after each line, so row reading works as for files.
import { lastAtMost } from '../sorted/lastAtMost';

const CHUNK_BYTES = 1 << 20;

export class MemoryLines {
  private readonly chunks: Buffer[] = [];
  /** Offset of each chunk's first byte. */
  private readonly starts: number[] = [];
  private used = 0;
  length = 0;

  /** Appends `line` and a newline; returns the line's offset. */
  append(line: Buffer): number {
    const need = line.length + 1;
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || chunk.length - this.used < need) {
      chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, need));
      this.chunks.push(chunk);
      this.starts.push(this.length);
      this.used = 0;
    }
    line.copy(chunk, this.used);
    chunk[this.used + line.length] = 0x0a;
    const offset = this.length;
    this.used += need;
    this.length += need;
    return offset;
  }

  read(position: number, length: number): Buffer | null {
    if (position < 0 || position + length > this.length) return null;
    const out = Buffer.allocUnsafe(length);
    let k = this.chunkAt(position);
    let done = 0;
    while (done < length) {
      const chunkUsed = (k + 1 < this.starts.length ? this.starts[k + 1] : this.length) - this.starts[k];
      const from = position + done - this.starts[k];
      const n = Math.min(length - done, chunkUsed - from);
      this.chunks[k].copy(out, done, from, from + n);
      done += n;
      k++;
    }
    return out;
  }

  private chunkAt(position: number): number {
    return lastAtMost(this.starts, position);
  }
}
