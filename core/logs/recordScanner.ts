// A strict JSON scanner over the bytes of one JSONL line that records where the few fields the log engine
// needs are, without building the record. It accepts exactly what JSON.parse accepts (RFC 8259) except for
// what it leaves undecided (escaped keys, very deep nesting): it then answers `false` and the caller falls
// back to JSON.parse, so the classification of a line never depends on which path ran.
//
// Contract: the byte at `end` is the line's newline (0x0a), so the inner loops stop on it without a bounds
// check. The word-at-a-time string loop may read whole words past it, within `b`: the newline flags first.

export const F_TIMESTAMP = 0;
export const F_LEVEL = 1;
export const F_COMPONENT = 2;
export const F_HOST = 3;
export const F_RUN_ID = 4;
export const F_LOGGER = 5;
export const F_MESSAGE = 6;
export const F_WORKLOAD = 7;
export const F_REPETITION = 8;
export const F_PHASE = 9;
/** Fields lb makes Loki labels of, which only a push reads. */
export const F_PACKAGE = 10;
export const F_PLUGIN = 11;
export const F_SCENARIO = 12;
const F_TAGS = 13;
const F_OTHER = -1;
const FIELD_COUNT = 13;
export const FIELD_NAMES = ['timestamp', 'level', 'component', 'host', 'run_id', 'logger', 'message', 'workload', 'repetition', 'tags.phase', 'package', 'plugin', 'scenario'];

export const T_ABSENT = 0;
export const T_STRING = 1;
export const T_INTEGER = 2;
export const T_OTHER = 3;

/**
 * Where each field's value is: for strings the bytes between the quotes, `escaped` when they hold escapes; for
 * the repetition the value's bytes whatever its type.
 */
export class ScannedFields {
  readonly type = new Uint8Array(FIELD_COUNT);
  readonly start = new Int32Array(FIELD_COUNT);
  readonly end = new Int32Array(FIELD_COUNT);
  readonly escaped = new Uint8Array(FIELD_COUNT);
  /** Value of an integer field (repetition). */
  integer = 0;
  /**
   * Set when the scan failed because it reached the line's end before the object closed (a line cut short,
   * inside a key, a string, a number or between them): JSON.parse refuses such a line whatever came before.
   */
  unterminated = false;

  reset(): void {
    this.type.fill(0);
  }
}

/** Whitespace inside a line: the newline is not one of them, so every loop stops at the line's end. */
const WS = new Uint8Array(256);
WS[0x20] = WS[0x09] = WS[0x0d] = 1;
/** Bytes that end the fast run through a string: quote, backslash, control characters (incl. the newline). */
const STR_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STR_STOP[c] = 1;
STR_STOP[0x22] = STR_STOP[0x5c] = 1;
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
const DIGIT = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) DIGIT[c] = 1;
const MAX_DEPTH = 64;

/** Index after the escape sequence at `i` (a backslash), or -1. */
function escapeEnd(b: Uint8Array, i: number): number {
  const n = b[i + 1];
  if (n === 0x75) return HEX[b[i + 2]] && HEX[b[i + 3]] && HEX[b[i + 4]] && HEX[b[i + 5]] ? i + 6 : -1;
  return SIMPLE_ESCAPE[n] === 1 ? i + 2 : -1;
}

/**
 * A mask whose lowest set bit is the high bit of the first of the four bytes of `w` (little-endian) that is a
 * quote, a backslash or a control character (below 0x20); 0 when none is. Exact word-at-a-time tests
 * ("haszero" of w ^ quote and of w ^ backslash, "hasless" 0x20; Anderson's bit hacks): a borrow can only flag
 * bytes above a byte that truly matches, so the lowest flag is a true one.
 */
function stopMask(w: number): number {
  const q = w ^ 0x22222222;
  const e = w ^ 0x5c5c5c5c;
  return (((q - 0x01010101) & ~q) | ((e - 0x01010101) & ~e) | ((w - 0x20202020) & ~w)) & 0x80808080;
}

/** Index of the byte flagged by the lowest set bit of a stopMask. */
function flaggedByte(mask: number): number {
  return (31 - Math.clz32(mask & -mask)) >> 3;
}

let stringEscaped = false;

/** `i` is just after the opening quote; returns the index after the closing quote, or -1. */
function scanString(b: Uint8Array, i: number): number {
  const stop = STR_STOP;
  let escaped = false;
  for (;;) {
    let c = b[i];
    while (stop[c] === 0) c = b[++i];
    if (c === 0x22) break;
    if (c !== 0x5c) return -1;
    i = escapeEnd(b, i);
    if (i < 0) return -1;
    escaped = true;
  }
  stringEscaped = escaped;
  return i + 1;
}

function skipWs(b: Uint8Array, i: number): number {
  while (WS[b[i]] === 1) i++;
  return i;
}

function scanNumber(b: Uint8Array, i: number): number {
  const digit = DIGIT;
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (b[i] >= 0x31 && b[i] <= 0x39) while (digit[b[++i]] === 1);
  else return -1;
  if (b[i] === 0x2e) {
    if (digit[b[++i]] !== 1) return -1;
    while (digit[b[++i]] === 1);
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (digit[b[i]] !== 1) return -1;
    while (digit[b[++i]] === 1);
  }
  return i;
}

function scanLiteral(b: Uint8Array, i: number, word: Uint8Array): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return -1;
  return i + word.length;
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/** Skips any JSON value starting at `i` (no whitespace before it); returns the index after it, or -1. */
function skipValue(b: Uint8Array, i: number, depth: number): number {
  const c = b[i];
  if (c === 0x22) return scanString(b, i + 1);
  if (c === 0x7b || c === 0x5b) return skipContainer(b, i, depth + 1);
  if (c === 0x74) return scanLiteral(b, i, TRUE);
  if (c === 0x66) return scanLiteral(b, i, FALSE);
  if (c === 0x6e) return scanLiteral(b, i, NULL);
  return scanNumber(b, i);
}

function skipContainer(b: Uint8Array, i: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  const isObject = b[i] === 0x7b;
  const close = isObject ? 0x7d : 0x5d;
  i = skipWs(b, i + 1);
  if (b[i] === close) return i + 1;
  for (;;) {
    if (isObject) {
      if (b[i] !== 0x22) return -1;
      i = scanString(b, i + 1);
      if (i < 0) return -1;
      i = skipWs(b, i);
      if (b[i] !== 0x3a) return -1;
      i = skipWs(b, i + 1);
    }
    i = skipValue(b, i, depth);
    if (i < 0) return -1;
    i = skipWs(b, i);
    if (b[i] === 0x2c) {
      i = skipWs(b, i + 1);
      continue;
    }
    return b[i] === close ? i + 1 : -1;
  }
}

/** The little-endian 32-bit word of four bytes of `text` from `at`, as DataView#getInt32(_, true) reads them. */
function word(text: string, at: number): number {
  return Buffer.from(text, 'latin1').readInt32LE(at);
}

/**
 * A key the engine reads (or skips often: lb's `event_type`), found by its first four bytes and confirmed by
 * its last four (and the middle four of keys over 8 bytes) and the closing quote: three loads and a table
 * probe instead of a byte loop over the key and a comparison; keys are most of what the scanner looks at.
 * The words cover every byte of a key of 4 to 12 bytes, so a key that runs past the line's newline never
 * matches.
 */
interface KnownKey {
  field: number;
  length: number;
  head: number;
  tail: number;
  middle: number;
  /** All ones when `middle` counts (keys over 8 bytes), else 0. */
  middleMask: number;
  name: Uint8Array;
}

const KEY_SLOTS = 64;
/** Marks an empty slot of the key table; never returned as a match (its length keeps the probe's reads in place). */
const NO_KEY: KnownKey = { field: F_OTHER, length: 4, head: 0, tail: 0, middle: 0, middleMask: 0, name: new Uint8Array(0) };
const KEY_TABLE: KnownKey[] = new Array<KnownKey>(KEY_SLOTS).fill(NO_KEY);

function keySlot(head: number): number {
  return Math.imul(head, 0x9e3779b1) >>> 26;
}

function knownKey(name: string, field: number): KnownKey {
  if (name.length < 4 || name.length > 12) throw new Error(`known key "${name}": the scanner's words cover keys of 4 to 12 bytes`);
  const long = name.length > 8;
  return {
    field,
    length: name.length,
    head: word(name, 0),
    tail: word(name, name.length - 4),
    middle: long ? word(name, 4) : 0,
    middleMask: long ? -1 : 0,
    name: Buffer.from(name, 'latin1'),
  };
}

const KNOWN_KEYS: KnownKey[] = (
  [
    ['timestamp', F_TIMESTAMP],
    ['level', F_LEVEL],
    ['component', F_COMPONENT],
    ['host', F_HOST],
    ['run_id', F_RUN_ID],
    ['logger', F_LOGGER],
    ['message', F_MESSAGE],
    ['event_type', F_OTHER],
    ['workload', F_WORKLOAD],
    ['package', F_PACKAGE],
    ['plugin', F_PLUGIN],
    ['scenario', F_SCENARIO],
    ['repetition', F_REPETITION],
    ['tags', F_TAGS],
  ] as Array<[string, number]>
).map(([name, field]) => knownKey(name, field));
for (const key of KNOWN_KEYS) {
  // One slot per key, so a probe is one load: a key added later must keep the slots distinct.
  const slot = keySlot(key.head);
  if (KEY_TABLE[slot] !== NO_KEY) throw new Error(`known keys share the slot ${slot}: change keySlot`);
  KEY_TABLE[slot] = key;
}
const PHASE = knownKey('phase', F_PHASE);

/**
 * The known key whose bytes start at `s` and end with a quote, or NO_KEY: the key is another one or escaped,
 * or lies within 11 bytes of the end of `b` (`limit`), where the caller's knownKeyOf decides. One branch: in a
 * line whose keys come in any order, a branch per comparison would be mispredicted again and again.
 */
function keyAt(dv: DataView, b: Uint8Array, s: number, limit: number): KnownKey {
  if (s + 11 > limit) return NO_KEY;
  const head = dv.getInt32(s, true);
  const key = KEY_TABLE[keySlot(head)];
  const e = s + key.length;
  const differs = (key.head ^ head) | (b[e] ^ 0x22) | (dv.getInt32(e - 4, true) ^ key.tail) | ((dv.getInt32(s + 4, true) ^ key.middle) & key.middleMask);
  return differs === 0 ? key : NO_KEY;
}

/** The field of the key b[s, e) by comparing its bytes: for the keys keyAt does not decide (F_OTHER: none). */
function knownFieldOf(b: Uint8Array, s: number, e: number): number {
  for (const key of KNOWN_KEYS) if (key.length === e - s && scanLiteral(b, s, key.name) === e) return key.field;
  return F_OTHER;
}

/**
 * DataViews of the last two buffers read (the line being scanned, and the pattern miner's buffer of a
 * message's words, alternating line by line): made once per buffer, not per line.
 */
const viewed: Array<Uint8Array | undefined> = [undefined, undefined];
const views: DataView[] = [new DataView(new ArrayBuffer(0)), new DataView(new ArrayBuffer(0))];
let older = 0;

export function viewOf(b: Uint8Array): DataView {
  if (b === viewed[0]) return views[0];
  if (b === viewed[1]) return views[1];
  const k = older;
  older ^= 1;
  viewed[k] = b;
  views[k] = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return views[k];
}

/** The `tags` object: records `phase` when it is a string, skips everything else. */
function scanTags(b: Uint8Array, i: number, out: ScannedFields): number {
  out.type[F_PHASE] = T_ABSENT;
  i = skipWs(b, i + 1);
  if (b[i] === 0x7d) return i + 1;
  for (;;) {
    if (b[i] !== 0x22) return -1;
    const keyStart = i + 1;
    i = scanString(b, keyStart);
    if (i < 0 || stringEscaped) return -1;
    const dv = viewOf(b);
    const isPhase = i - 1 - keyStart === PHASE.length && dv.getInt32(keyStart, true) === PHASE.head && dv.getInt32(keyStart + 1, true) === PHASE.tail;
    i = skipWs(b, i);
    if (b[i] !== 0x3a) return -1;
    i = skipWs(b, i + 1);
    if (isPhase && b[i] === 0x22) {
      const valueStart = i + 1;
      i = scanString(b, valueStart);
      if (i < 0) return -1;
      out.type[F_PHASE] = T_STRING;
      out.start[F_PHASE] = valueStart;
      out.end[F_PHASE] = i - 1;
      out.escaped[F_PHASE] = stringEscaped ? 1 : 0;
    } else {
      if (isPhase) out.type[F_PHASE] = T_OTHER;
      i = skipValue(b, i, 1);
      if (i < 0) return -1;
    }
    i = skipWs(b, i);
    if (b[i] === 0x2c) {
      i = skipWs(b, i + 1);
      continue;
    }
    return b[i] === 0x7d ? i + 1 : -1;
  }
}

/** Repetitions are small non-negative integers; any other number is ignored the same way on both paths. */
export function isRepetition(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= 1e9;
}

function readInteger(b: Uint8Array, start: number, end: number, out: ScannedFields): void {
  out.start[F_REPETITION] = start;
  out.end[F_REPETITION] = end;
  let v = 0;
  for (let k = start; k < end; k++) {
    const d = b[k] - 0x30;
    if (d < 0 || d > 9) {
      v = Number(Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1'));
      break;
    }
    v = v * 10 + d;
  }
  if (isRepetition(v)) {
    out.type[F_REPETITION] = T_INTEGER;
    out.integer = v;
  } else {
    out.type[F_REPETITION] = T_OTHER;
  }
}

/** A failed scan that stopped at `i`: the line was cut short when `i` is at its end. */
function refused(out: ScannedFields, i: number, end: number): false {
  out.unterminated = i >= end;
  return false;
}

/**
 * Scans the line [start, end) as one JSON object. Returns true when the line is valid JSON and an object,
 * with the fields recorded in `out`; false when it is not, or the fast path cannot decide.
 * `b[end]` must be the line's newline (0x0a): every loop stops there without bounds checks.
 */
export function scanRecord(b: Uint8Array, start: number, end: number, out: ScannedFields): boolean {
  const ws = WS;
  const stop = STR_STOP;
  const type = out.type;
  const dv = viewOf(b);
  const limit = dv.byteLength;
  for (let f = 0; f < FIELD_COUNT; f++) type[f] = 0;
  out.unterminated = false;
  let i = start;
  while (ws[b[i]] === 1) i++;
  if (b[i] !== 0x7b) return false;
  i++;
  while (ws[b[i]] === 1) i++;
  if (b[i] === 0x7d) return skipWs(b, i + 1) === end;
  for (;;) {
    if (b[i] !== 0x22) return refused(out, i, end);
    // The key: escaped keys are left to JSON.parse.
    const keyStart = ++i;
    const key = keyAt(dv, b, keyStart, limit);
    let field = key.field;
    let c: number;
    if (key !== NO_KEY) {
      i = keyStart + key.length;
    } else {
      c = b[i];
      while (stop[c] === 0) c = b[++i];
      if (c !== 0x22) return refused(out, i, end);
      field = knownFieldOf(b, keyStart, i);
    }
    i++;
    if (b[i] !== 0x3a) {
      while (ws[b[i]] === 1) i++;
      if (b[i] !== 0x3a) return refused(out, i, end);
    }
    i++;
    while (ws[b[i]] === 1) i++;
    c = b[i];
    if (c === 0x22) {
      const valueStart = ++i;
      let escaped = false;
      for (;;) {
        // Eight bytes at a time while none of them is a stop byte (values are most of a line's bytes). The
        // words may reach past `end`, into the next line: the newline at `end` is a stop byte, flagged first,
        // so a string cut short ends here like any other (no tail loop that only such lines would run). Only
        // within eight bytes of the buffer's end, then four at a time and byte by byte.
        let mask = 0;
        while (i + 8 <= limit) {
          if ((mask = stopMask(dv.getInt32(i, true))) !== 0) break;
          if ((mask = stopMask(dv.getInt32(i + 4, true))) !== 0) {
            i += 4;
            break;
          }
          i += 8;
        }
        if (mask === 0) while (i + 4 <= limit && (mask = stopMask(dv.getInt32(i, true))) === 0) i += 4;
        if (mask !== 0) i += flaggedByte(mask);
        else while (stop[b[i]] === 0) i++;
        c = b[i];
        if (c === 0x22) break;
        if (c !== 0x5c) return refused(out, i, end);
        i = escapeEnd(b, i);
        if (i < 0) return false;
        escaped = true;
      }
      if (field >= 0) {
        if (field === F_TAGS) {
          type[F_PHASE] = T_ABSENT;
        } else {
          type[field] = T_STRING;
          out.start[field] = valueStart;
          out.end[field] = i;
          out.escaped[field] = escaped ? 1 : 0;
        }
      }
      i++;
    } else if (c === 0x7b && field === F_TAGS) {
      i = scanTags(b, i, out);
      if (i < 0) return false;
    } else {
      const valueStart = i;
      i = skipValue(b, i, 0);
      // A value missing at the line's end (the line stops after a colon).
      if (i < 0) return refused(out, valueStart, end);
      if (field === F_REPETITION) readInteger(b, valueStart, i, out);
      else if (field === F_TAGS) type[F_PHASE] = T_ABSENT;
      else if (field >= 0) type[field] = T_OTHER;
    }
    c = b[i];
    if (ws[c] === 1) {
      while (ws[b[i]] === 1) i++;
      c = b[i];
    }
    if (c === 0x2c) {
      i++;
      while (ws[b[i]] === 1) i++;
      continue;
    }
    if (c !== 0x7d) return refused(out, i, end);
    i++;
    while (ws[b[i]] === 1) i++;
    return i === end;
  }
}
