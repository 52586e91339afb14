// Groups entries into push requests bounded in bytes and entries, one stream each, each stream's entries in
// timestamp order (lb's files are nearly sorted; lines written by several threads can interleave). An entry is
// held as a place in the caller's bytes, and its line is copied once, from there into the request body, when the
// batch is taken: a caller that changes its buffer before then calls keep() first, which copies the batch's lines
// of it. LokiStream objects with strings are made only when asked for (finding the lines Loki already has, or a
// batch sent in parts). The buffers of bodies are written again by later batches (once a batch is released),
// because V8 collects sooner the more memory is made outside its heap.
import type { LokiStream } from '../loki/api';
import { BodyStream, assembleBody, decodeEntries, entryFieldSize, putEntryHead, timestampProblem } from '../loki/pushBody';
import type { BatchLimits } from './limits';

/** A stream entries are pushed to; the same object for every entry of the stream. */
export interface StreamTarget {
  labels: Record<string, string>;
}

export interface Batch {
  /** The batch's streams; their values are decoded from the body when first read. */
  streams: LokiStream[];
  /** The target of each stream, in the same order. */
  targets: StreamTarget[];
  entries: number;
  /** Bytes of the lines. */
  bytes: number;
  /** The push request of the whole batch (pushBody of `streams`). */
  body: Buffer;
}

/** A stream of the batch being built. */
interface BatchStream extends BodyStream {
  target: StreamTarget;
  entries: number;
  /** Its entries came in timestamp order so far, the last one at lastSeconds and lastNanos. */
  sorted: boolean;
  lastSeconds: number;
  lastNanos: number;
}

export class BatchBuilder {
  private streams: BatchStream[] = [];
  private readonly streamOf = new Map<StreamTarget, number>();
  private lastTarget: StreamTarget | undefined;
  private lastStream = -1;
  /** The entries in the order added: stream, timestamp, and line (lines[k][starts[k], ends[k])). */
  private streamIds = new Int32Array(256);
  private seconds = new Float64Array(256);
  private nanos = new Int32Array(256);
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private lines: Uint8Array[] = [];
  /** While a batch is taken: which of its lines' buffers each entry's line is in. */
  private sourceIds = new Int32Array(0);
  /** The lines keep() copied, from 0 to keptBytes. */
  private kept: Uint8Array = new Uint8Array(0);
  private keptBytes = 0;
  /** Buffers of bodies delivered (release()), and the buffer of each body not released yet. */
  private readonly spareRooms: Buffer[] = [];
  private readonly rooms = new Map<Buffer, Buffer>();
  entries = 0;
  bytes = 0;

  constructor(private readonly limits: BatchLimits) {}

  /** Whether an entry of `bytes` still fits (an empty batch takes any entry). */
  fits(bytes: number): boolean {
    return this.entries === 0 || (this.bytes + bytes <= this.limits.maxBytes && this.entries < this.limits.maxEntries);
  }

  /** Whether the batch holds half of what it may: worth sending rather than copying its lines to wait for more. */
  halfFull(): boolean {
    return 2 * this.bytes >= this.limits.maxBytes || 2 * this.entries >= this.limits.maxEntries;
  }

  /**
   * An entry of the line line[start, end) (valid UTF-8) at `seconds` and `nanos` since the epoch. The line is
   * read when the batch is taken: until then its bytes stay as they are, or keep() is called.
   */
  add(target: StreamTarget, seconds: number, nanos: number, line: Uint8Array, start: number, end: number): void {
    const problem = timestampProblem(seconds, nanos);
    if (problem) throw new Error(problem);
    let id = this.lastStream;
    if (target !== this.lastTarget) {
      id = this.streamOf.get(target) ?? this.newStream(target);
      this.lastTarget = target;
      this.lastStream = id;
    }
    const stream = this.streams[id];
    const k = this.entries++;
    if (k === this.ends.length) this.grow();
    this.streamIds[k] = id;
    this.seconds[k] = seconds;
    this.nanos[k] = nanos;
    this.starts[k] = start;
    this.ends[k] = end;
    this.lines[k] = line;
    this.bytes += end - start;
    stream.entries++;
    stream.entriesSize += entryFieldSize(seconds, nanos, end - start);
    if (seconds < stream.lastSeconds || (seconds === stream.lastSeconds && nanos < stream.lastNanos)) stream.sorted = false;
    stream.lastSeconds = seconds;
    stream.lastNanos = nanos;
  }

  /** The caller is about to change or drop `buffer`: the batch's lines in it are copied. */
  keep(buffer: Uint8Array): void {
    let need = this.keptBytes;
    for (let k = 0; k < this.entries; k++) if (this.lines[k] === buffer) need += this.ends[k] - this.starts[k];
    if (need === this.keptBytes) return;
    if (need > this.kept.length) this.moveKept(need);
    const kept = this.kept;
    for (let k = 0; k < this.entries; k++) {
      if (this.lines[k] !== buffer) continue;
      const length = this.ends[k] - this.starts[k];
      kept.set(buffer.subarray(this.starts[k], this.ends[k]), this.keptBytes);
      this.lines[k] = kept;
      this.starts[k] = this.keptBytes;
      this.ends[k] = this.keptBytes += length;
    }
  }

  /** The batch so far (entries sorted per stream), leaving the builder empty. */
  take(): Batch {
    const streams = this.streams;
    const order = this.entryOrder();
    const spans = this.lineSpans();
    let room: Buffer | undefined;
    let next = 0;
    const { body, entriesAt } = assembleBody(
      streams,
      (i, _, at) => {
        const b = room!;
        for (const last = next + streams[i].entries; next < last; next++) {
          const k = order[next];
          const lineBytes = this.ends[k] - this.starts[k];
          at = putEntryHead(b, at, this.seconds[k], this.nanos[k], lineBytes);
          // The line, from its copy behind the body: copyWithin makes no object per line, as a view would.
          const from = this.starts[k] + spans.shift[this.sourceIds[k]];
          b.copyWithin(at, from, from + lineBytes);
          at += lineBytes;
        }
        return at;
      },
      (size) => {
        room = this.room(size + spans.bytes);
        spans.copyTo(room, size);
        return room;
      },
    );
    this.rooms.set(body, room!);
    const targets = streams.map((s) => s.target);
    const batch = { streams: targets.map((t, i) => lazyStream(t.labels, body, entriesAt[i])), targets, entries: this.entries, bytes: this.bytes, body };
    this.streams = [];
    this.streamOf.clear();
    this.lastTarget = undefined;
    this.lastStream = -1;
    this.lines.length = 0;
    this.keptBytes = 0;
    this.entries = 0;
    this.bytes = 0;
    return batch;
  }

  /** The batch is delivered (or given up): its body's buffer is written again by a later batch. */
  release(batch: Batch): void {
    const room = this.rooms.get(batch.body);
    if (!room) return;
    this.rooms.delete(batch.body);
    if (this.spareRooms.length < MAX_SPARE_ROOMS) this.spareRooms.push(room);
  }

  private newStream(target: StreamTarget): number {
    const id = this.streams.push({ target, labels: target.labels, entriesSize: 0, entries: 0, sorted: true, lastSeconds: -1, lastNanos: 0 }) - 1;
    this.streamOf.set(target, id);
    return id;
  }

  /**
   * The part of each buffer the lines lie in (mostly one buffer, the block read), copied in one piece each behind
   * a body of `size` bytes; a line's copy is at its offset in its buffer plus shift[sourceIds[k]].
   */
  private lineSpans(): { bytes: number; shift: number[]; copyTo(room: Buffer, size: number): void } {
    const sources: Uint8Array[] = [];
    const from: number[] = [];
    const to: number[] = [];
    if (this.sourceIds.length < this.entries) this.sourceIds = new Int32Array(this.ends.length);
    let last = -1;
    for (let k = 0; k < this.entries; k++) {
      const line = this.lines[k];
      if (last < 0 || sources[last] !== line) {
        last = sources.indexOf(line);
        if (last < 0) last = sources.push(line) - 1;
        from[last] ??= this.starts[k];
        to[last] ??= this.ends[k];
      }
      this.sourceIds[k] = last;
      if (this.starts[k] < from[last]) from[last] = this.starts[k];
      if (this.ends[k] > to[last]) to[last] = this.ends[k];
    }
    let bytes = 0;
    for (let i = 0; i < sources.length; i++) bytes += to[i] - from[i];
    const shift: number[] = [];
    return {
      bytes,
      shift,
      copyTo(room, size) {
        let at = size;
        for (let i = 0; i < sources.length; i++) {
          room.set(sources[i].subarray(from[i], to[i]), at);
          shift[i] = at - from[i];
          at += to[i] - from[i];
        }
      },
    };
  }

  /** The entries grouped by stream, in stream order, each stream's in timestamp order (ties as added). */
  private entryOrder(): Int32Array {
    const streams = this.streams;
    const at = new Int32Array(streams.length);
    for (let i = 1; i < streams.length; i++) at[i] = at[i - 1] + streams[i - 1].entries;
    const order = new Int32Array(this.entries);
    for (let k = 0; k < this.entries; k++) order[at[this.streamIds[k]]++] = k;
    let from = 0;
    for (const stream of streams) {
      const to = from + stream.entries;
      if (!stream.sorted) {
        // Array#sort is stable: entries of one timestamp keep the order they came in.
        const part = Array.from(order.subarray(from, to)).sort((x, y) => this.seconds[x] - this.seconds[y] || this.nanos[x] - this.nanos[y]);
        order.set(part, from);
      }
      from = to;
    }
    return order;
  }

  private grow(): void {
    const size = 2 * this.ends.length;
    const seconds = new Float64Array(size);
    seconds.set(this.seconds);
    this.seconds = seconds;
    this.streamIds = grownInts(this.streamIds, size);
    this.nanos = grownInts(this.nanos, size);
    this.starts = grownInts(this.starts, size);
    this.ends = grownInts(this.ends, size);
  }

  /** A larger buffer for kept lines, holding those kept so far. */
  private moveKept(need: number): void {
    const old = this.kept;
    this.kept = new Uint8Array(Math.max(need, 2 * old.length, 1 << 16));
    this.kept.set(old.subarray(0, this.keptBytes));
    for (let k = 0; k < this.entries; k++) if (this.lines[k] === old) this.lines[k] = this.kept;
  }

  /** A buffer of at least `size` bytes for a body: a spare one, else a new one with room to grow. */
  private room(size: number): Buffer {
    const spare = this.spareRooms.pop();
    if (spare && spare.length >= size) return spare;
    return Buffer.allocUnsafe(Math.ceil((size * 1.125) / ROOM_STEP) * ROOM_STEP);
  }
}

/** Bodies are sized up in steps of 64 KiB; a few are kept (a file has at most a few batches in flight). */
const ROOM_STEP = 1 << 16;
const MAX_SPARE_ROOMS = 4;

function grownInts(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(size);
  grown.set(a);
  return grown;
}

/** A stream whose values are decoded from the body the first time they are read. */
function lazyStream(labels: Record<string, string>, body: Buffer, [from, to]: [number, number]): LokiStream {
  let values: LokiStream['values'] | undefined;
  return {
    stream: labels,
    get values() {
      return (values ??= decodeEntries(body, from, to));
    },
  };
}
