// A strict JSON scanner over the bytes of one JSONL line that records where the few fields the log engine
// needs are, without building the record. It accepts exactly what JSON.parse accepts (RFC 8259) except for
// what it leaves undecided (escaped keys, very deep nesting): it then answers `false` and the caller falls
// back to JSON.parse, so the classification of a line never depends on which path ran.
//
// Contract: the byte at `end` (the line's newline, or a sentinel) exists and is not part of the line, so the
// inner loops can stop on it without a bounds check.

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
const F_TAGS = 10;
const F_OTHER = -1;
export const FIELD_COUNT = 10;
export const FIELD_NAMES = ['timestamp', 'level', 'component', 'host', 'run_id', 'logger', 'message', 'workload', 'repetition', 'tags.phase'];

export const T_ABSENT = 0;
export const T_STRING = 1;
export const T_INTEGER = 2;
export const T_OTHER = 3;

/** Where each field's value is: for strings the bytes between the quotes, `escaped` when they hold escapes. */
export class ScannedFields {
  readonly type = new Uint8Array(FIELD_COUNT);
  readonly start = new Int32Array(FIELD_COUNT);
  readonly end = new Int32Array(FIELD_COUNT);
  readonly escaped = new Uint8Array(FIELD_COUNT);
  /** Value of an integer field (repetition). */
  integer = 0;

  reset(): void {
    this.type.fill(0);
  }
}

const WS = new Uint8Array(256);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;
/** Bytes that end the fast run through a string: quote, backslash, control characters. */
const STR_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STR_STOP[c] = 1;
STR_STOP[0x22] = STR_STOP[0x5c] = 1;
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
const MAX_DEPTH = 64;

let stringEscaped = false;

function skipWs(b: Uint8Array, i: number, end: number): number {
  while (i < end && WS[b[i]] === 1) i++;
  return i;
}

/** `i` is just after the opening quote; returns the index after the closing quote, or -1. */
function scanString(b: Uint8Array, i: number, end: number): number {
  let escaped = false;
  for (;;) {
    while (STR_STOP[b[i]] === 0) i++;
    if (i >= end) return -1;
    const c = b[i];
    if (c === 0x22) {
      stringEscaped = escaped;
      return i + 1;
    }
    if (c !== 0x5c) return -1;
    escaped = true;
    const n = b[i + 1];
    if (n === 0x75) {
      if (i + 5 >= end || !HEX[b[i + 2]] || !HEX[b[i + 3]] || !HEX[b[i + 4]] || !HEX[b[i + 5]]) return -1;
      i += 6;
    } else if (SIMPLE_ESCAPE[n] === 1 && i + 1 < end) {
      i += 2;
    } else {
      return -1;
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function scanNumber(b: Uint8Array, i: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (b[i] >= 0x31 && b[i] <= 0x39) while (isDigit(b[++i]));
  else return -1;
  if (b[i] === 0x2e) {
    if (!isDigit(b[++i])) return -1;
    while (isDigit(b[++i]));
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[++i]));
  }
  return i;
}

function scanLiteral(b: Uint8Array, i: number, end: number, word: Uint8Array): number {
  if (i + word.length > end) return -1;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return -1;
  return i + word.length;
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/** Skips any JSON value starting at `i` (no whitespace before it); returns the index after it, or -1. */
function skipValue(b: Uint8Array, i: number, end: number, depth: number): number {
  const c = b[i];
  if (c === 0x22) return scanString(b, i + 1, end);
  if (c === 0x7b || c === 0x5b) return skipContainer(b, i, end, depth + 1);
  if (c === 0x74) return scanLiteral(b, i, end, TRUE);
  if (c === 0x66) return scanLiteral(b, i, end, FALSE);
  if (c === 0x6e) return scanLiteral(b, i, end, NULL);
  if (c === 0x2d || isDigit(c)) {
    const j = scanNumber(b, i);
    return j > end ? -1 : j;
  }
  return -1;
}

function skipContainer(b: Uint8Array, i: number, end: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  const isObject = b[i] === 0x7b;
  const close = isObject ? 0x7d : 0x5d;
  i = skipWs(b, i + 1, end);
  if (b[i] === close && i < end) return i + 1;
  for (;;) {
    if (isObject) {
      if (b[i] !== 0x22 || i >= end) return -1;
      i = scanString(b, i + 1, end);
      if (i < 0) return -1;
      i = skipWs(b, i, end);
      if (b[i] !== 0x3a || i >= end) return -1;
      i = skipWs(b, i + 1, end);
    }
    if (i >= end) return -1;
    i = skipValue(b, i, end, depth);
    if (i < 0) return -1;
    i = skipWs(b, i, end);
    if (i >= end) return -1;
    if (b[i] === 0x2c) {
      i = skipWs(b, i + 1, end);
      continue;
    }
    if (b[i] === close) return i + 1;
    return -1;
  }
}

const KEYS: Array<[string, number]> = [
  ['timestamp', F_TIMESTAMP],
  ['level', F_LEVEL],
  ['component', F_COMPONENT],
  ['host', F_HOST],
  ['run_id', F_RUN_ID],
  ['logger', F_LOGGER],
  ['message', F_MESSAGE],
  ['workload', F_WORKLOAD],
  ['repetition', F_REPETITION],
  ['tags', F_TAGS],
];
/** Candidate keys by length and first byte, so most keys are rejected after two comparisons. */
const KEY_TABLE = new Map<number, Array<[Uint8Array, number]>>();
for (const [name, field] of KEYS) {
  const code = name.length * 256 + name.charCodeAt(0);
  const list = KEY_TABLE.get(code) ?? [];
  list.push([Buffer.from(name), field]);
  KEY_TABLE.set(code, list);
}
const PHASE_KEY = Buffer.from('phase');

function keyField(b: Uint8Array, start: number, end: number): number {
  const candidates = KEY_TABLE.get((end - start) * 256 + b[start]);
  if (candidates === undefined) return F_OTHER;
  for (const [name, field] of candidates) {
    let k = 1;
    while (k < name.length && b[start + k] === name[k]) k++;
    if (k === name.length) return field;
  }
  return F_OTHER;
}

function sameBytes(b: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (b[start + k] !== word[k]) return false;
  return true;
}

function setString(out: ScannedFields, field: number, start: number, end: number): void {
  out.type[field] = T_STRING;
  out.start[field] = start;
  out.end[field] = end;
  out.escaped[field] = stringEscaped ? 1 : 0;
}

/** The `tags` object: records `phase` when it is a string, skips everything else. */
function scanTags(b: Uint8Array, i: number, end: number, out: ScannedFields): number {
  out.type[F_PHASE] = T_ABSENT;
  i = skipWs(b, i + 1, end);
  if (b[i] === 0x7d && i < end) return i + 1;
  for (;;) {
    if (b[i] !== 0x22 || i >= end) return -1;
    const keyStart = i + 1;
    i = scanString(b, keyStart, end);
    if (i < 0 || stringEscaped) return -1;
    const isPhase = sameBytes(b, keyStart, i - 1, PHASE_KEY);
    i = skipWs(b, i, end);
    if (b[i] !== 0x3a || i >= end) return -1;
    i = skipWs(b, i + 1, end);
    if (i >= end) return -1;
    if (isPhase && b[i] === 0x22) {
      const valueStart = i + 1;
      i = scanString(b, valueStart, end);
      if (i < 0) return -1;
      setString(out, F_PHASE, valueStart, i - 1);
    } else {
      if (isPhase) out.type[F_PHASE] = T_OTHER;
      i = skipValue(b, i, end, 1);
      if (i < 0) return -1;
    }
    i = skipWs(b, i, end);
    if (i >= end) return -1;
    if (b[i] === 0x2c) {
      i = skipWs(b, i + 1, end);
      continue;
    }
    if (b[i] === 0x7d) return i + 1;
    return -1;
  }
}

/** Repetitions are small non-negative integers; any other number is ignored the same way on both paths. */
export function isRepetition(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= 1e9;
}

function readInteger(b: Uint8Array, start: number, end: number, out: ScannedFields): void {
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

/**
 * Scans the line [start, end) as one JSON object. Returns true when the line is valid JSON and an object,
 * with the fields recorded in `out`; false when it is not, or the fast path cannot decide.
 */
export function scanRecord(b: Uint8Array, start: number, end: number, out: ScannedFields): boolean {
  out.reset();
  let i = skipWs(b, start, end);
  if (b[i] !== 0x7b || i >= end) return false;
  i = skipWs(b, i + 1, end);
  if (b[i] === 0x7d && i < end) return skipWs(b, i + 1, end) === end;
  for (;;) {
    if (b[i] !== 0x22 || i >= end) return false;
    const keyStart = i + 1;
    i = scanString(b, keyStart, end);
    if (i < 0 || stringEscaped) return false;
    const field = keyField(b, keyStart, i - 1);
    i = skipWs(b, i, end);
    if (b[i] !== 0x3a || i >= end) return false;
    i = skipWs(b, i + 1, end);
    if (i >= end) return false;
    const c = b[i];
    if (c === 0x22) {
      const valueStart = i + 1;
      i = scanString(b, valueStart, end);
      if (i < 0) return false;
      if (field === F_TAGS) out.type[F_PHASE] = T_ABSENT;
      else if (field !== F_OTHER) setString(out, field, valueStart, i - 1);
    } else if (field === F_TAGS && c === 0x7b) {
      i = scanTags(b, i, end, out);
      if (i < 0) return false;
    } else {
      const valueStart = i;
      i = skipValue(b, i, end, 0);
      if (i < 0) return false;
      if (field === F_REPETITION) readInteger(b, valueStart, i, out);
      else if (field === F_TAGS) out.type[F_PHASE] = T_ABSENT;
      else if (field !== F_OTHER) out.type[field] = T_OTHER;
    }
    i = skipWs(b, i, end);
    if (i >= end) return false;
    if (b[i] === 0x2c) {
      i = skipWs(b, i + 1, end);
      continue;
    }
    if (b[i] === 0x7d) return skipWs(b, i + 1, end) === end;
    return false;
  }
}
