// A pattern row's lines in a log panel: the panel's text filter as an anchored regular expression over the
// message, its constant parts escaped, each wildcard any text (a masked quoted string may hold spaces) and each
// space any run of whitespace; with the pattern's component. Every message the miner put in the pattern matches.
// In Grafana the filter is a line filter over the whole line (lb's JSON record), so there it is not anchored.
import type { LogFilter } from '../logs/model';
import { OTHER_PATTERN } from '../logs/patterns/templateMiner';
import { WILDCARD } from '../logs/patterns/messageTokens';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function patternRegex(pattern: string, anchored = true): string {
  const words = pattern.split(' ').map((word) => word.split(WILDCARD).map(escapeRegex).join('.*'));
  const body = words.join('\\s+');
  return anchored ? `^${body}$` : body;
}

/**
 * The filter showing a pattern's lines (anchored: over the message, in the log panel; not: over the line, in
 * Grafana); the "other" bucket has no text of its own, so only its component.
 */
export function patternFilter(p: { pattern: string; component: string }, anchored = true): LogFilter {
  const filter: LogFilter = {};
  if (p.component !== '' && p.component !== OTHER_PATTERN) filter.components = [p.component];
  if (p.pattern !== OTHER_PATTERN) Object.assign(filter, { text: patternRegex(p.pattern, anchored), regex: true, caseSensitive: true });
  return filter;
}
