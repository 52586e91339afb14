// Lines kept in memory that grow at both ends (a Loki query's history read newest first, new lines from the
// tail): segments of MemoryLines, oldest first, addressed by one continuous offset. Prepending a segment moves
// every later line's offset by its size (the row store moves its offsets alike), nothing is copied.
import { MemoryLines } from './memoryLines';

export class PrependableLines {
  /** Oldest first; new lines go to the last. */
  private readonly segments: MemoryLines[] = [new MemoryLines()];

  get length(): number {
    return this.segments.reduce((sum, s) => sum + s.length, 0);
  }

  /** Appends `line` and a newline at the end; returns the line's offset. */
  append(line: Buffer): number {
    const last = this.segments[this.segments.length - 1];
    const base = this.length - last.length;
    return base + last.append(line);
  }

  /** Puts `older`'s lines before all others. */
  prepend(older: MemoryLines): void {
    if (older.length > 0) this.segments.unshift(older);
  }

  read(position: number, length: number): Buffer | null {
    if (position < 0 || position + length > this.length) return null;
    const parts: Buffer[] = [];
    let start = 0;
    for (const s of this.segments) {
      const from = Math.max(position, start);
      const to = Math.min(position + length, start + s.length);
      if (from < to) parts.push(s.read(from - start, to - from)!);
      start += s.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, length);
  }
}
