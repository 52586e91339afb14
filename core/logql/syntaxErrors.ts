// Turns the first error node of the parse tree into a message that says what is wrong and what is expected.
// Like Loki, which stops at its first parse error, only one syntax error is reported: later error nodes are
// mostly consequences of the first. The common mistakes get their own explanation and, where the intent is
// clear, a fix.
import { didYouMean } from '../text/didYouMean';
import { quoteUserText } from '../text/userText';
import { FUNCTION_NAMES, LINE_FILTER_OPERATORS, PIPELINE_STAGES, RANGE_FUNCTIONS, VECTOR_OPERATORS } from './catalog';
import { isRangeDuration } from './durations';
import { variableAt } from './grafanaVariables';
import { ancestor, child, isError, SyntaxNode } from './syntaxTree';
import { QueryContext, report, textOf } from './problems';

const STAGE_LIST = 'a parser (json, logfmt, pattern, regexp, unpack), a label filter such as `level="error"`, line_format, label_format, decolorize, drop, keep or unwrap';

/** Returns whether a syntax error was reported. */
export function checkSyntax(ctx: QueryContext, errors: SyntaxNode[]): boolean {
  // Like Grafana, ignore errors that point at a variable's placeholder: the variable's value decides there.
  const err = errors.find((e) => !variableAt(ctx.substituted.variables, e.from, e.to) && !followsVariable(ctx, e));
  if (!err) return false;
  for (const recognise of RECOGNISERS) if (recognise(ctx, err)) return true;
  genericError(ctx, err);
  return true;
}

function followsVariable(ctx: QueryContext, err: SyntaxNode): boolean {
  const before = ctx.query.slice(0, err.from).trimEnd().length;
  return ctx.substituted.variables.some((v) => !v.inString && v.end === before);
}

type Recogniser = (ctx: QueryContext, err: SyntaxNode) => boolean;

/** End of the last non-blank character before `offset`. */
function endOfPrevious(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i;
}

const emptyLineFilter: Recogniser = (ctx, err) => {
  const filter = err.prevSibling;
  if (filter?.name !== 'Filter' || filter.parent?.name !== 'LineFilter') return false;
  const next = ctx.query.slice(err.from).trimStart();
  if (next && !next.startsWith('|') && !next.startsWith(')') && !next.startsWith('[')) return false;
  const op = textOf(ctx, filter);
  const regex = op.endsWith('~');
  const start = endOfPrevious(ctx.query, filter.from);
  report(
    ctx,
    'empty-line-filter',
    filter.from,
    filter.to,
    `empty line filter: \`${op}\` must be followed by a ${regex ? 'regex' : 'string'} in quotes, e.g. \`${op} ${regex ? '"err(or)?"' : '"error"'}\`. ` +
      `To keep every line, remove the filter (\`|= ""\` also keeps every line).`,
    { title: `Remove the empty \`${op}\` filter`, newText: '', start, end: filter.to },
  );
  return true;
};

const OPERATOR_NAMES = new Set(VECTOR_OPERATORS.map((o) => o.name));

/** `{...} | ... | count by (x)`: an aggregation written as a pipeline stage. */
const aggregationAsStage: Recogniser = (ctx, err) => {
  const stage = ancestor(err, 'PipelineStage');
  const pipe = stage && child(stage, 'Pipe');
  if (!stage || !pipe) return false;
  const m = /^\|\s*([A-Za-z_]+)\b\s*(?:(by|without)\s*\(([^()]*)\))?/i.exec(ctx.query.slice(pipe.from));
  if (!m) return false;
  const op = m[1].toLowerCase();
  const isRangeFn = RANGE_FUNCTIONS.some((f) => f.name === op);
  if (!OPERATOR_NAMES.has(op) && !isRangeFn) return false;
  const end = pipe.from + m[0].length;
  const logExpr = ancestor(stage, 'LogExpr', 'LogRangeExpr');
  const selector = logExpr && child(logExpr, 'Selector');
  const range = ctx.options.defaultRange;
  const grouping = m[2] ? ` ${m[2].toLowerCase()} (${m[3].trim()}) ` : '';
  const outer = op === 'count' || isRangeFn ? 'sum' : op;
  let fix;
  if (selector && logExpr!.parent?.name === 'Expr' && logExpr!.parent.parent?.name === 'LogQL' && (op === 'count' || op === 'sum')) {
    const logPart = ctx.query.slice(selector.from, pipe.from).trimEnd();
    const spaced = logPart.endsWith('}') ? '' : ' ';
    const newText = `sum${grouping}(count_over_time(${logPart}${spaced}[${range}]))`;
    fix = { title: `Rewrite as ${newText.length > 60 ? `sum${grouping}(count_over_time(...))` : newText}`, newText, start: selector.from, end };
  }
  report(
    ctx,
    'aggregation-on-logs',
    pipe.from,
    end,
    `\`${ctx.query.slice(pipe.from + 1, end).trim()}\` cannot be a pipeline stage: aggregations work on samples, not on log lines. ` +
      `Count the lines per window with a range aggregation and aggregate that, e.g. \`${outer}${grouping}(count_over_time({...} | ... [${range}]))\``,
    fix,
  );
  return true;
};

/** `sum by (x) ({app="x"})`: a vector aggregation around a log query. */
const aggregationOfLogs: Recogniser = (ctx, err) => {
  let log: SyntaxNode | null = null;
  let op: SyntaxNode | null = null;
  for (let n = err.prevSibling; n; n = n.prevSibling) {
    if (!log && n.name === 'Expr' && child(n, 'LogExpr')) log = child(n, 'LogExpr');
    if (n.name === 'VectorOp') op = n;
  }
  if (!log || !op) return false;
  const name = textOf(ctx, op);
  const text = textOf(ctx, log);
  const range = ctx.options.defaultRange;
  const replacement = `count_over_time(${text}${text.endsWith('}') ? '' : ' '}[${range}])`;
  const example = `${ctx.query.slice(op.from, log.from)}${replacement})`;
  report(
    ctx,
    'aggregation-on-logs',
    log.from,
    log.to,
    `\`${name}\` aggregates samples, but its argument is a log query: turn the lines into samples with a range aggregation, ` +
      `e.g. \`${example.length > 80 ? `${name}(count_over_time({...} [${range}]))` : example}\``,
    { title: 'Count the lines with count_over_time', newText: replacement, start: log.from, end: log.to },
  );
  return true;
};

/** `rate({app="x"})`: a range function without `[range]`. */
const missingRange: Recogniser = (ctx, err) => {
  const logRange = err.parent;
  if (logRange?.name !== 'LogRangeExpr' || child(logRange, 'Range') || err.from !== err.to) return false;
  const fn = logRange.parent && child(logRange.parent, 'RangeOp');
  if (!fn) return false;
  const name = textOf(ctx, fn);
  const at = endOfPrevious(ctx.query, err.from);
  const range = ctx.options.defaultRange;
  report(
    ctx,
    'missing-range',
    fn.from,
    at,
    `\`${name}\` needs a range: add a duration in brackets after the log query, e.g. \`${name}({...}[${range}])\``,
    { title: `Add the range [${range}]`, newText: `[${range}]`, start: at, end: at },
  );
  return true;
};

/** `{app="x"}[5m]` with no function around it, or a malformed range. */
const strayRange: Recogniser = (ctx, err) => {
  const range = ancestor(err, 'Range');
  const open = range ? range.from : err.from;
  if (ctx.query[open] !== '[') return false;
  const close = ctx.query.indexOf(']', open);
  const inner = close < 0 ? '' : ctx.substituted.text.slice(open + 1, close);
  if (close >= 0 && !isRangeDuration(inner.trim())) {
    const written = ctx.query.slice(open, close + 1);
    report(ctx, 'invalid-duration', open, close + 1, `invalid range \`${written}\`: ranges are whole numbers with units y, w, d, h, m, s, ms in that order, e.g. \`[5m]\` or \`[1h30m]\``);
    return true;
  }
  if (range) return false;
  const log = ancestor(err, 'LogExpr');
  if (!log || close < 0) return false;
  const whole = ctx.query.slice(log.from, close + 1);
  report(
    ctx,
    'range-without-function',
    err.from,
    close + 1,
    `a range only makes sense inside a range aggregation: wrap the query, e.g. \`count_over_time(${whole.length > 40 ? '{...}[...]' : whole})\` or \`rate(...)\``,
    { title: 'Count the lines with count_over_time', newText: `count_over_time(${whole})`, start: log.from, end: close + 1 },
  );
  return true;
};

/** An identifier followed by `(` that is no known function. */
const unknownFunction: Recogniser = (ctx, err) => {
  const m = /^([A-Za-z_]\w*)\s*\(/.exec(ctx.query.slice(err.from));
  if (!m || ancestor(err, 'Selector')) return false;
  const name = m[1];
  if (FUNCTION_NAMES.includes(name.toLowerCase())) return false;
  const suggestion = didYouMean(name, FUNCTION_NAMES);
  const end = err.from + name.length;
  report(
    ctx,
    'unknown-function',
    err.from,
    end,
    `unknown function \`${quoteUserText(name)}\`${suggestion ? `: did you mean \`${suggestion}\`?` : '.'} ` +
      `LogQL has the range functions ${RANGE_FUNCTIONS.map((f) => f.name).join(', ')}; the aggregations ${VECTOR_OPERATORS.map((o) => o.name).join(', ')}; and label_replace, vector.`,
    suggestion ? { title: `Change to ${suggestion}`, newText: suggestion, start: err.from, end } : undefined,
  );
  return true;
};

const STAGE_NAMES = PIPELINE_STAGES.map((s) => s.name);

/** `| jsonn` or `| level`: a word after `|` that is neither a stage nor a label filter. */
const unknownStage: Recogniser = (ctx, err) => {
  const matcher = err.parent;
  if (matcher?.name !== 'Matcher' || matcher.parent?.name !== 'LabelFilter') return false;
  const ident = matcher.firstChild;
  if (ident?.name !== 'Identifier' || ident.nextSibling?.from !== err.from || !ident.nextSibling.type.isError) return false;
  const name = textOf(ctx, ident);
  const suggestion = didYouMean(name, STAGE_NAMES);
  report(
    ctx,
    'unknown-stage',
    ident.from,
    ident.to,
    suggestion
      ? `unknown pipeline stage \`${quoteUserText(name)}\`: did you mean \`${suggestion}\`?`
      : `\`${quoteUserText(name)}\` alone is not a pipeline stage: after \`|\` write ${STAGE_LIST}`,
    suggestion ? { title: `Change to ${suggestion}`, newText: suggestion, start: ident.from, end: ident.to } : undefined,
  );
  return true;
};

/** `{app=x}` or `| level=error`: an unquoted value after a matcher operator. */
const unquotedValue: Recogniser = (ctx, err) => {
  const op = err.prevSibling;
  if (!op || !['Eq', 'Neq', 'Re', 'Nre'].includes(op.name) || ancestor(err, 'LabelFormatExpr')) return false;
  const m = /^[^\s,}|)"`']+/.exec(ctx.query.slice(err.from));
  if (!m) return false;
  const value = m[0];
  const label = op.prevSibling?.name === 'Identifier' ? textOf(ctx, op.prevSibling) : '';
  report(
    ctx,
    'unquoted-value',
    err.from,
    err.from + value.length,
    `label values must be quoted: write \`${label}${textOf(ctx, op)}"${value}"\``,
    { title: `Quote the value: "${value}"`, newText: `"${value.replace(/["\\]/g, '\\$&')}"`, start: err.from, end: err.from + value.length },
  );
  return true;
};

const singleQuotes: Recogniser = (ctx, err) => {
  if (ctx.query[err.from] !== "'") return false;
  const m = /^'([^'\n]*)'/.exec(ctx.query.slice(err.from));
  const end = err.from + (m ? m[0].length : 1);
  report(
    ctx,
    'single-quotes',
    err.from,
    end,
    'LogQL strings are written in double quotes or backticks, not single quotes',
    m ? { title: 'Use double quotes', newText: `"${m[1].replace(/\\(?!\\)/g, '\\\\').replace(/"/g, '\\"')}"`, start: err.from, end } : undefined,
  );
  return true;
};

const unterminatedString: Recogniser = (ctx, err) => {
  if (ctx.query[err.from] !== '"' && ctx.query[err.from] !== '`') return false;
  const quote = ctx.query[err.from];
  const rest = ctx.query.slice(err.from + 1);
  const closed = quote === '"' ? /^(?:[^"\\\n]|\\.)*"/.test(rest) : rest.includes('`');
  if (closed) return false;
  const lineEnd = ctx.query.indexOf('\n', err.from);
  report(ctx, 'unterminated-string', err.from, lineEnd < 0 ? ctx.query.length : lineEnd, `this string is never closed: add the closing ${quote === '"' ? '`"` (on the same line)' : 'backtick'}`);
  return true;
};

/** `| status == "500"`: numeric comparison operators followed by a string. */
const comparisonWithString: Recogniser = (ctx, err) => {
  const op = err.prevSibling;
  if (!op || !['Eql', 'Gtr', 'Gte', 'Lss', 'Lte'].includes(op.name) || !/^["`]/.test(ctx.query.slice(err.from))) return false;
  const text = textOf(ctx, op);
  report(
    ctx,
    'comparison-with-string',
    op.from,
    op.to,
    `\`${text}\` compares numbers, durations or byte sizes (e.g. \`status >= 500\`, \`duration > 10s\`); ` +
      'to compare a label with a string use `=`, `!=`, `=~` or `!~`',
    text === '==' ? { title: 'Use = to compare strings', newText: '=', start: op.from, end: op.to } : undefined,
  );
  return true;
};

const emptySelector: Recogniser = (ctx, err) => {
  const selector = err.parent;
  if (selector?.name !== 'Selector' || child(selector, 'Matchers') || ctx.query[err.from] !== '}') return false;
  report(ctx, 'empty-selector', selector.from, err.to, 'empty stream selector: Loki needs at least one label matcher, e.g. `{app="api"}`');
  return true;
};

/** `app="x"`: matchers without the braces of a stream selector. */
const missingBraces: Recogniser = (ctx, err) => {
  if (err.from !== 0 || !/^\s*[A-Za-z_]\w*\s*(=~|!~|!=|=)\s*["`]/.test(ctx.query)) return false;
  const m = /^(\s*)((?:[A-Za-z_]\w*\s*(?:=~|!~|!=|=)\s*(?:"(?:[^"\\\n]|\\.)*"|`[^`]*`)\s*,?\s*)+)/.exec(ctx.query);
  const matchers = m ? m[2].trimEnd().replace(/,$/, '') : '';
  const start = m ? m[1].length : 0;
  report(
    ctx,
    'missing-braces',
    start,
    start + (matchers.length || ctx.query.trim().length),
    'a query starts with a stream selector in braces, e.g. `{app="api"}`',
    matchers ? { title: 'Put the matchers in braces', newText: `{${matchers}}`, start, end: start + matchers.length } : undefined,
  );
  return true;
};

interface Bracket {
  char: string;
  at: number;
}

/** Unclosed and unmatched brackets, outside strings and comments. */
function bracketBalance(text: string): { open: Bracket[]; stray?: Bracket } {
  const open: Bracket[] = [];
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    } else if (c === '`') {
      const j = text.indexOf('`', i + 1);
      i = j < 0 ? text.length : j;
    } else if (c === '#') {
      const j = text.indexOf('\n', i);
      i = j < 0 ? text.length : j;
    } else if (c === '(' || c === '{' || c === '[') open.push({ char: c, at: i });
    else if (c in pairs) {
      if (open.length === 0 || open[open.length - 1].char !== pairs[c]) return { open, stray: { char: c, at: i } };
      open.pop();
    }
  }
  return { open };
}

const CLOSERS: Record<string, string> = { '(': ')', '{': '}', '[': ']' };

const brackets: Recogniser = (ctx, err) => {
  const { open, stray } = bracketBalance(ctx.substituted.text);
  if (stray && stray.at <= err.from + 1) {
    report(ctx, 'unbalanced-brackets', stray.at, stray.at + 1, `unexpected \`${stray.char}\`: nothing is open here that it could close`, {
      title: `Remove ${stray.char}`,
      newText: '',
      start: stray.at,
      end: stray.at + 1,
    });
    return true;
  }
  const atEnd = ctx.query.slice(err.from).trim() === '' || ctx.query.slice(err.from).trimStart().startsWith('#');
  if (!atEnd || open.length === 0) return false;
  const last = open[open.length - 1];
  const closer = CLOSERS[last.char];
  const at = endOfPrevious(ctx.query, err.from);
  report(
    ctx,
    'unbalanced-brackets',
    last.at,
    last.at + 1,
    `this \`${last.char}\` is never closed: add \`${closer}\`${open.length > 1 ? ` (${open.length} brackets are open at the end of the query)` : ''}`,
    open.length === 1 ? { title: `Add the missing ${closer}`, newText: closer, start: at, end: at } : undefined,
  );
  return true;
};

const ARGUMENTS: Record<string, string> = {
  LineFormat: 'a Go template in quotes, e.g. `line_format "{{.level}} {{.message}}"`',
  LabelFormat: 'one or more assignments, e.g. `label_format dst=src` or `label_format id="{{.a}}-{{.b}}"`',
  Regexp: 'an RE2 regex with named groups in quotes, e.g. ``regexp `(?P<status>\\d{3})` ``',
  Pattern: 'a pattern in quotes, e.g. `pattern "<ip> - <_> <status>"`',
  Drop: 'label names separated by commas, e.g. `drop pod, namespace`',
  Keep: 'label names separated by commas, e.g. `keep level, host`',
  Unwrap: 'the label whose value to aggregate, e.g. `unwrap duration_ms` or `unwrap bytes(size)`',
  By: 'label names in parentheses, e.g. `by (host)`',
  Without: 'label names in parentheses, e.g. `without (pod)`',
  Offset: 'a duration, e.g. `offset 1h`',
};

/** `| line_format` with nothing after it, and other keywords missing their argument. */
const missingArgument: Recogniser = (ctx, err) => {
  let keyword = err.prevSibling;
  while (keyword && !(keyword.name in ARGUMENTS) && keyword.firstChild) keyword = keyword.lastChild;
  if (!keyword || !(keyword.name in ARGUMENTS)) return false;
  const word = textOf(ctx, keyword);
  report(ctx, 'missing-argument', keyword.from, keyword.to, `\`${word}\` needs ${ARGUMENTS[keyword.name]}`);
  return true;
};

/** `unwrap` or `offset` where only a range aggregation allows them. */
const rangeOnlyKeyword: Recogniser = (ctx, err) => {
  const m = /^(unwrap|offset)\b/i.exec(ctx.query.slice(err.from));
  if (!m || ancestor(err, 'LogRangeExpr')) return false;
  const example = m[1].toLowerCase() === 'unwrap' ? 'sum_over_time({...} | unwrap bytes [5m])' : 'count_over_time({...}[5m] offset 1h)';
  report(ctx, 'range-only', err.from, err.from + m[0].length, `\`${m[1]}\` is only allowed inside a range aggregation, e.g. \`${example}\``);
  return true;
};

const RECOGNISERS: Recogniser[] = [
  emptyLineFilter,
  aggregationAsStage,
  aggregationOfLogs,
  missingRange,
  singleQuotes,
  unterminatedString,
  strayRange,
  unknownFunction,
  missingBraces,
  emptySelector,
  comparisonWithString,
  unquotedValue,
  unknownStage,
  missingArgument,
  rangeOnlyKeyword,
  brackets,
];

/** What is expected where the error is, for the generic message. */
function expectation(err: SyntaxNode): string {
  const where = ancestor(err, 'Selector', 'Range', 'Grouping', 'GroupingLabels', 'LineFilter', 'PipelineStage', 'UnwrapExpr', 'LabelReplaceExpr');
  switch (where?.name) {
    case 'Selector':
      return 'a label matcher such as `app="api"` (operators `=`, `!=`, `=~`, `!~`, values in double quotes), then `}`';
    case 'Range':
      return 'a duration such as `5m`, then `]`';
    case 'Grouping':
    case 'GroupingLabels':
      return 'label names separated by commas, in parentheses: `by (host, level)`';
    case 'LineFilter':
      return `a string in quotes after the line filter operator (${Object.keys(LINE_FILTER_OPERATORS).join(' ')})`;
    case 'UnwrapExpr':
      return 'a label name after `unwrap`, optionally in `bytes(...)`, `duration(...)` or `duration_seconds(...)`';
    case 'LabelReplaceExpr':
      return '`label_replace(<metric query>, "dst", "replacement", "src", "regex")`';
    case 'PipelineStage':
      return STAGE_LIST;
  }
  return err.from === 0 || !err.parent?.parent
    ? 'a stream selector such as `{app="api"}`, or a metric query such as `rate({app="api"}[5m])`'
    : 'an operator, `|` and a pipeline stage, or the end of the query';
}

function tokenAt(text: string, offset: number): string {
  const m = /^(?:"(?:[^"\\\n]|\\.)*"?|`[^`]*`?|[A-Za-z_][\w:]*|\d[\w.]*|[|!=~<>]{1,2}|\S)/.exec(text.slice(offset));
  return m ? m[0] : '';
}

function genericError(ctx: QueryContext, err: SyntaxNode): void {
  const rest = ctx.query.slice(err.from);
  const skipped = rest.length - rest.trimStart().length;
  const token = tokenAt(ctx.query, err.from + skipped);
  const expected = expectation(err);
  if (!token) {
    const at = endOfPrevious(ctx.query, err.from);
    const prev = Math.max(0, at - 1);
    report(ctx, 'syntax', prev, at, `unexpected end of query: expected ${expected}`);
    return;
  }
  const from = err.from + skipped;
  report(ctx, 'syntax', from, from + token.length, `unexpected \`${token}\`: expected ${expected}`);
}

/**
 * All error nodes, in document order, except where the grammar is narrower than Loki: Loki accepts an
 * `offset` after the range of a log range with `unwrap` (`{...} | unwrap x [5m] offset 1h`), the grammar does not.
 */
export function errorNodes(nodes: SyntaxNode[]): SyntaxNode[] {
  const errors = nodes.filter(isError);
  return errors.filter((e, i) => !isOffsetAfterUnwrapRange(e) && !(i > 0 && isOffsetAfterUnwrapRange(errors[i - 1]) && e.firstChild?.name === 'Duration'));
}

function isOffsetAfterUnwrapRange(err: SyntaxNode): boolean {
  const logRange = err.prevSibling;
  return (
    err.firstChild?.name === 'Offset' &&
    logRange?.name === 'LogRangeExpr' &&
    logRange.lastChild?.name === 'Range' &&
    !!child(logRange, 'UnwrapExpr') &&
    err.nextSibling?.type.isError === true &&
    err.nextSibling.firstChild?.name === 'Duration'
  );
}
