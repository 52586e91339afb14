// A message as the template miner sees it: whitespace-separated tokens, with the parts that vary between
// occurrences of one message already replaced by the wildcard (numbers, ids, hex, uuids, IPs, durations, paths,
// URLs, dotted host names and quoted strings), so the prefix tree and the similarity only compare words.
// Every record of a mined run goes through here, so words are read character by character instead of through
// regular expressions (the rules are written as expressions in the comments; a test checks both agree).

export const WILDCARD = '<*>';

/** Longest message text considered, and most tokens kept: a huge message must not make a huge template. */
export const MAX_MESSAGE_CHARS = 4096;
export const MAX_TOKENS = 100;

// Quoted strings only at word boundaries, so apostrophes inside words ("don't") are not quotes.
const QUOTED = /(?<=^|[\s=:([{,])(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')(?=$|[\s,;:)\]}.])/g;

function asciiSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (const c of chars) set[c.charCodeAt(0)] = 1;
  return set;
}

const DIGITS = '0123456789';
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** A word without any of these is a constant word as it is (most words): no further look. `[\d/\\.:=()[\]{},;!?]` */
const NOT_PLAIN = asciiSet(`${DIGITS}/\\.:=()[]{},;!?`);
/** Punctuation around a word stays in the pattern: "(cpu=<*>," reads better than "<*>". `^([([{]*)(.*?)([)\]},;:.!?]*)$` */
const LEAD = asciiSet('([{');
const TRAIL = asciiSet(')]},;:.!?');
const IS_DIGIT = asciiSet(DIGITS);
const IS_LETTER = asciiSet(LETTERS);
/** `\w` */
const WORD = asciiSet(`${LETTERS}${DIGITS}_`);
/** `[\w.-]`, the characters of a key after its first (`[A-Za-z_]`). */
const KEY = asciiSet(`${LETTERS}${DIGITS}_.-`);
/** `[a-z0-9-]` with the i flag, a label of a dotted host name. */
const HOST_LABEL = asciiSet(`${LETTERS}${DIGITS}-`);

/** JavaScript's `\s`: ASCII whitespace and the Unicode space separators, line separators and the BOM. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function inSet(set: Uint8Array, c: number): boolean {
  return c < 128 && set[c] === 1;
}

function hasDigit(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (inSet(IS_DIGIT, w.charCodeAt(i))) return true;
  return false;
}

/** `^[A-Za-z]:\\` */
function startsWithDrive(w: string): boolean {
  return w.length >= 3 && inSet(IS_LETTER, w.charCodeAt(0)) && w.charCodeAt(1) === 0x3a && w.charCodeAt(2) === 0x5c;
}

/** `^(?:~|\.{1,2})?\/|^[A-Za-z]:\\|\\|:\/\/`: a path or a URL. */
function isPathStart(w: string): boolean {
  let i = 0;
  if (w.charCodeAt(0) === 0x7e) i = 1;
  else if (w.charCodeAt(0) === 0x2e) i = w.charCodeAt(1) === 0x2e ? 2 : 1;
  return w.charCodeAt(i) === 0x2f || w.charCodeAt(0) === 0x2f || startsWithDrive(w) || w.includes('\\') || w.includes('://');
}

/** `\/[^/]*\.[A-Za-z]\w*$`: a file name with an extension after the last slash. */
function isFileName(w: string): boolean {
  const slash = w.lastIndexOf('/');
  const dot = w.lastIndexOf('.');
  if (slash < 0 || dot < slash || !inSet(IS_LETTER, w.charCodeAt(dot + 1))) return false;
  for (let i = dot + 2; i < w.length; i++) if (!inSet(WORD, w.charCodeAt(i))) return false;
  return true;
}

/** `^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+){2,}$` (case-insensitive): a host name of three labels or more. */
function isDottedHost(w: string): boolean {
  if (!inSet(IS_LETTER, w.charCodeAt(0))) return false;
  let dots = 0;
  let labelLength = 1;
  for (let i = 1; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c === 0x2e) {
      if (labelLength === 0) return false;
      dots++;
      labelLength = 0;
    } else if (inSet(HOST_LABEL, c)) {
      labelLength++;
    } else {
      return false;
    }
  }
  return dots >= 2 && labelLength > 0;
}

/** A word that differs between occurrences of one message. */
export function isVariable(word: string): boolean {
  return hasDigit(word) || isPathStart(word) || isFileName(word) || isDottedHost(word);
}

/** Where the key of `key=value` / `key:value` ends (at its `=` or `:`), or -1: `^([A-Za-z_][\w.-]*)([=:])(.+)$`. */
function keyEnd(core: string): number {
  const c0 = core.charCodeAt(0);
  if (!(inSet(IS_LETTER, c0) || c0 === 0x5f)) return -1;
  let k = 1;
  while (k < core.length && inSet(KEY, core.charCodeAt(k))) k++;
  const sep = core.charCodeAt(k);
  return (sep === 0x3d || sep === 0x3a) && k + 1 < core.length ? k : -1;
}

function maskWord(token: string): string {
  if (token === WILDCARD) return token;
  let plain = true;
  for (let i = 0; i < token.length && plain; i++) plain = !inSet(NOT_PLAIN, token.charCodeAt(i));
  if (plain) return token;
  let a = 0;
  while (a < token.length && inSet(LEAD, token.charCodeAt(a))) a++;
  let z = token.length;
  while (z > a && inSet(TRAIL, token.charCodeAt(z - 1))) z--;
  const core = token.slice(a, z);
  if (core === '' || core === WILDCARD) return token;
  // A Windows path ("C:\\temp") is not a key "C" with a value; `key=value` keeps its key: "cpu=<*>" says more than "<*>".
  const k = startsWithDrive(core) ? -1 : keyEnd(core);
  if (k >= 0) {
    const value = core.slice(k + 1);
    if (value !== WILDCARD) return `${token.slice(0, a + k + 1)}${isVariable(value) ? WILDCARD : value}${token.slice(z)}`;
  }
  return isVariable(core) ? `${token.slice(0, a)}${WILDCARD}${token.slice(z)}` : token;
}

/** The message's tokens with variable parts masked; a message cut for length ends with a wildcard. */
export function messageTokens(message: string): string[] {
  const cut = message.length > MAX_MESSAGE_CHARS;
  let text = cut ? message.slice(0, MAX_MESSAGE_CHARS) : message;
  if (text.includes('"') || text.includes("'")) text = text.replace(QUOTED, WILDCARD);
  const tokens: string[] = [];
  let more = false;
  for (let i = 0; i < text.length; ) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i === text.length) break;
    const start = i;
    while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
    if (tokens.length === MAX_TOKENS) {
      more = true;
      break;
    }
    tokens.push(maskWord(text.slice(start, i)));
  }
  if (cut || more) tokens[Math.min(tokens.length, MAX_TOKENS - 1)] = WILDCARD;
  return tokens;
}
