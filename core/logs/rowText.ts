// Reads a row's text back from its source: the message of a record (decoded from the JSON string in place,
// without parsing the record), or the raw text of a malformed line, and the whole line for row details.
import { LineClassifier, LineInfo, decodeJsonString } from './lineClassifier';
import { FLAG_MSG_ESCAPED, FLAG_MSG_UNKNOWN, FLAG_UNPARSED } from './rowBatch';
import type { RowSource } from './rowSource';

/** Messages longer than this are cut for display (the row and its details keep everything). */
export const MAX_DISPLAY_BYTES = 16 * 1024;
/** Text search looks at this much of each message or line (as much as the indexer parses). */
export const MAX_SEARCH_BYTES = 64 << 20;

export type ReadFn = (position: number, length: number) => Buffer | null;

export interface RowText {
  text: string;
  truncated: boolean;
}

/**
 * Serves sequential reads from a large window, so a scan over many rows of a source costs a few big reads
 * instead of one read per row.
 */
export class WindowedReader {
  private buf: Buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;

  constructor(
    private readonly source: RowSource,
    private readonly windowBytes = 4 << 20,
  ) {}

  read: ReadFn = (position, length) => {
    if (position >= this.start && position + length <= this.end) {
      return this.buf.subarray(position - this.start, position - this.start + length);
    }
    if (length > this.windowBytes / 2) return this.source.read(position, length);
    const available = this.source.store.lastLineEnd + 1 - position;
    const want = Math.max(length, Math.min(this.windowBytes, available));
    const data = this.source.read(position, want) ?? this.source.read(position, length);
    if (!data) return null;
    this.buf = data;
    this.start = position;
    this.end = position + data.length;
    return data.subarray(0, length);
  };
}

const classifier = new LineClassifier();
const info = new LineInfo();

/** Content bounds of a row's line: [offset, end) without the newline or a trailing carriage return. */
function lineLength(source: RowSource, row: number): number {
  return source.store.lineEnd(row) - source.store.offset(row);
}

/** The message of a record or the raw text of a malformed line, cut to `maxBytes`; null if unreadable. */
export function readRowText(source: RowSource, row: number, maxBytes: number, read: ReadFn = (p, l) => source.read(p, l)): RowText | null {
  const store = source.store;
  const flags = store.flags(row);
  const offset = store.offset(row);
  if (flags & FLAG_UNPARSED) {
    const length = store.messageLength(row);
    const bytes = read(offset, Math.min(length, maxBytes));
    if (!bytes) return null;
    return { text: rawDisplayText(bytes, length <= maxBytes), truncated: length > maxBytes };
  }
  if (flags & FLAG_MSG_UNKNOWN) {
    const length = lineLength(source, row);
    const bytes = read(offset, length);
    if (!bytes) return null;
    const withSentinel = Buffer.allocUnsafe(length + 1);
    bytes.copy(withSentinel);
    withSentinel[length] = 0x0a;
    classifier.classify(withSentinel, 0, length, info, false);
    if (info.parsed && info.messageStart >= 0) return messageText(withSentinel, info.messageStart, info.messageEnd, info.messageEscaped, maxBytes);
    const message = info.message ?? rawDisplayText(bytes, true);
    return message.length > maxBytes ? { text: message.slice(0, maxBytes), truncated: true } : { text: message, truncated: false };
  }
  const length = store.messageLength(row);
  const bytes = read(offset + store.messageStart(row), Math.min(length, maxBytes));
  if (!bytes) return null;
  return messageText(bytes, 0, bytes.length, (flags & FLAG_MSG_ESCAPED) !== 0, maxBytes, length);
}

/** A message's text from its bytes [start, end), cut at `maxBytes` as the panel shows it. */
export function messageText(b: Buffer, start: number, end: number, escaped: boolean, maxBytes: number, fullLength = end - start): RowText {
  if (fullLength <= maxBytes && end - start === fullLength) return { text: decodeJsonString(b, start, end, escaped), truncated: false };
  const cut = safeCut(b, start, Math.min(end, start + maxBytes), escaped);
  return { text: decodeJsonString(b, start, cut, escaped), truncated: true };
}

/** A cut at or before `cut` that splits neither a JSON escape nor a UTF-8 character. */
function safeCut(b: Buffer, start: number, cut: number, escaped: boolean): number {
  if (escaped) {
    for (let i = start; i < cut; ) {
      if (b[i] !== 0x5c) {
        i++;
        continue;
      }
      const len = b[i + 1] === 0x75 ? 6 : 2;
      if (i + len > cut) return trimUtf8(b, start, i);
      i += len;
    }
  }
  return trimUtf8(b, start, cut);
}

function trimUtf8(b: Buffer, start: number, cut: number): number {
  let c = cut;
  while (c > start && (b[c] & 0xc0) === 0x80) c--;
  return c;
}

/** Raw bytes of a malformed line as display text: control characters shown as visible symbols (U+2400…). */
export function rawDisplayText(bytes: Buffer, whole: boolean): string {
  let b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  if (whole && b[b.length - 1] === 0x0d) b = b.subarray(0, b.length - 1);
  return b.toString('utf8').replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => String.fromCharCode(c === '\x7f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));
}

/** The whole line (without newline or trailing carriage return), or null when it can no longer be read. */
export function readRawLine(source: RowSource, row: number): Buffer | null {
  const bytes = source.read(source.store.offset(row), lineLength(source, row));
  if (!bytes) return null;
  return bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
}
