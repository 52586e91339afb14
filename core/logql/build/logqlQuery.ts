// Builds LogQL log queries from structured parts; every label name is checked and every value quoted, so
// untrusted values (run ids, DAG ids, filter text) cannot change the query's structure; and every query is
// validated before it is returned, so that no link or Loki request ever carries LogQL that Loki refuses.
import { quoteUserText } from '../../text/userText';
import { LinkInputError } from './inputError';
import { assertLabelName, escapeRegex, quoteLogQLString } from './logqlString';
import { logqlError } from './queryCheck';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  label: string;
  op: MatchOp;
  /** For `=~`/`!~` an RE2 pattern; build literal alternatives with `matchAny`. */
  value: string;
}

export type LineFilterOp = '|=' | '!=' | '|~' | '!~';

export interface LineFilter {
  op: LineFilterOp;
  /** A substring for `|=`/`!=`, an RE2 pattern for `|~`/`!~`. Never empty: `|= ` alone is invalid LogQL. */
  text: string;
}

export interface LogQuery {
  matchers: LabelMatcher[];
  lineFilters?: LineFilter[];
  /** Parse every line as JSON and keep lines whose extracted labels match (e.g. `level=~"ERROR|CRITICAL"`). */
  jsonFilters?: LabelMatcher[];
}

/** `label="v"` for one value, `label=~"v1|v2"` (each value escaped) for several. */
export function matchAny(label: string, values: readonly string[]): LabelMatcher {
  if (values.length === 0) throw new LinkInputError(`no value given for label ${label}`);
  const unique = [...new Set(values)];
  if (unique.length === 1) return { label, op: '=', value: unique[0] };
  return { label, op: '=~', value: unique.map(escapeRegex).join('|') };
}

export function renderMatcher(m: LabelMatcher): string {
  assertLabelName(m.label);
  return `${m.label}${m.op}${quoteLogQLString(m.value, `value of label ${m.label}`)}`;
}

export function renderSelector(matchers: readonly LabelMatcher[]): string {
  // Loki rejects a selector whose matchers can all match the empty string.
  if (!matchers.some((m) => (m.op === '=' || m.op === '=~') && m.value !== '')) {
    throw new LinkInputError('a stream selector needs at least one label matcher with a non-empty value');
  }
  return `{${matchers.map(renderMatcher).join(', ')}}`;
}

export function renderLineFilter(f: LineFilter): string {
  if (f.text === '') throw new LinkInputError(`an empty line filter (${f.op} "") matches every line: leave it out`);
  return `${f.op} ${quoteLogQLString(f.text, 'line filter text')}`;
}

export function renderLogQuery(q: LogQuery): string {
  const parts = [renderSelector(q.matchers)];
  // Line filters first: they are the cheapest stage and cut the lines the JSON parser has to read.
  for (const f of q.lineFilters ?? []) parts.push(renderLineFilter(f));
  if (q.jsonFilters?.length) {
    parts.push('| json');
    for (const m of q.jsonFilters) parts.push(`| ${renderMatcher(m)}`);
  }
  return checkedQuery(parts.join(' '));
}

/** `query` if Loki would accept it; a pattern given as a regular expression may well not be valid RE2. */
export function checkedQuery(query: string): string {
  const error = logqlError(query);
  if (error) throw new LinkInputError(`the query ${quoteUserText(query, 200)} is not valid LogQL: ${error}`);
  return query;
}

/** A text search as a line filter: a literal substring, or a regular expression; case-insensitive via `(?i)`. */
export function textFilter(text: string, opts: { regex?: boolean; caseSensitive?: boolean } = {}): LineFilter {
  if (opts.regex) return { op: '|~', text: opts.caseSensitive ? text : `(?i)${text}` };
  if (opts.caseSensitive) return { op: '|=', text };
  return { op: '|~', text: `(?i)${escapeRegex(text)}` };
}
