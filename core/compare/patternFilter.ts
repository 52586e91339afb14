// A pattern row's lines in a log panel: the panel's text filter as an anchored regular expression over the
// message (JavaScript's, as the panel's), its constant parts escaped, each space any run of whitespace, and each
// wildcard what the miner masks: the rest of a word, quoted strings included (they may hold spaces). A wildcard
// cannot span words, so a pattern does not take in the messages of a longer one; a message the miner cut for
// length (over MAX_MESSAGE_CHARS, or past MAX_TOKENS words) ends in a wildcard that stands for all the rest.
// Log lines are untrusted: at a quote, a wildcard either takes a whole quoted string, atomically (a lookahead
// and its back-reference), or the quote alone when no closing quote follows; never both ways, so a line full of
// quotes cannot make the expression try exponentially many splits.
// In Grafana the filter is an RE2 line filter over the whole line (lb's JSON record, where quotes are escaped), so
// there it is not anchored and each wildcard is any text.
import { LOG_LEVELS, LogFilter, LogLevel } from '../logs/model';
import { OTHER_PATTERN } from '../logs/patterns/templateMiner';
import { MAX_MESSAGE_CHARS, MAX_TOKENS, WILDCARD } from '../logs/patterns/messageTokens';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const DOUBLE_QUOTED = String.raw`"(?:[^"\\\n]|\\.)*"`;
const SINGLE_QUOTED = String.raw`'(?:[^'\\\n]|\\.)*'`;
const ANY = String.raw`[\s\S]`;

/** Builds one expression: each wildcard's capture groups get their own numbers. */
class PatternExpression {
  private groups = 0;

  /** A masked part of a word: non-space characters and quoted strings, as messageTokens masks them. */
  private masked(): string {
    const d = ++this.groups;
    const q = ++this.groups;
    const lone = String.raw`"(?!(?:[^"\\\n]|\\.)*")|'(?!(?:[^'\\\n]|\\.)*')`;
    return `(?:[^\\s"']|(?=(${DOUBLE_QUOTED}))\\${d}|(?=(${SINGLE_QUOTED}))\\${q}|${lone})*`;
  }

  words(words: string[]): string {
    return words.map((w) => w.split(WILDCARD).map(escapeRegex).reduce((re, part) => `${re}${this.masked()}${part}`)).join(String.raw`\s+`);
  }
}

/**
 * How a pattern's regular expression is written: `exact` (above), `loose` (anchored, each wildcard any text: shorter,
 * but a pattern may then take in the messages of a longer one), `line` (Grafana's: unanchored, any text).
 */
export type PatternRegexKind = 'exact' | 'loose' | 'line';

const anyTextWords = (words: string[]) => words.map((w) => w.split(WILDCARD).map(escapeRegex).join('.*')).join(String.raw`\s+`);

export function patternRegex(pattern: string, kind: PatternRegexKind = 'exact'): string {
  const words = pattern.split(' ');
  if (kind === 'line') return anyTextWords(words);
  if (kind === 'loose') return `^${anyTextWords(words)}$`;
  const expression = new PatternExpression();
  const exact = expression.words(words);
  if (words[words.length - 1] !== WILDCARD) return `^${exact}$`;
  // Cut messages: past MAX_TOKENS words (the pattern has that many), or longer than MAX_MESSAGE_CHARS (whose last
  // word may have been cut in the middle).
  const prefix = expression.words(words.slice(0, -1));
  const cut = words.length === MAX_TOKENS ? `${prefix}${ANY}*` : `(?=${ANY}{${MAX_MESSAGE_CHARS + 1}})${prefix}${ANY}*`;
  return `^(?:${exact}|${cut})$`;
}

/**
 * The panel's filter text for a pattern within `maxLength` characters (the panel's search limit): exact when it
 * fits, else loose, else the loose expression of as many leading words as fit (then it takes in more lines);
 * none when not even the first word fits.
 */
function panelRegex(pattern: string, maxLength: number): string | undefined {
  for (const kind of ['exact', 'loose'] as const) {
    const re = patternRegex(pattern, kind);
    if (re.length <= maxLength) return re;
  }
  const words = pattern.split(' ');
  for (let n = words.length - 1; n > 0; n--) {
    const re = `^${anyTextWords(words.slice(0, n))}`;
    if (re.length <= maxLength) return re;
  }
  return undefined;
}

/**
 * The lowest level shown for a row of `level`: the filter has a minimum level, not a single one, so the lines of
 * higher levels stay (a pattern's text tells them apart; a level row's lines include them). DEBUG is every level.
 */
export function levelFloor(level: LogLevel): Pick<LogFilter, 'minLevel'> {
  return level === LOG_LEVELS[0] ? {} : { minLevel: level };
}

/**
 * The filter showing a pattern's lines: in the log panel (`maxLength`: its search limit) over the message, or in
 * Grafana (`line`) over the whole line; at its level and above; the "other" bucket has no text of its own, so
 * only its component and level.
 */
export function patternFilter(p: { pattern: string; level: LogLevel; component: string }, where: { panel: { maxLength: number } } | 'line'): LogFilter {
  const filter: LogFilter = levelFloor(p.level);
  if (p.component !== '' && p.component !== OTHER_PATTERN) filter.components = [p.component];
  if (p.pattern === OTHER_PATTERN) return filter;
  const text = where === 'line' ? patternRegex(p.pattern, 'line') : panelRegex(p.pattern, where.panel.maxLength);
  return text === undefined ? filter : Object.assign(filter, { text, regex: true, caseSensitive: true });
}
