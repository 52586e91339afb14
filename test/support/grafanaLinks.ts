// Reads generated Grafana links the way Grafana does, and LogQL the way Loki does, so tests check what a user
// would get: query-string values URL-decoded with `+` as a space (Grafana's parseKeyValue), `panes` parsed as
// JSON, the pane id rule, one datasource uid on pane and queries, range strings Grafana parses; then the
// query validated by the LogQL engine (Grafana's grammar plus Loki's rules) and its string literals decoded
// with Go's rules.
import assert from 'node:assert/strict';
import { decodeLogQLString } from '../../core/logql/goStrings';
import { allNodes, ancestor, child, isError, parseLogQL, SyntaxNode } from '../../core/logql/syntaxTree';
import { validateLogQL } from '../../core/logql/validateQuery';

export function grafanaParams(url: string): { path: string; params: Map<string, string[]> } {
  const q = url.indexOf('?');
  assert.ok(q > 0, `no query string in ${url}`);
  assert.ok(!url.includes('#'), `a raw # would cut the URL: ${url}`);
  const params = new Map<string, string[]>();
  for (const pair of url.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    const key = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
    const value = decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    params.set(key, [...(params.get(key) ?? []), value]);
  }
  return { path: url.slice(0, q), params };
}

function one(params: Map<string, string[]>, key: string): string {
  const values = params.get(key);
  assert.equal(values?.length, 1, `expected exactly one ${key} parameter`);
  return values![0];
}

export interface DecodedExplore {
  path: string;
  orgId: string;
  paneId: string;
  datasourceUid: string;
  expr: string;
  from: string;
  to: string;
}

/** A range end as Grafana parses it: a relative time, or epoch milliseconds as a digit string. */
export function assertGrafanaTime(value: unknown): void {
  assert.equal(typeof value, 'string', 'range values must be strings');
  assert.match(value as string, /^(now(?:[+-]\d*[smhdwMyQ]|\/[smhdwMyQ])*|\d{1,16})$/);
}

export function decodeExploreUrl(url: string): DecodedExplore {
  const { path, params } = grafanaParams(url);
  assert.ok(path.endsWith('/explore'), `not an Explore URL: ${path}`);
  let state: { datasource: unknown; queries: Array<Record<string, unknown>>; range: { from: unknown; to: unknown } };
  let paneId: string;
  if (params.has('panes')) {
    assert.equal(one(params, 'schemaVersion'), '1');
    const panes = JSON.parse(one(params, 'panes')) as Record<string, typeof state>;
    const ids = Object.keys(panes);
    assert.equal(ids.length, 1, 'one pane');
    paneId = ids[0];
    assert.match(paneId, /^[0-9a-z]{3}$/, 'Grafana replaces pane ids that are not 3 chars of [0-9a-z]');
    assert.doesNotMatch(paneId, /^\d{3}$/, 'Grafana replaces all-digit pane ids');
    state = panes[paneId];
  } else {
    state = JSON.parse(one(params, 'left'));
    paneId = 'left';
  }
  assert.equal(typeof state.datasource, 'string');
  assert.equal(state.queries.length, 1);
  const query = state.queries[0];
  assert.deepEqual(query.datasource, { type: 'loki', uid: state.datasource }, 'query and pane must name the same datasource uid');
  assert.equal(query.queryType, 'range');
  assert.equal(query.editorMode, 'code');
  assert.equal(typeof query.expr, 'string');
  assertGrafanaTime(state.range.from);
  assertGrafanaTime(state.range.to);
  return {
    path,
    orgId: one(params, 'orgId'),
    paneId,
    datasourceUid: state.datasource as string,
    expr: query.expr as string,
    from: state.range.from as string,
    to: state.range.to as string,
  };
}

export interface QueryString {
  /** `matcher` in the stream selector, `label-filter` after a parser, `line-filter` for |= != |~ !~. */
  kind: 'matcher' | 'label-filter' | 'line-filter';
  label?: string;
  op: string;
  value: string;
}

const OPS: Record<string, string> = { Eq: '=', Neq: '!=', Re: '=~', Nre: '!~', PipeExact: '|=', PipeMatch: '|~' };

/** Validates a LogQL query (failing on any error) and returns its matchers and filters, values decoded. */
export function queryStrings(expr: string): QueryString[] {
  const errors = validateLogQL(expr, { grafanaVariables: false }).filter((p) => p.severity === 'error');
  assert.deepEqual(errors, [], `invalid LogQL: ${JSON.stringify(expr)}`);
  const tree = parseLogQL(expr);
  const nodes = allNodes(tree);
  const bad = nodes.find(isError);
  assert.equal(bad, undefined, `syntax error at ${bad?.from} in ${JSON.stringify(expr)}`);
  const out: QueryString[] = [];
  for (const n of nodes) {
    if (n.name !== 'String') continue;
    const literal = expr.slice(n.from, n.to);
    // Go's scanner rejects NUL anywhere and raw line breaks inside double quotes.
    assert.doesNotMatch(literal, literal.startsWith('`') ? /\0/ : /[\0\n\r]/, `raw control character in ${literal}`);
    const decoded = decodeLogQLString(literal);
    assert.deepEqual(decoded.badEscapes, [], `escapes Loki rejects in ${literal}`);
    out.push({ ...owner(n, expr), value: decoded.value });
  }
  return out;
}

function owner(n: SyntaxNode, expr: string): Omit<QueryString, 'value'> {
  const o = ancestor(n, 'Matcher', 'LineFilter');
  assert.ok(o, `string outside a matcher or line filter in ${expr}`);
  if (o.name === 'LineFilter') return { kind: 'line-filter', op: OPS[child(o, 'Filter')!.firstChild!.name] };
  const op = ['Eq', 'Neq', 'Re', 'Nre'].map((name) => child(o, name)).find(Boolean)!;
  const identifier = child(o, 'Identifier')!;
  return {
    kind: ancestor(o, 'Selector') ? 'matcher' : 'label-filter',
    label: expr.slice(identifier.from, identifier.to),
    op: OPS[op.name],
  };
}

/**
 * The literal text an escaped RE2 pattern (regexp.QuoteMeta output) matches; fails on any unescaped
 * metacharacter, so a value can never have turned into regex syntax.
 */
export function unescapeRegex(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[++i];
      assert.ok(next !== undefined && '\\.+*?()|[]{}^$'.includes(next), `unexpected escape \\${next} in ${pattern}`);
      out += next;
    } else {
      assert.ok(!'.+*?()|[]{}^$'.includes(c), `unescaped metacharacter ${c} at ${i} in ${pattern}`);
      out += c;
    }
  }
  return out;
}

/** Splits an alternation of escaped literals (`a|b\|c`) into the literals. */
export function unescapeAlternatives(pattern: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '|') {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(pattern.slice(start));
  return parts.map(unescapeRegex);
}
