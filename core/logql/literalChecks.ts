// Checks of single literals that Loki validates after parsing: string escapes, regexes (RE2), `regexp` and
// `pattern` parser expressions, templates, durations and label names. They run on every well-formed node,
// even when the query has a syntax error elsewhere, because each stands on its own.
import { decodeLogQLString, DecodedString } from './goStrings';
import { touchesVariable } from './grafanaVariables';
import { isOffsetDuration, isRangeDuration } from './durations';
import { checkRe2 } from './re2';
import { child, children, nestedItems, SyntaxNode } from './syntaxTree';
import { NodeCheck, QueryContext, report } from './problems';

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface StringLiteral {
  node: SyntaxNode;
  decoded: DecodedString;
  /** The literal contains a Grafana variable: its final value is unknown. */
  variable: boolean;
}

function literal(ctx: QueryContext, node: SyntaxNode): StringLiteral {
  return {
    node,
    decoded: decodeLogQLString(ctx.query.slice(node.from, node.to)),
    variable: touchesVariable(ctx.substituted.variables, node.from, node.to),
  };
}

/** Query offsets of [index, index + length) of a literal's decoded value. */
function valueRange(s: StringLiteral, index: number, length: number): [number, number] {
  const { offsets } = s.decoded;
  const last = offsets.length - 1;
  return [s.node.from + offsets[Math.min(index, last)], s.node.from + offsets[Math.min(index + Math.max(length, 1), last)]];
}

/**
 * Whether a node contains an error node, in O(log errors) per node: errors sorted by start, with the least end
 * of each suffix (testing every error for every node was quadratic on a query with thousands of errors).
 */
function containsError(errors: SyntaxNode[]): (n: SyntaxNode) => boolean {
  const sorted = [...errors].sort((a, b) => a.from - b.from);
  const leastEnd = new Array<number>(sorted.length + 1).fill(Infinity);
  for (let i = sorted.length - 1; i >= 0; i--) leastEnd[i] = Math.min(sorted[i].to, leastEnd[i + 1]);
  return (n) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].from < n.from) lo = mid + 1;
      else hi = mid;
    }
    return leastEnd[lo] <= n.to;
  };
}

/** Each kind of node checkLiterals looks at, with its check. */
const LITERAL_CHECKS = new Map<string, NodeCheck>([
  ['String', checkEscapes],
  ['Matcher', checkMatcherRegex],
  ['LineFilter', checkLineFilterRegexes],
  ['LabelParser', checkParserExpression],
  ['LineFormatExpr', checkTemplate],
  ['LabelFormatMatcher', checkTemplate],
  ['LabelReplaceExpr', checkLabelReplace],
  ['Range', checkRange],
  ['OffsetExpr', checkDurationOf],
  ['DurationFilter', checkDurationOf],
  ['Identifier', checkLabelName],
  ['LabelName', checkLabelName],
]);

/** The nodes checkLiterals looks at. */
export const LITERAL_NODES = [...LITERAL_CHECKS.keys()];

export function checkLiterals(ctx: QueryContext, nodes: SyntaxNode[], errors: SyntaxNode[]): void {
  // A node around an error node is incomplete; the syntax error explains it.
  const broken = containsError(errors);
  for (const node of nodes) {
    if (errors.length > 0 && broken(node)) continue;
    LITERAL_CHECKS.get(node.name)?.(ctx, node);
  }
}

function checkEscapes(ctx: QueryContext, node: SyntaxNode): void {
  const s = literal(ctx, node);
  for (const bad of s.decoded.badEscapes) {
    const from = node.from + bad.start;
    const to = node.from + bad.end;
    report(
      ctx,
      'invalid-escape',
      from,
      to,
      `invalid escape \`${bad.text}\` in a double-quoted string: Loki reads strings with Go's rules (\\\\ \\" \\n \\t \\xHH \\uHHHH ...). ` +
        'Write `\\\\` for a literal backslash (e.g. `"\\\\d+"`), or use a backtick string (`\\d+`).',
      { title: `Escape the backslash: \\${bad.text}`, newText: `\\${bad.text}`, start: from, end: to },
    );
  }
}

function checkRegex(ctx: QueryContext, s: StringLiteral): ReturnType<typeof checkRe2> | undefined {
  if (s.variable || s.decoded.badEscapes.length > 0) return undefined;
  const result = checkRe2(s.decoded.value);
  if (!result.ok) {
    const [from, to] = valueRange(s, result.index, result.length);
    report(ctx, 'invalid-regex', from, to, result.message);
  }
  return result;
}

function checkMatcherRegex(ctx: QueryContext, node: SyntaxNode): void {
  if (!child(node, 'Re') && !child(node, 'Nre')) return;
  const value = child(node, 'String');
  if (value) checkRegex(ctx, literal(ctx, value));
}

function checkLineFilterRegexes(ctx: QueryContext, node: SyntaxNode): void {
  const filter = child(node, 'Filter');
  if (!filter || !(child(filter, 'PipeMatch') || child(filter, 'Nre'))) return;
  // `|~ "a" or "b"`: every alternative is a regex; strings inside `ip(...)` are not.
  for (const s of nestedItems(node, 'OrFilter', 'String')) checkRegex(ctx, literal(ctx, s));
}

function checkParserExpression(ctx: QueryContext, node: SyntaxNode): void {
  const value = child(node, 'String');
  if (!value) return;
  if (child(node, 'Regexp')) checkRegexpStage(ctx, literal(ctx, value));
  else if (child(node, 'Pattern')) checkPatternStage(ctx, literal(ctx, value));
}

function checkRegexpStage(ctx: QueryContext, s: StringLiteral): void {
  const result = checkRegex(ctx, s);
  if (!result?.ok) return;
  const { node } = s;
  if (result.namedGroups.length === 0) {
    report(
      ctx,
      'regexp-without-names',
      node.from,
      node.to,
      'the regexp stage extracts only named groups and this regex has none: name at least one, e.g. `(?P<status>\\d{3})`',
    );
    return;
  }
  for (const name of result.namedGroups) {
    if (!LABEL_NAME.test(name)) {
      const at = s.decoded.value.indexOf(`<${name}>`);
      const [from, to] = at < 0 ? [node.from, node.to] : valueRange(s, at + 1, name.length);
      report(ctx, 'invalid-label-name', from, to, `\`${name}\` cannot be a label name: use letters, digits and \`_\`, not starting with a digit`);
    }
  }
}

/** Loki's pattern rules (pkg/logql/log/pattern): named captures required, no two captures in a row, unique names. */
function checkPatternStage(ctx: QueryContext, s: StringLiteral): void {
  if (s.variable) return;
  const { value } = s.decoded;
  const parts: Array<{ capture?: string; index: number; length: number }> = [];
  let last = 0;
  for (const m of value.matchAll(/<([A-Za-z_][A-Za-z0-9_]*)>/g)) {
    if (m.index > last) parts.push({ index: last, length: m.index - last });
    parts.push({ capture: m[1], index: m.index, length: m[0].length });
    last = m.index + m[0].length;
  }
  if (last < value.length) parts.push({ index: last, length: value.length - last });
  const named = parts.filter((p) => p.capture && p.capture !== '_');
  if (named.length === 0) {
    report(
      ctx,
      'pattern-without-captures',
      s.node.from,
      s.node.to,
      'a pattern needs at least one named capture such as `<status>` (`<_>` only skips text), e.g. `"<ip> - <_> \\"<method> <path> <_>\\" <status>"`',
    );
    return;
  }
  // Loki compares the parts pairwise from the start: capture, literal, capture, ...
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (parts[i].capture && parts[i + 1].capture) {
      const [from] = valueRange(s, parts[i].index, 1);
      const [, to] = valueRange(s, parts[i + 1].index, parts[i + 1].length);
      report(ctx, 'pattern-consecutive-captures', from, to, 'two captures in a row cannot be told apart: put literal text between them, e.g. `<a> <b>`');
      return;
    }
  }
  const seen = new Set<string>();
  for (const p of named) {
    if (seen.has(p.capture!)) {
      const [from, to] = valueRange(s, p.index, p.length);
      report(ctx, 'pattern-duplicate-capture', from, to, `capture \`<${p.capture}>\` is used twice: each name can be captured once`);
      return;
    }
    seen.add(p.capture!);
  }
}

function checkTemplate(ctx: QueryContext, node: SyntaxNode): void {
  const value = child(node, 'String');
  if (!value) return;
  const s = literal(ctx, value);
  if (s.variable) return;
  const text = s.decoded.value;
  let at = text.indexOf('{{');
  while (at >= 0) {
    const close = text.indexOf('}}', at + 2);
    if (close < 0) {
      const [from, to] = valueRange(s, at, 2);
      report(ctx, 'invalid-template', from, to, 'this `{{` is never closed: Go templates need `}}`, e.g. `{{.message}}`');
      return;
    }
    at = text.indexOf('{{', close + 2);
  }
}

function checkLabelReplace(ctx: QueryContext, node: SyntaxNode): void {
  const strings = children(node).filter((c) => c.name === 'String');
  if (strings.length !== 4) return;
  const destination = literal(ctx, strings[0]);
  if (!destination.variable && !LABEL_NAME.test(destination.decoded.value)) {
    report(ctx, 'invalid-label-name', strings[0].from, strings[0].to, `\`${destination.decoded.value}\` cannot be a label name: use letters, digits and \`_\`, not starting with a digit`);
  }
  checkRegex(ctx, literal(ctx, strings[3]));
}

function checkRange(ctx: QueryContext, node: SyntaxNode): void {
  if (touchesVariable(ctx.substituted.variables, node.from, node.to)) return;
  const text = ctx.query.slice(node.from, node.to);
  if (!text.endsWith(']')) return;
  const inner = text.slice(1, -1);
  if (isRangeDuration(inner)) return;
  const trimmed = inner.trim();
  const spaced = trimmed !== inner && isRangeDuration(trimmed);
  report(
    ctx,
    'invalid-duration',
    node.from,
    node.to,
    spaced
      ? `Loki allows no spaces inside a range: write \`[${trimmed}]\``
      : `invalid range \`${text}\`: ranges are whole numbers with units y, w, d, h, m, s, ms in that order, e.g. \`[5m]\`, \`[1h30m]\` or \`[90s]\``,
    spaced ? { title: `Write [${trimmed}]`, newText: `[${trimmed}]`, start: node.from, end: node.to } : undefined,
  );
}

/** The duration of an `offset` or a duration filter. */
function checkDurationOf(ctx: QueryContext, node: SyntaxNode): void {
  const duration = child(node, 'Duration');
  if (duration) checkGoDuration(ctx, duration);
}

function checkGoDuration(ctx: QueryContext, node: SyntaxNode): void {
  if (touchesVariable(ctx.substituted.variables, node.from, node.to)) return;
  const text = ctx.query.slice(node.from, node.to);
  if (isOffsetDuration(text)) return;
  report(
    ctx,
    'invalid-duration',
    node.from,
    node.to,
    `invalid duration \`${text}\`: use whole numbers with units y, w, d, h, m, s, ms (e.g. \`1h30m\`), or Go's form with fractions and ns/us/ms/s/m/h (e.g. \`1.5s\`)`,
  );
}

function checkLabelName(ctx: QueryContext, node: SyntaxNode): void {
  const text = ctx.substituted.text.slice(node.from, node.to);
  if (!text.includes(':') || touchesVariable(ctx.substituted.variables, node.from, node.to)) return;
  report(ctx, 'invalid-label-name', node.from, node.to, `\`${text}\` is not a valid label name: label names use letters, digits and \`_\` (no \`:\`)`);
}
