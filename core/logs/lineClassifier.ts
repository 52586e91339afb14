// Decides what one JSONL line is: an lb record (with the fields the log engine indexes) or a malformed line
// with the reason. The fast byte scanner decides almost every line; JSON.parse decides the rest and words
// the error. Both the indexer and the public record parser use this, so they always agree.
import { isUtf8 } from 'buffer';
import type { LogLevel } from './model';
import {
  F_COMPONENT,
  F_HOST,
  F_LEVEL,
  F_LOGGER,
  F_MESSAGE,
  F_PHASE,
  F_REPETITION,
  F_RUN_ID,
  F_TIMESTAMP,
  F_WORKLOAD,
  FIELD_NAMES,
  ScannedFields,
  T_ABSENT,
  T_INTEGER,
  T_STRING,
  isRepetition,
  scanRecord,
  viewOf,
} from './recordScanner';
import { parseIsoTimestamp, parseIsoTimestampString } from './timestamp';

export const LEVEL_NONE = 7;
const LEVEL_BYTES = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'].map((l) => Buffer.from(l));
export const LEVEL_NAMES: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
const REQUIRED = [F_TIMESTAMP, F_LEVEL, F_COMPONENT, F_HOST, F_RUN_ID, F_LOGGER, F_MESSAGE];

/** What the indexer keeps of a line. Reused from line to line: copy what you keep. */
export class LineInfo {
  parsed = false;
  problem = '';
  /** Epoch ms, NaN when the line has no valid timestamp. */
  time = NaN;
  level = LEVEL_NONE;
  component: string | undefined;
  host: string | undefined;
  workload: string | undefined;
  repetition = -1;
  phase: string | undefined;
  /** Message bytes relative to the line start (between the quotes), -1 when unknown (slow path). */
  messageStart = -1;
  messageEnd = -1;
  /** The message bytes hold JSON escapes and must be decoded. */
  messageEscaped = false;
  /** The message itself when the slow path decided the line (no byte position then). */
  message: string | undefined;
  /**
   * A number naming the line's component, host, workload, repetition and phase within this classifier (equal
   * numbers, equal labels), or -1 when it has none: lets the indexer find the label set without strings.
   */
  labelKey = -1;

  reset(): void {
    this.parsed = false;
    this.problem = '';
    this.time = NaN;
    this.level = LEVEL_NONE;
    this.component = this.host = this.workload = this.phase = undefined;
    this.repetition = -1;
    this.messageStart = this.messageEnd = -1;
    this.messageEscaped = false;
    this.message = undefined;
    this.labelKey = -1;
  }
}

export const FNV_OFFSET = 0x811c9dc5;

/** One byte of a 32-bit FNV-1a hash. */
export function fnvStep(h: number, byte: number): number {
  return Math.imul(h ^ byte, 0x01000193);
}

/** Values interned per field at most: beyond that a field is not a label but free text (a bug or an attack). */
const MAX_INTERNED = 1022;
const MAX_INTERNED_BYTES = 256;

/**
 * Turns byte ranges into strings and small ids (1, 2, ...), one table per field: component, host, workload
 * and phase take few values, often alternating line by line (several hosts or threads writing one file), so
 * a line costs a few word loads and comparisons, and no allocation. A value of up to 12 bytes is known by its
 * length and three words that cover all its bytes (no byte loop); a longer one by an FNV-1a hash and its
 * bytes. `lastId` is -1 when the value was not interned (escaped, long, or past MAX_INTERNED): the caller
 * then uses the string.
 */
export class FieldInterner {
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** By id: the value's length (-1 for id 0, which is no value) and its words (ValueWords). */
  private lengths = new Int32Array(16).fill(-1);
  private words = new Int32Array(3 * 16);
  private readonly bytes: Uint8Array[] = [new Uint8Array(0)];
  private readonly strings: string[] = [''];
  private last = 0;
  lastId = -1;

  /** At most `maxValues` values are interned (the pattern miner interns the words of messages with more). */
  constructor(private readonly maxValues = MAX_INTERNED) {
    // At least four slots per value, a power of two: probes stay short.
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(4 * (maxValues + 1))));
    this.mask = this.slots.length - 1;
  }

  get(b: Uint8Array, start: number, end: number, escaped: boolean): string {
    const len = end - start;
    if (escaped || len > MAX_INTERNED_BYTES) {
      this.lastId = -1;
      return decodeJsonString(b, start, end, escaped);
    }
    if (len > SHORT_VALUE_BYTES) return this.getLong(b, start, end);
    const w = valueWords(b, start, len);
    const head = w[0];
    const middle = w[1];
    const tail = w[2];
    const words = this.words;
    // The same test written out twice, for the last value and in the probe: as a method it costs about 3% of
    // indexing (measured: V8 does not inline it into this function).
    let id = this.last;
    if (this.lengths[id] === len && words[3 * id] === head && words[3 * id + 1] === middle && words[3 * id + 2] === tail) {
      this.lastId = id;
      return this.strings[id];
    }
    let slot = (Math.imul(head ^ Math.imul(middle ^ len, 0x85ebca6b) ^ Math.imul(tail, 0x9e3779b1), 0xc2b2ae35) >>> 7) & this.mask;
    for (id = this.slots[slot]; id !== 0; id = this.slots[slot]) {
      if (this.lengths[id] === len && words[3 * id] === head && words[3 * id + 1] === middle && words[3 * id + 2] === tail) {
        this.last = this.lastId = id;
        return this.strings[id];
      }
      slot = (slot + 1) & this.mask;
    }
    return this.add(b, start, end, slot, head, middle, tail);
  }

  private getLong(b: Uint8Array, start: number, end: number): string {
    const len = end - start;
    if (this.last !== 0 && sameBytes(this.bytes[this.last], b, start, len)) {
      this.lastId = this.last;
      return this.strings[this.last];
    }
    let h = FNV_OFFSET;
    for (let k = start; k < end; k++) h = fnvStep(h, b[k]);
    let slot = h & this.mask;
    for (let id = this.slots[slot]; id !== 0; id = this.slots[slot]) {
      if (sameBytes(this.bytes[id], b, start, len)) {
        this.last = this.lastId = id;
        return this.strings[id];
      }
      slot = (slot + 1) & this.mask;
    }
    return this.add(b, start, end, slot, 0, 0, 0);
  }

  /** Interns b[start, end) in the empty `slot` (unless the table is full). */
  private add(b: Uint8Array, start: number, end: number, slot: number, head: number, middle: number, tail: number): string {
    const value = decodeJsonString(b, start, end, false);
    if (this.strings.length > this.maxValues) {
      this.lastId = -1;
      return value;
    }
    const id = this.strings.length;
    if (id === this.lengths.length) {
      const lengths = new Int32Array(2 * id);
      lengths.set(this.lengths);
      this.lengths = lengths;
      const words = new Int32Array(6 * id);
      words.set(this.words);
      this.words = words;
    }
    const len = end - start;
    this.lengths[id] = len;
    this.words[3 * id] = head;
    this.words[3 * id + 1] = middle;
    this.words[3 * id + 2] = tail;
    // A copy: the caller's buffer is reused for the next chunk (Buffer#slice would be a view of it).
    const copy = new Uint8Array(len);
    copy.set(b.subarray(start, end));
    this.bytes.push(copy);
    this.strings.push(value);
    this.slots[slot] = id;
    this.last = this.lastId = id;
    return value;
  }
}

/** Values up to this many bytes are known by three words (valueWords): together they hold every byte. */
const SHORT_VALUE_BYTES = 12;
const valueWordsOut = new Int32Array(3);

/**
 * Three little-endian words that, with the length, tell apart any two values of up to 12 bytes: the first
 * four bytes, the four from the fifth and the last four (overlapping for shorter values); values under four
 * bytes are packed into the first word.
 */
function valueWords(b: Uint8Array, start: number, len: number): Int32Array {
  const out = valueWordsOut;
  if (len < 4) {
    let w = 0;
    for (let k = 0; k < len; k++) w |= b[start + k] << (8 * k);
    out[0] = w;
    out[1] = out[2] = 0;
    return out;
  }
  const dv = viewOf(b);
  out[0] = dv.getInt32(start, true);
  out[1] = len > 8 ? dv.getInt32(start + 4, true) : 0;
  out[2] = dv.getInt32(start + len - 4, true);
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array, start: number, len: number): boolean {
  if (a.length !== len) return false;
  for (let k = 0; k < len; k++) if (a[k] !== b[start + k]) return false;
  return true;
}

/** The text of a JSON string's contents (the bytes between its quotes). */
export function decodeJsonString(b: Uint8Array, start: number, end: number, escaped: boolean): string {
  const text = Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('utf8');
  return escaped ? (JSON.parse(`"${text}"`) as string) : text;
}

/** Control bytes JSON never allows outside strings (a newline only occurs inside a Loki entry, not a file line). */
function hasControlBytes(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c < 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return true;
  }
  return false;
}

/** 3 when a UTF-8 byte order mark starts the line [start, end), else 0. */
function bomLength(b: Uint8Array, start: number, end: number): number {
  return end - start >= 3 && b[start] === 0xef && b[start + 1] === 0xbb && b[start + 2] === 0xbf ? 3 : 0;
}

/**
 * The problem of a line JSON.parse is known to refuse (it ends inside a key or string: a line cut short). Its
 * wording, JSON.parse's own, is found when the problem is shown (LineClassifier.problemOfLine), not for each of
 * those lines while indexing, where asking JSON.parse took about a fifth of the time on a file with 1% of them.
 */
export const JSON_PROBLEM_DEFERRED = '\u0000invalid JSON';
/** Interned ids (< 1024, 10 bits each) and the repetition + 1 (12 bits) make a label key below 2^52, exact in a double. */
const ID_BASE = 1024;
const REPETITION_BASE = 4096;

export class LineClassifier {
  private readonly scanned = new ScannedFields();
  private readonly component = new FieldInterner();
  private readonly host = new FieldInterner();
  private readonly workload = new FieldInterner();
  private readonly phase = new FieldInterner();
  /** How the last line classified as a record was decided: its scanned fields, or the object JSON.parse made. */
  private decided: 'scan' | 'parse' | undefined;
  /** Records get their level, time, component and message only (what mining reads), not the other labels. */
  componentOnly = false;
  /** A line cut short gets JSON_PROBLEM_DEFERRED, to be worded when shown (the indexer's choice). */
  deferJsonProblems = false;
  private parsedRecord: Record<string, unknown> | undefined;

  /** The field positions of the last line, when it is a record the byte scanner decided. */
  get scannedRecord(): ScannedFields | undefined {
    return this.decided === 'scan' ? this.scanned : undefined;
  }

  /** The object of the last line, when it is a record JSON.parse decided (the scanner could not). */
  get parsedObject(): Record<string, unknown> | undefined {
    return this.decided === 'parse' ? this.parsedRecord : undefined;
  }

  /**
   * Classifies the line [start, end) of `b` (without its newline). `b[end]` must exist and be a byte that is
   * not part of the line (its `\n`). `utf8Checked` says the caller already knows the bytes are valid UTF-8.
   */
  classify(b: Uint8Array, start: number, end: number, out: LineInfo, utf8Checked: boolean): void {
    out.reset();
    this.decided = undefined;
    this.parsedRecord = undefined;
    // Message offsets stay relative to the line's first byte, byte order mark included.
    const lineStart = start;
    start += bomLength(b, start, end);
    const s = this.scanned;
    if (scanRecord(b, start, end, s)) {
      if (!utf8Checked && !isUtf8(b.subarray(start, end))) {
        out.problem = 'invalid UTF-8';
        return;
      }
      this.fromScan(b, lineStart, out);
      if (out.parsed) this.decided = 'scan';
      return;
    }
    if (s.unterminated && this.deferJsonProblems && !hasControlBytes(b, start, end) && (utf8Checked || isUtf8(b.subarray(start, end)))) {
      out.problem = JSON_PROBLEM_DEFERRED;
      return;
    }
    this.slowPath(b, start, end, out);
  }

  /** The problem of a whole line (without its newline) as the slow path words it: what a deferred problem stands for. */
  problemOfLine(line: Uint8Array): string {
    const out = new LineInfo();
    this.slowPath(line, bomLength(line, 0, line.length), line.length, out);
    return out.problem || 'malformed line';
  }

  private fromScan(b: Uint8Array, lineStart: number, out: LineInfo): void {
    const s = this.scanned;
    const t = s.type;
    // One test for the seven (lines that lack one are rare): each type XOR T_STRING is 0 only for a string.
    const notAllStrings =
      (t[F_TIMESTAMP] ^ T_STRING) | (t[F_LEVEL] ^ T_STRING) | (t[F_COMPONENT] ^ T_STRING) | (t[F_HOST] ^ T_STRING) | (t[F_RUN_ID] ^ T_STRING) | (t[F_LOGGER] ^ T_STRING) | (t[F_MESSAGE] ^ T_STRING);
    for (let k = 0; notAllStrings !== 0 && k < REQUIRED.length; k++) {
      if (t[REQUIRED[k]] === T_STRING) continue;
      this.readTime(b, out);
      const missing = REQUIRED.filter((f) => s.type[f] === T_ABSENT);
      out.problem = missing.length
        ? missingProblem(missing.map((f) => FIELD_NAMES[f]))
        : `field "${FIELD_NAMES[REQUIRED[k]]}" is not a string`;
      return;
    }
    const level = levelOf(b, s.start[F_LEVEL], s.end[F_LEVEL]);
    if (level === LEVEL_NONE) {
      this.readTime(b, out);
      out.problem = `unknown level "${clip(decodeJsonString(b, s.start[F_LEVEL], s.end[F_LEVEL], s.escaped[F_LEVEL] === 1))}"`;
      return;
    }
    this.readTime(b, out);
    if (Number.isNaN(out.time)) {
      out.problem = `invalid timestamp "${clip(decodeJsonString(b, s.start[F_TIMESTAMP], s.end[F_TIMESTAMP], s.escaped[F_TIMESTAMP] === 1))}"`;
      return;
    }
    out.parsed = true;
    out.level = level;
    out.component = this.component.get(b, s.start[F_COMPONENT], s.end[F_COMPONENT], s.escaped[F_COMPONENT] === 1);
    if (this.componentOnly) {
      this.messageOf(s, lineStart, out);
      return;
    }
    out.host = this.host.get(b, s.start[F_HOST], s.end[F_HOST], s.escaped[F_HOST] === 1);
    let labelKey = this.component.lastId * ID_BASE + this.host.lastId;
    if (this.component.lastId < 0 || this.host.lastId < 0) labelKey = -1;
    let workloadId = 0;
    if (s.type[F_WORKLOAD] === T_STRING) {
      out.workload = this.workload.get(b, s.start[F_WORKLOAD], s.end[F_WORKLOAD], s.escaped[F_WORKLOAD] === 1);
      workloadId = this.workload.lastId;
    }
    let phaseId = 0;
    if (s.type[F_PHASE] === T_STRING) {
      out.phase = this.phase.get(b, s.start[F_PHASE], s.end[F_PHASE], s.escaped[F_PHASE] === 1);
      phaseId = this.phase.lastId;
    }
    if (s.type[F_REPETITION] === T_INTEGER) out.repetition = s.integer;
    if (labelKey >= 0 && workloadId >= 0 && phaseId >= 0 && out.repetition < REPETITION_BASE - 1) {
      out.labelKey = ((labelKey * ID_BASE + workloadId) * ID_BASE + phaseId) * REPETITION_BASE + out.repetition + 1;
    }
    this.messageOf(s, lineStart, out);
  }

  private messageOf(s: ScannedFields, lineStart: number, out: LineInfo): void {
    out.messageStart = s.start[F_MESSAGE] - lineStart;
    out.messageEnd = s.end[F_MESSAGE] - lineStart;
    out.messageEscaped = s.escaped[F_MESSAGE] === 1;
  }

  private readTime(b: Uint8Array, out: LineInfo): void {
    const s = this.scanned;
    if (s.type[F_TIMESTAMP] !== T_STRING) return;
    out.time =
      s.escaped[F_TIMESTAMP] === 1
        ? parseIsoTimestampString(decodeJsonString(b, s.start[F_TIMESTAMP], s.end[F_TIMESTAMP], true))
        : parseIsoTimestamp(b, s.start[F_TIMESTAMP], s.end[F_TIMESTAMP]);
  }

  /** Lines the scanner rejected or could not decide: JSON.parse gives the verdict and the error's wording. */
  private slowPath(b: Uint8Array, start: number, end: number, out: LineInfo): void {
    // A CRLF line ending is not part of the line (it matters for the wording of JSON.parse's errors).
    if (end > start && b[end - 1] === 0x0d) end--;
    let i = start;
    while (i < end && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0d)) i++;
    if (i === end) {
      out.problem = 'empty line';
      return;
    }
    if (hasControlBytes(b, start, end)) {
      out.problem = 'binary data (control bytes)';
      return;
    }
    const bytes = b.subarray(start, end);
    if (!isUtf8(bytes)) {
      out.problem = 'invalid UTF-8';
      return;
    }
    let value: unknown;
    // JSON.parse's error is only read for its message: without a stack trace it costs half as much.
    const traceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
    } catch (err) {
      out.problem = `invalid JSON: ${clip((err as Error).message, 120)}`;
      return;
    } finally {
      Error.stackTraceLimit = traceLimit;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      out.problem = 'not a JSON object';
      return;
    }
    classifyRecordObject(value as Record<string, unknown>, out);
    if (out.parsed) {
      this.decided = 'parse';
      this.parsedRecord = value as Record<string, unknown>;
    }
  }
}

/** The checks of fromScan, on the object JSON.parse made of a line the fast scanner could not decide. */
function classifyRecordObject(record: Record<string, unknown>, out: LineInfo): void {
  const names = ['timestamp', 'level', 'component', 'host', 'run_id', 'logger', 'message'];
  if (typeof record.timestamp === 'string') out.time = parseIsoTimestampString(record.timestamp);
  const missing = names.filter((n) => record[n] === undefined);
  if (missing.length) {
    out.problem = missingProblem(missing);
    return;
  }
  const notString = names.find((n) => typeof record[n] !== 'string');
  if (notString) {
    out.problem = `field "${notString}" is not a string`;
    return;
  }
  const level = LEVEL_NAMES.indexOf(record.level as LogLevel);
  if (level < 0) {
    out.problem = `unknown level "${clip(record.level as string)}"`;
    return;
  }
  if (Number.isNaN(out.time)) {
    out.problem = `invalid timestamp "${clip(record.timestamp as string)}"`;
    return;
  }
  out.parsed = true;
  out.level = level;
  out.message = record.message as string;
  out.component = record.component as string;
  out.host = record.host as string;
  if (typeof record.workload === 'string') out.workload = record.workload;
  const rep = record.repetition;
  if (typeof rep === 'number' && isRepetition(rep)) out.repetition = rep;
  const tags = record.tags;
  if (tags && typeof tags === 'object' && !Array.isArray(tags)) {
    const phase = (tags as Record<string, unknown>).phase;
    if (typeof phase === 'string') out.phase = phase;
  }
}

function levelOf(b: Uint8Array, start: number, end: number): number {
  const len = end - start;
  for (let l = 0; l < LEVEL_BYTES.length; l++) {
    const name = LEVEL_BYTES[l];
    if (name.length !== len || name[0] !== b[start]) continue;
    let k = 1;
    while (k < len && b[start + k] === name[k]) k++;
    if (k === len) return l;
  }
  return LEVEL_NONE;
}

function missingProblem(names: string[]): string {
  return `missing required field${names.length > 1 ? 's' : ''}: ${names.join(', ')}`;
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
