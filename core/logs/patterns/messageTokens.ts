// A message as the template miner sees it: whitespace-separated tokens, with the parts that vary between
// occurrences of one message already replaced by the wildcard (numbers, ids, hex, uuids, IPs, durations, paths,
// URLs, dotted host names and quoted strings), so the prefix tree and the similarity only compare words.
// Every record of a mined run goes through here, so words are read character by character instead of through
// regular expressions (the rules are written as expressions in the comments; a test checks both agree).
import { FNV_OFFSET, type FieldInterner, fnvStep } from '../lineClassifier';

export const WILDCARD = '<*>';

/** Longest message text considered, and most tokens kept: a huge message must not make a huge template. */
export const MAX_MESSAGE_CHARS = 4096;
export const MAX_TOKENS = 100;

// Quoted strings only at word boundaries, so apostrophes inside words ("don't") are not quotes.
const QUOTED = /(?<=^|[\s=:([{,])(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')(?=$|[\s,;:)\]}.])/g;

/** A set of ASCII characters as a table of all 256 codes (the codes read are bytes, or text mapped to bytes). */
function asciiSet(chars: string): Uint8Array {
  const set = new Uint8Array(256);
  for (const c of chars) set[c.charCodeAt(0)] = 1;
  return set;
}

const DIGITS = '0123456789';
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** A word without any of these is a constant word as it is (most words): no further look. `[\d/\\.:=()[\]{},;!?]` */
const NOT_PLAIN = asciiSet(`${DIGITS}/\\.:=()[]{},;!?`);
/** Kinds of codes the word loop tells apart in one table look-up. */
const K_NOT_PLAIN = 1;
/** Bytes a message is not read from as bytes: non-ASCII, control characters, quotes, the backslash of escapes. */
const K_NOT_BYTES = 2;
const KIND = new Uint8Array(256);
for (let c = 0; c < 256; c++) KIND[c] = NOT_PLAIN[c] | (c >= 0x80 || c < 0x20 || c === 0x22 || c === 0x27 || c === 0x5c ? K_NOT_BYTES : 0);
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

// The rules below read a word as codes: ASCII characters as they are, any other character as NON_ASCII (no
// rule names one), whitespace as a space. Text (UTF-16) and the bytes of an ASCII message both read that way,
// with the same positions, so one implementation serves the decoded message and the line's bytes.
const NON_ASCII = 0x80;
const SPACE = 0x20;

function inSet(set: Uint8Array, c: number): boolean {
  return set[c] === 1;
}

/** `^[A-Za-z]:\\` */
function startsWithDrive(w: Uint8Array, s: number, e: number): boolean {
  return e - s >= 3 && inSet(IS_LETTER, w[s]) && w[s + 1] === 0x3a && w[s + 2] === 0x5c;
}

function includes(w: Uint8Array, s: number, e: number, c: number): boolean {
  for (let i = s; i < e; i++) if (w[i] === c) return true;
  return false;
}

function lastIndexOf(w: Uint8Array, s: number, e: number, c: number): number {
  for (let i = e - 1; i >= s; i--) if (w[i] === c) return i;
  return -1;
}

/** `^(?:~|\.{1,2})?\/|^[A-Za-z]:\\|\\|:\/\/`: a path or a URL. */
function isPathStart(w: Uint8Array, s: number, e: number): boolean {
  let i = s;
  if (w[s] === 0x7e) i = s + 1;
  else if (w[s] === 0x2e) i = w[s + 1] === 0x2e ? s + 2 : s + 1;
  if ((i < e && w[i] === 0x2f) || w[s] === 0x2f || startsWithDrive(w, s, e) || includes(w, s, e, 0x5c)) return true;
  for (let k = s; k + 2 < e; k++) if (w[k] === 0x3a && w[k + 1] === 0x2f && w[k + 2] === 0x2f) return true;
  return false;
}

/** `\/[^/]*\.[A-Za-z]\w*$`: a file name with an extension after the last slash. */
function isFileName(w: Uint8Array, s: number, e: number): boolean {
  const slash = lastIndexOf(w, s, e, 0x2f);
  const dot = lastIndexOf(w, s, e, 0x2e);
  if (slash < 0 || dot < slash || dot + 1 >= e || !inSet(IS_LETTER, w[dot + 1])) return false;
  for (let i = dot + 2; i < e; i++) if (!inSet(WORD, w[i])) return false;
  return true;
}

/** `^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+){2,}$` (case-insensitive): a host name of three labels or more. */
function isDottedHost(w: Uint8Array, s: number, e: number): boolean {
  if (!inSet(IS_LETTER, w[s])) return false;
  let dots = 0;
  let labelLength = 1;
  for (let i = s + 1; i < e; i++) {
    const c = w[i];
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
function isVariable(w: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (inSet(IS_DIGIT, w[i])) return true;
  return isPathStart(w, s, e) || isFileName(w, s, e) || isDottedHost(w, s, e);
}

function isWildcard(w: Uint8Array, s: number, e: number): boolean {
  return e - s === 3 && w[s] === 0x3c && w[s + 1] === 0x2a && w[s + 2] === 0x3e;
}

/** Where the key of `key=value` / `key:value` ends (at its `=` or `:`), or -1: `^([A-Za-z_][\w.-]*)([=:])(.+)$`. */
function keyEnd(w: Uint8Array, s: number, e: number): number {
  if (!(inSet(IS_LETTER, w[s]) || w[s] === 0x5f)) return -1;
  let k = s + 1;
  while (k < e && inSet(KEY, w[k])) k++;
  return k + 1 < e && (w[k] === 0x3d || w[k] === 0x3a) ? k : -1;
}

/** The part of the word [s, e) that becomes the wildcard, set by variablePart: [cutFrom, cutTo). */
let cutFrom = 0;
let cutTo = 0;

/**
 * Whether part of the word [s, e) varies (then [cutFrom, cutTo) is that part): the word without its punctuation
 * around (`^([([{]*)(.*?)([)\]},;:.!?]*)$`; "(cpu=<*>," reads better than "<*>"), or the value of a `key=value`
 * ("cpu=<*>" says more than "<*>"). Only asked of words with a digit or punctuation (NOT_PLAIN).
 */
function variablePart(w: Uint8Array, s: number, e: number): boolean {
  let a = s;
  while (a < e && inSet(LEAD, w[a])) a++;
  let z = e;
  while (z > a && inSet(TRAIL, w[z - 1])) z--;
  if (z === a || isWildcard(w, a, z)) return false;
  // A Windows path ("C:\\temp") is not a key "C" with a value.
  const k = startsWithDrive(w, a, z) ? -1 : keyEnd(w, a, z);
  if (k >= 0 && !isWildcard(w, k + 1, z)) {
    cutFrom = k + 1;
    cutTo = z;
    return isVariable(w, k + 1, z);
  }
  cutFrom = a;
  cutTo = z;
  return isVariable(w, a, z);
}

/**
 * Reads the words of the message whose codes are w[start, end), at most MAX_TOKENS (moreWords says whether
 * more followed), handing each to `word(s, e, cut)` (cut: [cutFrom, cutTo) of the word becomes the wildcard).
 * False when a word holds a code of a kind in `refuse`.
 */
function readWords(w: Uint8Array, start: number, end: number, refuse: number, word: (s: number, e: number, cut: boolean) => void): boolean {
  let n = 0;
  moreWords = false;
  for (let i = start; i < end; ) {
    while (i < end && w[i] === SPACE) i++;
    if (i === end) break;
    const s = i;
    // A word without digits or punctuation is constant as it is (most words): no further look.
    let kinds = 0;
    for (let c = w[i]; i < end && c !== SPACE; c = w[++i]) kinds |= KIND[c];
    if ((kinds & refuse) !== 0) return false;
    if (n === MAX_TOKENS) {
      moreWords = true;
      break;
    }
    word(s, i, (kinds & K_NOT_PLAIN) !== 0 && variablePart(w, s, i));
    n++;
  }
  return true;
}

/** Whether words followed the MAX_TOKENS the last readWords read. */
let moreWords = false;

/** Past MAX_TOKENS words, or when the message was cut for length, the last token is the wildcard. */
function endTokens(tokens: string[], cut: boolean): string[] {
  if (cut || moreWords) tokens[Math.min(tokens.length, MAX_TOKENS - 1)] = WILDCARD;
  return tokens;
}

// A Buffer, as the lines' bytes are: readWords then reads one kind of array whichever way a message comes.
let codes = Buffer.alloc(256);
/** The text messageTokens is reading, and the tokens it makes. */
let text = '';
let textTokens: string[] = [];

function textWord(s: number, e: number, masked: boolean): void {
  textTokens.push(masked ? `${text.slice(s, cutFrom)}${WILDCARD}${text.slice(cutTo, e)}` : text.slice(s, e));
}

/** The message's tokens with variable parts masked; a message cut for length ends with a wildcard. */
export function messageTokens(message: string): string[] {
  const cut = message.length > MAX_MESSAGE_CHARS;
  text = cut ? message.slice(0, MAX_MESSAGE_CHARS) : message;
  if (text.includes('"') || text.includes("'")) text = text.replace(QUOTED, WILDCARD);
  if (codes.length < text.length) codes = Buffer.alloc(2 * text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    codes[i] = isSpace(c) ? SPACE : c < 128 ? c : NON_ASCII;
  }
  // Text refuses no kind of code: there are always tokens.
  textTokens = [];
  readWords(codes, 0, text.length, 0, textWord);
  return endTokens(textTokens, cut);
}

const WILDCARD_BYTES = Buffer.from(WILDCARD, 'latin1');

/**
 * The tokens of messages read from bytes lately, by their tokens' bytes joined with spaces (their skeleton:
 * what is left of a message once its variable parts are masked). Most messages of a run share the skeleton of
 * one before them, and then find their tokens here instead of looking up each word; the tokens are the same
 * array each time, read only. A table of SKELETONS slots, each keeping the last skeleton hashed to it.
 */
export class MessageSkeletons {
  readonly skeletons: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(SKELETONS).fill(undefined);
  readonly tokens: string[][] = new Array<string[]>(SKELETONS).fill([]);
  /** `words` makes the strings of the words (interned). */
  constructor(readonly words: FieldInterner) {}
}

const SKELETONS = 1024;
/** Longer skeletons are not kept: the table stays small (a run's messages have short skeletons). */
const MAX_SKELETON_BYTES = 512;

/**
 * The skeleton of the message messageTokensOfBytes is reading, and its hash. Sized for the longest:
 * each word adds a space, and its masked part (one byte or more) three bytes at most.
 */
let skeleton = new Uint8Array(MAX_MESSAGE_CHARS + 3 * MAX_TOKENS);
let skeletonLength = 0;
let skeletonHash = FNV_OFFSET;
let bytes: Uint8Array = codes;

function skeletonWord(s: number, e: number, masked: boolean): void {
  // Locals in the loops, not the module's variables: this runs for every byte of every message mined.
  const b = bytes;
  const out = skeleton;
  let n = skeletonLength;
  if (n > 0) out[n++] = SPACE;
  const from = n;
  if (!masked) {
    for (let i = s; i < e; i++) out[n++] = b[i];
  } else {
    for (let i = s; i < cutFrom; i++) out[n++] = b[i];
    for (let i = 0; i < WILDCARD_BYTES.length; i++) out[n++] = WILDCARD_BYTES[i];
    for (let i = cutTo; i < e; i++) out[n++] = b[i];
  }
  // Hashed by its length and its first and last bytes: enough to spread a run's skeletons over the table,
  // which compares them whole.
  skeletonHash = fnvStep(skeletonHash, ((n - from) << 16) | (out[from] << 8) | out[n - 1]);
  skeletonLength = n;
}

function sameSkeleton(known: Uint8Array | undefined): boolean {
  if (known === undefined || known.length !== skeletonLength) return false;
  for (let i = 0; i < skeletonLength; i++) if (known[i] !== skeleton[i]) return false;
  return true;
}

/** The tokens of the skeleton read, each word interned in `words`. */
function skeletonTokens(words: FieldInterner): string[] {
  const tokens: string[] = [];
  for (let s = 0; s < skeletonLength; ) {
    let e = s;
    while (e < skeletonLength && skeleton[e] !== SPACE) e++;
    // A word that is all variable (a number, an id, a path) needs no lookup.
    tokens.push(e - s === WILDCARD_BYTES.length && isWildcard(skeleton, s, e) ? WILDCARD : words.get(skeleton, s, e, false));
    s = e + 1;
  }
  return tokens;
}

/**
 * The tokens of a message given as the bytes b[start, end) of an unescaped JSON string, without decoding it:
 * words become strings through `words` (interned: a mined run has few distinct constant words, and a variable
 * word is never made a string), or come from `known` (the same array for messages of one skeleton: read it
 * only). Undefined when the bytes are not plain ASCII without quotes (the message must then be decoded and read
 * by messageTokens); otherwise the same tokens messageTokens gives the decoded text.
 */
export function messageTokensOfBytes(b: Uint8Array, start: number, end: number, words: FieldInterner, known?: MessageSkeletons): string[] | undefined {
  if (end - start > MAX_MESSAGE_CHARS) return undefined;
  bytes = b;
  skeletonLength = 0;
  skeletonHash = FNV_OFFSET;
  if (!readWords(b, start, end, K_NOT_BYTES, skeletonWord)) return undefined;
  if (moreWords || known === undefined || skeletonLength > MAX_SKELETON_BYTES) return endTokens(skeletonTokens(words), false);
  const slot = skeletonHash & (SKELETONS - 1);
  if (sameSkeleton(known.skeletons[slot])) return known.tokens[slot];
  const tokens = skeletonTokens(words);
  known.skeletons[slot] = skeleton.slice(0, skeletonLength);
  known.tokens[slot] = tokens;
  return tokens;
}
