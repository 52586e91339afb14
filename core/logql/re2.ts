// Loki compiles regexes with Go's regexp package (RE2 syntax): no lookarounds, backreferences, possessive
// quantifiers or atomic groups. re2js is a port of the same parser, so what it rejects Loki rejects, with the
// same wording; we add a hint for the constructs people bring from PCRE/JavaScript.
import { RE2JS, RE2JSSyntaxException } from 're2js';

export type Re2Result =
  | { ok: true; matchesEmpty: boolean; namedGroups: string[]; groupCount: number }
  | { ok: false; message: string; /** Offset of the offending part in the pattern. */ index: number; length: number };

const HINTS: Array<[RegExp, string]> = [
  [/^\(\?[=!]/, 'lookahead assertions are not supported by RE2'],
  [/^\(\?<[=!]/, 'lookbehind assertions are not supported by RE2'],
  [/^\\[1-9]/, 'backreferences are not supported by RE2'],
  [/^\\k/, 'named backreferences are not supported by RE2'],
  [/^\(\?>/, 'atomic groups are not supported by RE2'],
  [/^(?:[*+?]|\{\d*,?\d*\})\+$/, 'possessive quantifiers are not supported by RE2: drop the trailing `+`'],
];

// Queries repeat the same few regexes (dashboards re-validate on every keystroke): remember recent answers.
const cache = new Map<string, Re2Result>();
const CACHE_LIMIT = 2000;

/** Checks a pattern as Loki compiles it; `matchesEmpty` tells whether it matches the whole empty string. */
export function checkRe2(pattern: string): Re2Result {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const result = compile(pattern);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, result);
  return result;
}

/**
 * Patterns made of these characters only (literals, `.`, `|`, `*`, `+`, `?`: most dashboard regexes such as
 * `api|web` or `f1b2.*`) mean the same in JavaScript and RE2, so the much cheaper JavaScript engine answers,
 * for short ones: V8 compiles a regex in memory that grows fast with its alternatives (100 KB of them exhaust
 * the heap), RE2's parser does not.
 */
const PLAIN_PATTERN = /^[\w\s\-.|*+?:/=,@#%&!~'"<>]*$/;
const MAX_PLAIN_LENGTH = 1000;

function compile(pattern: string): Re2Result {
  if (pattern.length <= MAX_PLAIN_LENGTH && PLAIN_PATTERN.test(pattern)) {
    try {
      return { ok: true, matchesEmpty: new RegExp(`^(?:${pattern})$`).test(''), namedGroups: [], groupCount: 0 };
    } catch {
      // A syntax error (such as `a**`): RE2 gives the message Loki would.
    }
  }
  try {
    const re = RE2JS.compile(pattern);
    return { ok: true, matchesEmpty: re.matches(''), namedGroups: Object.keys(re.namedGroups()), groupCount: re.groupCount() };
  } catch (err) {
    if (!(err instanceof RE2JSSyntaxException)) {
      return { ok: false, message: `RE2 cannot compile this regex: ${(err as Error).message}`, index: 0, length: pattern.length };
    }
    const fragment = err.input ?? '';
    const found = fragment ? pattern.indexOf(fragment) : -1;
    const index = found < 0 ? 0 : found;
    const hint = HINTS.find(([re]) => re.test(fragment))?.[1];
    // RE2 reads `(?<!` as a malformed named group; say what it is instead.
    const lookbehind = /^\(\?<[=!]/.exec(fragment)?.[0];
    const what = lookbehind ? `unsupported syntax \`${lookbehind}\`` : fragment ? `${err.error} \`${fragment}\`` : err.error;
    return {
      ok: false,
      message: `invalid regex for Loki (RE2 syntax): ${what}${hint ? `; ${hint}` : ''}`,
      index,
      length: hintLength(fragment, found < 0 ? pattern.length : fragment.length),
    };
  }
}

/** Lookbehinds are reported with the rest of the pattern; point at the construct itself. */
function hintLength(fragment: string, fallback: number): number {
  const m = /^\(\?<[=!]|^\(\?[=!>]|^\\[1-9k]/.exec(fragment);
  return m ? m[0].length : fallback;
}
