// A message as the template miner sees it: whitespace-separated tokens, with the parts that vary between
// occurrences of one message already replaced by the wildcard (numbers, ids, hex, uuids, IPs, durations, paths,
// URLs, dotted host names and quoted strings), so the prefix tree and the similarity only compare words.

export const WILDCARD = '<*>';

/** Longest message text considered, and most tokens kept: a huge message must not make a huge template. */
export const MAX_MESSAGE_CHARS = 4096;
export const MAX_TOKENS = 100;

// Quoted strings only at word boundaries, so apostrophes inside words ("don't") are not quotes.
const QUOTED = /(?<=^|[\s=:([{,])(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')(?=$|[\s,;:)\]}.])/g;
// Punctuation around a word stays in the pattern: "(cpu=<*>," reads better than "<*>".
const AROUND = /^([([{]*)(.*?)([)\]},;:.!?]*)$/s;
const KEY_VALUE = /^([A-Za-z_][\w.-]*)([=:])(.+)$/s;
const DIGIT = /\d/;
/** A word without any of these is a constant word as it is (most words): no further look. */
const NOT_PLAIN = /[\d/\\.:=()[\]{},;!?]/;
const DRIVE = /^[A-Za-z]:\\/;
const PATH_START = /^(?:~|\.{1,2})?\/|^[A-Za-z]:\\|\\|:\/\//;
const FILE_NAME = /\/[^/]*\.[A-Za-z]\w*$/;
const DOTTED_HOST = /^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+){2,}$/i;

/** A word that differs between occurrences of one message. */
export function isVariable(word: string): boolean {
  return DIGIT.test(word) || PATH_START.test(word) || FILE_NAME.test(word) || DOTTED_HOST.test(word);
}

function maskWord(token: string): string {
  if (token === WILDCARD || !NOT_PLAIN.test(token)) return token;
  const [, lead, core, trail] = AROUND.exec(token)!;
  if (core === '' || core === WILDCARD) return token;
  // A Windows path ("C:\\temp") is not a key "C" with a value.
  const kv = DRIVE.test(core) ? null : KEY_VALUE.exec(core);
  // `key=value` keeps its key: "cpu=<*>" says more than "<*>".
  if (kv && kv[3] !== WILDCARD) return `${lead}${kv[1]}${kv[2]}${isVariable(kv[3]) ? WILDCARD : kv[3]}${trail}`;
  return isVariable(core) ? `${lead}${WILDCARD}${trail}` : token;
}

/** The message's tokens with variable parts masked; a message cut for length ends with a wildcard. */
export function messageTokens(message: string): string[] {
  const cut = message.length > MAX_MESSAGE_CHARS;
  let text = cut ? message.slice(0, MAX_MESSAGE_CHARS) : message;
  if (text.includes('"') || text.includes("'")) text = text.replace(QUOTED, WILDCARD);
  const words = text.split(/\s+/).filter((w) => w !== '');
  const tokens = words.slice(0, MAX_TOKENS).map(maskWord);
  if (cut || words.length > MAX_TOKENS) tokens[Math.min(tokens.length, MAX_TOKENS - 1)] = WILDCARD;
  return tokens;
}
