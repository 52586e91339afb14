// Groups entries into push requests bounded in bytes and entries, one stream each, each stream's entries in
// timestamp order (lb's files are nearly sorted; lines written by several threads can interleave). Entries are
// written in Loki's protobuf form as they are added (StreamEntries), from the lines' bytes: the request body
// is ready when the batch is taken, and LokiStream objects with strings are made only when asked for (finding
// the lines Loki already has, or a batch sent in parts). The buffers of entries and bodies are written again by
// later batches (once a batch is released), because V8 collects sooner the more memory is made outside its heap.
import type { LokiStream } from '../loki/api';
import { StreamEntries, decodeEntries, streamsBody } from '../loki/pushBody';
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

export class BatchBuilder {
  private parts = new Map<StreamTarget, StreamEntries>();
  /** Parts of earlier batches, emptied, with their buffers: the next batches write into them. */
  private readonly spare: StreamEntries[] = [];
  /** Buffers of bodies delivered (release()), and the buffer of each body not released yet. */
  private readonly spareRooms: Buffer[] = [];
  private readonly rooms = new Map<Buffer, Buffer>();
  private lastTarget: StreamTarget | undefined;
  private lastPart: StreamEntries | undefined;
  entries = 0;
  bytes = 0;

  constructor(private readonly limits: BatchLimits) {}

  /** Whether an entry of `bytes` still fits (an empty batch takes any entry). */
  fits(bytes: number): boolean {
    return this.entries === 0 || (this.bytes + bytes <= this.limits.maxBytes && this.entries < this.limits.maxEntries);
  }

  /** An entry of the line line[start, end) (copied) at `seconds` and `nanos` since the epoch. */
  add(target: StreamTarget, seconds: number, nanos: number, line: Uint8Array, start: number, end: number): void {
    let part = target === this.lastTarget ? this.lastPart : this.parts.get(target);
    if (!part) {
      part = this.spare.pop() ?? new StreamEntries();
      this.parts.set(target, part);
    }
    this.lastTarget = target;
    this.lastPart = part;
    part.add(seconds, nanos, line, start, end);
    this.entries++;
    this.bytes += end - start;
  }

  /** The streams of the batch so far. */
  targets(): Iterable<StreamTarget> {
    return this.parts.keys();
  }

  /** The batch so far (entries sorted per stream), leaving the builder empty. */
  take(): Batch {
    const targets = [...this.parts.keys()];
    const parts = [...this.parts.values()];
    for (const part of parts) part.sort();
    let room: Buffer | undefined;
    const { body, entriesAt } = streamsBody(
      targets.map((t, i) => ({ labels: t.labels, entries: parts[i] })),
      (size) => (room = this.room(size)),
    );
    this.rooms.set(body, room!);
    const streams = targets.map((t, i) => lazyStream(t.labels, body, entriesAt[i]));
    const batch = { streams, targets, entries: this.entries, bytes: this.bytes, body };
    for (const part of parts) part.clear();
    this.spare.push(...parts);
    this.parts = new Map();
    this.lastTarget = this.lastPart = undefined;
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
