// User-configurable LogQL templates such as `{app=~"${execution}.*"}`. Placeholders are expanded inside the
// parsed query, never by text substitution: a value placeholder may only appear inside a string literal of a
// label matcher or line filter, where its value is inserted literally (RE2-escaped in regex matchers) and
// the literal re-quoted. Label-name placeholders are checked against Loki's label-name rules.
import { parser } from '@grafana/lezer-logql';
import { LinkInputError } from './linkError';
import { assertLabelName, escapeRegex, quoteLogQLString, unquoteLogQLString } from './logqlString';

export interface TemplateValues {
  /** Placeholders that stand for label names (e.g. `${label}`), usable anywhere. */
  labelNames?: Record<string, string>;
  /** Placeholders that stand for values, usable only inside string literals; undefined: known, no value here. */
  values: Record<string, string | undefined>;
}

const PLACEHOLDER = /\$\{(\w+)\}/g;

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

type StringContext = 'literal' | 'regex' | 'unsupported';

/** Where a string literal is, and so how a value must be written into it. */
function contextOf(node: SyntaxNode): StringContext {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'Matcher') {
      const op = p.getChild('Eq') ?? p.getChild('Neq') ?? p.getChild('Re') ?? p.getChild('Nre');
      return op?.name === 'Re' || op?.name === 'Nre' ? 'regex' : 'literal';
    }
    if (p.name === 'LineFilter') {
      const op = p.getChild('Filter')?.firstChild?.name;
      if (op === 'PipeExact' || op === 'Neq') return 'literal';
      if (op === 'PipeMatch' || op === 'Nre') return 'regex';
      return 'unsupported';
    }
    if (p.name === 'FilterOp') return 'unsupported';
  }
  return 'unsupported';
}

/** Position of the first syntax error of a LogQL query, or undefined when it parses cleanly. */
export function firstSyntaxError(query: string): number | undefined {
  let at: number | undefined;
  parser.parse(query).iterate({
    enter(n) {
      if (at !== undefined) return false;
      if (n.type.isError) at = n.from;
      return undefined;
    },
  });
  return at;
}

export function expandLogQLTemplate(template: string, what: string, values: TemplateValues): string {
  let text = template.replace(PLACEHOLDER, (whole, name: string) => {
    const label = values.labelNames?.[name];
    if (label === undefined) return whole;
    assertLabelName(label, `${what}: \${${name}}`);
    return label;
  });
  const errorAt = firstSyntaxError(text);
  if (errorAt !== undefined) {
    throw new LinkInputError(`${what} is not valid LogQL (error at character ${errorAt + 1}): ${template}`);
  }
  const edits: Array<{ from: number; to: number; insert: string }> = [];
  const known = Object.keys(values.values);
  parser.parse(text).iterate({
    enter(n) {
      if (n.name !== 'String') return;
      const literal = text.slice(n.from, n.to);
      if (!literal.match(PLACEHOLDER)) return;
      const context = contextOf(n.node);
      if (context === 'unsupported') {
        throw new LinkInputError(`${what}: placeholders are only allowed in label matchers and line filters (${literal})`);
      }
      const decoded = unquoteLogQLString(literal).replace(PLACEHOLDER, (_whole, name: string) => {
        if (!(name in values.values)) {
          throw new LinkInputError(`${what}: unknown placeholder \${${name}}; known: ${known.map((k) => `\${${k}}`).join(', ')}`);
        }
        const value = values.values[name];
        if (value === undefined) throw new LinkInputError(`${what} uses \${${name}}, which is not known for this link`);
        return context === 'regex' ? escapeRegex(value) : value;
      });
      edits.push({ from: n.from, to: n.to, insert: quoteLogQLString(decoded, what) });
    },
  });
  const strings = edits.map((e) => [e.from, e.to]);
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (!strings.some(([from, to]) => m.index! >= from && m.index! < to)) {
      throw new LinkInputError(`${what}: ${m[0]} must be inside a quoted label value or line filter text`);
    }
  }
  for (const e of edits.reverse()) text = text.slice(0, e.from) + e.insert + text.slice(e.to);
  return text;
}
