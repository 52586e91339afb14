// User-configurable LogQL templates such as `{app=~"${execution}.*"}`. Placeholders are expanded inside the
// parsed query, never by text substitution: a value placeholder may only appear inside a string literal of a
// label matcher or line filter, where its value is inserted literally (RE2-escaped in regex matchers) and
// the literal re-quoted. Label-name placeholders are checked against Loki's label-name rules.
import { LinkInputError } from '../logql/build/inputError';
import { assertLabelName, escapeRegex, quoteLogQLString } from '../logql/build/logqlString';
import { logqlError } from '../logql/build/queryCheck';
import { decodeLogQLString } from '../logql/goStrings';
import { allNodes, ancestor, child, parseLogQL, SyntaxNode } from '../logql/syntaxTree';

export interface TemplateValues {
  /** Placeholders that stand for label names (e.g. `${label}`), usable anywhere. */
  labelNames?: Record<string, string>;
  /** Placeholders that stand for values, usable only inside string literals; undefined: known, no value here. */
  values: Record<string, string | undefined>;
}

const PLACEHOLDER = /\$\{(\w+)\}/g;

type StringContext = 'literal' | 'regex' | 'unsupported';

/** Where a string literal is, and so how a value must be written into it. */
function contextOf(node: SyntaxNode): StringContext {
  const owner = ancestor(node, 'Matcher', 'LineFilter', 'FilterOp');
  if (owner?.name === 'Matcher') {
    const op = child(owner, 'Re') ?? child(owner, 'Nre');
    return op ? 'regex' : 'literal';
  }
  if (owner?.name === 'LineFilter') {
    const op = child(owner, 'Filter')?.firstChild?.name;
    if (op === 'PipeExact' || op === 'Neq') return 'literal';
    if (op === 'PipeMatch' || op === 'Nre') return 'regex';
  }
  return 'unsupported';
}

function decode(literal: string, what: string): string {
  const decoded = decodeLogQLString(literal);
  if (decoded.badEscapes.length) throw new LinkInputError(`${what}: invalid escape ${decoded.badEscapes[0].text} in ${literal}`);
  return decoded.value;
}

export function expandLogQLTemplate(template: string, what: string, values: TemplateValues): string {
  let text = template.replace(PLACEHOLDER, (whole, name: string) => {
    const label = values.labelNames?.[name];
    if (label === undefined) return whole;
    assertLabelName(label, `${what}: \${${name}}`);
    return label;
  });
  const error = logqlError(text);
  if (error) throw new LinkInputError(`${what} is not valid LogQL (${error}): ${template}`);
  const edits: Array<{ from: number; to: number; insert: string }> = [];
  const known = Object.keys(values.values);
  for (const n of allNodes(parseLogQL(text))) {
    if (n.name !== 'String') continue;
    const literal = text.slice(n.from, n.to);
    if (!literal.match(PLACEHOLDER)) continue;
    const context = contextOf(n);
    if (context === 'unsupported') {
      throw new LinkInputError(`${what}: placeholders are only allowed in label matchers and line filters (${literal})`);
    }
    const decoded = decode(literal, what).replace(PLACEHOLDER, (_whole, name: string) => {
      if (!(name in values.values)) {
        throw new LinkInputError(`${what}: unknown placeholder \${${name}}; known: ${known.map((k) => `\${${k}}`).join(', ')}`);
      }
      const value = values.values[name];
      if (value === undefined) throw new LinkInputError(`${what} uses \${${name}}, which is not known for this link`);
      return context === 'regex' ? escapeRegex(value) : value;
    });
    edits.push({ from: n.from, to: n.to, insert: quoteLogQLString(decoded, what) });
  }
  const strings = edits.map((e) => [e.from, e.to]);
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (!strings.some(([from, to]) => m.index! >= from && m.index! < to)) {
      throw new LinkInputError(`${what}: ${m[0]} must be inside a quoted label value or line filter text`);
    }
  }
  for (const e of edits.reverse()) text = text.slice(0, e.from) + e.insert + text.slice(e.to);
  const expandedError = logqlError(text);
  if (expandedError) throw new LinkInputError(`${what} gives invalid LogQL (${expandedError}): ${text}`);
  return text;
}
