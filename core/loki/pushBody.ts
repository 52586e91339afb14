// The body of a push request in Loki's protobuf form (logproto.PushRequest of Loki's pkg/push/push.proto,
// snappy-framed), which is what Promtail and Alloy send. Loki decodes it with about half the CPU the JSON form
// costs it (every lb line is a JSON object, so in JSON every one of its quotes is escaped), and writing it is a
// copy of each line instead of JSON.stringify's escaping. Two writers: pushBody() from LokiStream objects (two
// passes over the entries: sizes, then bytes), and putEntryHead() with assembleBody(), which write entries from the
// bytes of a file (no string per line), so that a line is copied once, from where it was read into the body.
import type { LokiStream } from './api';

/** Protobuf wire types: varint, and length-delimited (strings, bytes, embedded messages). */
const VARINT = 0;
const LEN = 2;
const tag = (field: number, wireType: number) => (field << 3) | wireType;
/** PushRequest.streams; StreamAdapter.labels and .entries; EntryAdapter.timestamp, .line and .structuredMetadata. */
const STREAMS = tag(1, LEN);
const LABELS = tag(1, LEN);
const ENTRIES = tag(2, LEN);
const TIMESTAMP = tag(1, LEN);
const LINE = tag(2, LEN);
const METADATA = tag(3, LEN);
/** google.protobuf.Timestamp.seconds and .nanos; LabelPairAdapter.name and .value. */
const SECONDS = tag(1, VARINT);
const NANOS = tag(2, VARINT);
const NAME = tag(1, LEN);
const VALUE = tag(2, LEN);

/** Largest nanosecond timestamp Loki reads (int64), as digits: equal-length digit strings compare as numbers. */
const MAX_NS = '9223372036854775807';

/** Why `ns` is not a timestamp Loki can store, or undefined. Checked per entry, so by character codes. */
export function nsProblem(ns: string): string | undefined {
  let zeros = 0;
  for (let i = 0; i < ns.length; i++) {
    const c = ns.charCodeAt(i);
    if (c < 48 || c > 57) return 'is not nanoseconds as a digit string';
    if (c === 48 && zeros === i) zeros++;
  }
  if (ns.length === 0) return 'is not nanoseconds as a digit string';
  const digits = ns.length - zeros;
  if (digits > MAX_NS.length || (digits === MAX_NS.length && (zeros ? ns.slice(zeros) : ns) > MAX_NS)) return 'is past the largest timestamp Loki stores (int64 nanoseconds)';
  return undefined;
}

function varintSize(n: number): number {
  if (n < 128) return 1;
  if (n < 16384) return 2;
  if (n < 2097152) return 3;
  if (n < 268435456) return 4;
  let size = 5;
  for (n = Math.floor(n / 34359738368); n >= 1; n = Math.floor(n / 128)) size++;
  return size;
}

/** A length-delimited field of `size` bytes: its tag, length and content. */
function fieldSize(size: number): number {
  return 1 + varintSize(size) + size;
}

/**
 * The label set as Loki's JSON decoder names a stream (loghttp.LabelSet.String: sorted, values quoted): JSON's
 * quoting is one Go's parser of label sets reads back exactly, once lone surrogates are what UTF-8 makes of them
 * (U+FFFD, through a round trip).
 */
export function labelsText(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((n) => `${n}=${JSON.stringify(Buffer.from(labels[n]).toString())}`).join(', ')}}`;
}

/** Structured metadata in the order Loki's JSON decoder gives it (sorted by name). */
function metadataPairs(metadata: Record<string, string> | undefined): Array<[string, string]> {
  if (!metadata) return [];
  return Object.keys(metadata)
    .sort()
    .map((name) => [name, metadata[name]]);
}

class Writer {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  varint(n: number): void {
    for (; n >= 128; n = Math.floor(n / 128)) this.buf[this.pos++] = (n % 128) | 128;
    this.buf[this.pos++] = n;
  }

  /** A length-delimited field's tag and length; its content follows. */
  open(fieldTag: number, size: number): void {
    this.buf[this.pos++] = fieldTag;
    this.varint(size);
  }

  text(fieldTag: number, s: string, bytes: number): void {
    this.open(fieldTag, bytes);
    this.pos += this.buf.write(s, this.pos, bytes, 'utf8');
  }
}

/** Seconds of a checked nanosecond timestamp (below 2^34, exact as a number), digit by digit: no substrings. */
export function nsSeconds(ns: string): number {
  let seconds = 0;
  for (let i = 0; i < ns.length - 9; i++) seconds = seconds * 10 + ns.charCodeAt(i) - 48;
  return seconds;
}

/** The nanoseconds within the second of a checked nanosecond timestamp. */
export function nsNanos(ns: string): number {
  let nanos = 0;
  for (let i = Math.max(0, ns.length - 9); i < ns.length; i++) nanos = nanos * 10 + ns.charCodeAt(i) - 48;
  return nanos;
}

function timestampSize(seconds: number, nanos: number): number {
  return (seconds ? 1 + varintSize(seconds) : 0) + (nanos ? 1 + varintSize(nanos) : 0);
}

/** The nanosecond digit string of a timestamp in seconds and nanoseconds (nsSeconds and nsNanos undone). */
export function nsText(seconds: number, nanos: number): string {
  return seconds === 0 ? String(nanos) : `${seconds}${String(nanos).padStart(9, '0')}`;
}

/**
 * The request body: the protobuf PushRequest as one snappy literal (Loki requires the snappy block format for
 * protobuf; compression is left to gzip, when asked for, because compressing in JavaScript costs more CPU than
 * the bytes it saves on a local network). Timestamps must pass nsProblem.
 */
export function pushBody(streams: LokiStream[]): Buffer {
  // First pass: the size of every line, entry and stream and each timestamp's parts, in the order the second
  // pass writes them.
  const sizes: number[] = [];
  const labelTexts: string[] = [];
  let total = 0;
  for (const s of streams) {
    const text = labelsText(s.stream);
    labelTexts.push(text);
    const streamAt = sizes.push(0) - 1;
    const labelBytes = Buffer.byteLength(text);
    sizes.push(labelBytes);
    let streamSize = fieldSize(labelBytes);
    for (const [ns, line, metadata] of s.values) {
      const seconds = nsSeconds(ns);
      const nanos = nsNanos(ns);
      const lineBytes = Buffer.byteLength(line);
      let entrySize = fieldSize(timestampSize(seconds, nanos)) + (lineBytes ? fieldSize(lineBytes) : 0);
      for (const [name, value] of metadataPairs(metadata)) {
        const nameBytes = Buffer.byteLength(name);
        const valueBytes = Buffer.byteLength(value);
        const pairSize = (nameBytes ? fieldSize(nameBytes) : 0) + (valueBytes ? fieldSize(valueBytes) : 0);
        sizes.push(pairSize, nameBytes, valueBytes);
        entrySize += fieldSize(pairSize);
      }
      sizes.push(entrySize, lineBytes, seconds, nanos);
      streamSize += fieldSize(entrySize);
    }
    sizes[streamAt] = streamSize;
    total += fieldSize(streamSize);
  }
  const header = snappyLiteralHeader(total);
  const w = new Writer(Buffer.allocUnsafe(header.length + total));
  header.copy(w.buf);
  w.pos = header.length;
  // Second pass.
  let k = 0;
  streams.forEach((s, i) => {
    w.open(STREAMS, sizes[k++]);
    w.text(LABELS, labelTexts[i], sizes[k++]);
    for (const [, line, metadata] of s.values) {
      const pairs = metadataPairs(metadata);
      // The pairs' sizes were recorded before the entry's.
      const pairsAt = k;
      k += 3 * pairs.length;
      w.open(ENTRIES, sizes[k++]);
      const lineBytes = sizes[k++];
      const seconds = sizes[k++];
      const nanos = sizes[k++];
      w.open(TIMESTAMP, timestampSize(seconds, nanos));
      if (seconds) {
        w.buf[w.pos++] = SECONDS;
        w.varint(seconds);
      }
      if (nanos) {
        w.buf[w.pos++] = NANOS;
        w.varint(nanos);
      }
      if (lineBytes) w.text(LINE, line, lineBytes);
      pairs.forEach(([name, value], p) => {
        const at = pairsAt + 3 * p;
        w.open(METADATA, sizes[at]);
        if (sizes[at + 1]) w.text(NAME, name, sizes[at + 1]);
        if (sizes[at + 2]) w.text(VALUE, value, sizes[at + 2]);
      });
    }
  });
  if (w.pos !== w.buf.length) throw new Error(`push body: wrote ${w.pos} of ${w.buf.length} bytes`);
  return w.buf;
}

/**
 * A snappy block holding `length` bytes as one literal element: the uncompressed length as a varint, then the
 * literal's tag (a length up to 60 in the tag itself, else 60 + how many little-endian bytes hold length - 1).
 */
function snappyLiteralHeader(length: number): Buffer {
  const header = Buffer.alloc(10);
  const w = new Writer(header);
  w.varint(length);
  if (length === 0) return header.subarray(0, w.pos);
  const n = length - 1;
  if (n < 60) {
    header[w.pos++] = n << 2;
  } else {
    const bytes = n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
    header[w.pos++] = (59 + bytes) << 2;
    header.writeUIntLE(n, w.pos, bytes);
    w.pos += bytes;
  }
  return header.subarray(0, w.pos);
}

/** The largest timestamp Loki stores (int64 nanoseconds), in seconds and nanoseconds. */
const MAX_SECONDS = 9223372036;
const MAX_NANOS = 854775807;

/** Writes n as a varint at b[at]; returns where it ends. Below 2^31 (sizes, nanoseconds, seconds until 2038) by shifts. */
function putVarint(b: Uint8Array, at: number, n: number): number {
  if (n < 0x80000000) {
    for (; n >= 128; n >>>= 7) b[at++] = (n & 127) | 128;
  } else {
    for (; n >= 128; n = Math.floor(n / 128)) b[at++] = (n % 128) | 128;
  }
  b[at++] = n;
  return at;
}

/** Why a timestamp in seconds and nanoseconds is past what Loki stores, or undefined. */
export function timestampProblem(seconds: number, nanos: number): string | undefined {
  return seconds > MAX_SECONDS || (seconds === MAX_SECONDS && nanos > MAX_NANOS)
    ? `timestamp "${nsText(seconds, nanos)}" is past the largest timestamp Loki stores (int64 nanoseconds)`
    : undefined;
}

/** The bytes of one entry field (StreamAdapter.entries, with its tag and length) of a line of `lineBytes`. */
export function entryFieldSize(seconds: number, nanos: number, lineBytes: number): number {
  return fieldSize(fieldSize(timestampSize(seconds, nanos)) + (lineBytes ? fieldSize(lineBytes) : 0));
}

/**
 * Writes at b[at] the entry field of a line of `lineBytes` (valid UTF-8) at `seconds` and `nanos` since the
 * epoch, up to the line's own bytes, which the caller copies to where it returns (entryFieldSize() in all).
 */
export function putEntryHead(b: Uint8Array, at: number, seconds: number, nanos: number, lineBytes: number): number {
  const tsSize = timestampSize(seconds, nanos);
  b[at++] = ENTRIES;
  at = putVarint(b, at, fieldSize(tsSize) + (lineBytes ? fieldSize(lineBytes) : 0));
  b[at++] = TIMESTAMP;
  at = putVarint(b, at, tsSize);
  if (seconds) {
    b[at++] = SECONDS;
    at = putVarint(b, at, seconds);
  }
  if (nanos) {
    b[at++] = NANOS;
    at = putVarint(b, at, nanos);
  }
  if (lineBytes) {
    b[at++] = LINE;
    at = putVarint(b, at, lineBytes);
  }
  return at;
}

/** A stream of a body whose entries the caller writes (putEntryHead): its labels and the bytes of its entry fields. */
export interface BodyStream {
  labels: Record<string, string>;
  entriesSize: number;
}

/**
 * The request body of `streams`, and where each stream's entries lie in it: `writeEntries(i, b, at)` writes the
 * entries of stream i at b[at] and returns where they end. `allocate` gives the buffer to write it in (at least
 * `size` bytes; the body is its first `size`).
 */
export function assembleBody(
  streams: BodyStream[],
  writeEntries: (stream: number, b: Buffer, at: number) => number,
  allocate: (size: number) => Buffer = (size) => Buffer.allocUnsafe(size),
): { body: Buffer; entriesAt: Array<[number, number]> } {
  const labelTexts = streams.map((s) => Buffer.from(labelsText(s.labels)));
  let total = 0;
  streams.forEach((s, i) => (total += fieldSize(fieldSize(labelTexts[i].length) + s.entriesSize)));
  const header = snappyLiteralHeader(total);
  const size = header.length + total;
  const w = new Writer(allocate(size).subarray(0, size));
  header.copy(w.buf);
  w.pos = header.length;
  const entriesAt: Array<[number, number]> = [];
  streams.forEach((s, i) => {
    const label = labelTexts[i];
    w.open(STREAMS, fieldSize(label.length) + s.entriesSize);
    w.open(LABELS, label.length);
    w.pos += label.copy(w.buf, w.pos);
    const from = w.pos;
    w.pos = writeEntries(i, w.buf, from);
    if (w.pos - from !== s.entriesSize) throw new Error(`push body: stream ${i} has ${w.pos - from} bytes of entries, not ${s.entriesSize}`);
    entriesAt.push([from, w.pos]);
  });
  if (w.pos !== w.buf.length) throw new Error(`push body: wrote ${w.pos} of ${w.buf.length} bytes`);
  return { body: w.buf, entriesAt };
}

function readVarint(b: Uint8Array, at: number): [number, number] {
  let n = 0;
  let scale = 1;
  for (;;) {
    const byte = b[at++];
    n += (byte & 127) * scale;
    if (byte < 128) return [n, at];
    scale *= 128;
  }
}

/** The entries written in body[from, to), as LokiStream values. */
export function decodeEntries(body: Buffer, from: number, to: number): LokiStream['values'] {
  const values: LokiStream['values'] = [];
  for (let at = from; at < to; ) {
    const [entrySize, content] = readVarint(body, at + 1);
    const end = content + entrySize;
    const [tsSize, tsStart] = readVarint(body, content + 1);
    let seconds = 0;
    let nanos = 0;
    for (let p = tsStart; p < tsStart + tsSize; ) {
      const field = body[p];
      const [value, next] = readVarint(body, p + 1);
      if (field === SECONDS) seconds = value;
      else nanos = value;
      p = next;
    }
    let lineStart = tsStart + tsSize;
    let lineEnd = lineStart;
    if (lineStart < end) {
      const [lineBytes, lineAt] = readVarint(body, lineStart + 1);
      lineStart = lineAt;
      lineEnd = lineAt + lineBytes;
    }
    values.push([nsText(seconds, nanos), body.toString('utf8', lineStart, lineEnd)]);
    at = end;
  }
  return values;
}
