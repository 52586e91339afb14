// Rules Loki applies to a query that parses (pkg/logql/syntax: validateExpr, RangeAggregationExpr.validate,
// mustNewVectorAggregationExpr, mustNewBinOpExpr) and that the grammar does not encode. They run only on a
// tree without syntax errors, where every node has the children its rule promises.
import { decodeLogQLString } from './goStrings';
import { touchesVariable } from './grafanaVariables';
import { rangeFunction, vectorOperator } from './catalog';
import { checkRe2 } from './re2';
import { child, children, nestedItems, SyntaxNode } from './syntaxTree';
import { NodeCheck, QueryContext, report, textOf } from './problems';

/** Each kind of node checkStructure looks at, with its check. */
const STRUCTURE_CHECKS = new Map<string, NodeCheck>([
  ['Selector', checkSelector],
  ['RangeAggregationExpr', checkRangeAggregation],
  ['VectorAggregationExpr', checkVectorAggregation],
  ['BinOpExpr', checkBinaryOperands],
]);

/** The nodes checkStructure looks at. */
export const STRUCTURE_NODES = [...STRUCTURE_CHECKS.keys()];

export function checkStructure(ctx: QueryContext, nodes: SyntaxNode[]): void {
  for (const node of nodes) STRUCTURE_CHECKS.get(node.name)?.(ctx, node);
  if (ctx.options.expect === 'log') checkIsLogQuery(ctx);
}

/** Whether a matcher matches a missing label (the empty value): such matchers select no streams by themselves. */
function matchesEmpty(ctx: QueryContext, matcher: SyntaxNode): boolean {
  const value = child(matcher, 'String');
  if (!value || touchesVariable(ctx.substituted.variables, value.from, value.to)) return false;
  const decoded = decodeLogQLString(textOf(ctx, value));
  if (decoded.badEscapes.length > 0) return false;
  if (child(matcher, 'Eq')) return decoded.value === '';
  if (child(matcher, 'Neq')) return decoded.value !== '';
  const re = checkRe2(decoded.value);
  if (!re.ok) return false;
  return child(matcher, 'Re') ? re.matchesEmpty : !re.matchesEmpty;
}

function checkSelector(ctx: QueryContext, selector: SyntaxNode): void {
  const matchers = nestedItems(selector, 'Matchers', 'Matcher');
  if (matchers.length === 0 || !matchers.every((m) => matchesEmpty(ctx, m))) return;
  // The common case `{app=~".*"}`: offer `.+`, which keeps the intent and requires the label.
  const dotStar = matchers.find((m) => child(m, 'Re') && /^(["`])\.\*\1$/.test(textOf(ctx, child(m, 'String')!)));
  const value = dotStar && child(dotStar, 'String')!;
  report(
    ctx,
    'selector-matches-everything',
    selector.from,
    selector.to,
    'every matcher in this selector also matches streams without the label (the empty value), so it would select all streams; ' +
      'Loki refuses such queries: add a matcher that requires a value, e.g. `app="api"` or `app=~".+"`',
    value ? { title: 'Require a value: use ".+" instead of ".*"', newText: textOf(ctx, value).replace('.*', '.+'), start: value.from, end: value.to } : undefined,
  );
}

function checkRangeAggregation(ctx: QueryContext, node: SyntaxNode): void {
  const op = child(node, 'RangeOp');
  const logRange = child(node, 'LogRangeExpr');
  if (!op || !logRange) return;
  const name = textOf(ctx, op).toLowerCase();
  const fn = rangeFunction(name);
  if (!fn) return;
  const unwrap = findUnwrap(logRange);
  if (fn.unwrap === 'required' && !unwrap) {
    report(
      ctx,
      'unwrap-required',
      op.from,
      op.to,
      `\`${name}\` aggregates values, so the log query needs \`| unwrap <label>\` to say which label holds them ` +
        `(e.g. \`| logfmt | unwrap duration_ms\`); to count lines use \`count_over_time\``,
    );
  } else if (fn.unwrap === 'forbidden' && unwrap) {
    report(
      ctx,
      'unwrap-not-allowed',
      unwrap.from,
      unwrap.to,
      `\`${name}\` works on the log lines themselves and cannot use \`unwrap\`: remove it, or aggregate the values with \`sum_over_time\`, \`avg_over_time\`, ...`,
    );
  }
  const param = child(node, 'Number');
  if (fn.param && !param) {
    report(ctx, 'missing-parameter', op.from, op.to, `\`${name}\` needs the quantile as first argument, e.g. \`${name}(0.99, {...} | unwrap latency [5m])\``);
  } else if (!fn.param && param) {
    report(ctx, 'unexpected-parameter', param.from, param.to, `\`${name}\` takes no numeric parameter: remove \`${textOf(ctx, param)}\``);
  }
  const grouping = child(node, 'Grouping');
  if (grouping && !fn.grouping) {
    const inner = ctx.query.slice(node.from, grouping.from).trimEnd();
    report(
      ctx,
      'grouping-not-allowed',
      grouping.from,
      grouping.to,
      `\`${name}\` cannot group its result: aggregate it instead, e.g. \`sum ${textOf(ctx, grouping)} (${inner})\``,
      { title: `Group with sum ${textOf(ctx, grouping)} (...)`, newText: `sum ${textOf(ctx, grouping)} (${inner})`, start: node.from, end: node.to },
    );
  }
}

function findUnwrap(node: SyntaxNode): SyntaxNode | null {
  for (const c of children(node)) {
    if (c.name === 'UnwrapExpr') return c;
    if (c.name === 'LogRangeExpr') {
      const nested = findUnwrap(c);
      if (nested) return nested;
    }
  }
  return null;
}

function checkVectorAggregation(ctx: QueryContext, node: SyntaxNode): void {
  const op = child(node, 'VectorOp');
  if (!op) return;
  const name = textOf(ctx, op).toLowerCase();
  const info = vectorOperator(name);
  if (!info) return;
  const param = child(node, 'Number');
  if (info.param) {
    if (!param) {
      report(ctx, 'missing-parameter', op.from, op.to, `\`${name}\` needs the number of series as first argument, e.g. \`${name}(10, sum by (host) (rate({...}[5m])))\``);
    } else if (!touchesVariable(ctx.substituted.variables, param.from, param.to)) {
      const text = textOf(ctx, param);
      if (!/^\d+$/.test(text) || Number(text) <= 0) {
        report(ctx, 'invalid-parameter', param.from, param.to, `\`${name}\` needs a whole number greater than 0 as first argument, not \`${text}\``);
      }
    }
  } else if (param) {
    report(ctx, 'unexpected-parameter', param.from, param.to, `\`${name}\` takes no numeric parameter: remove \`${textOf(ctx, param)}\` (did you mean \`topk\`?)`);
  }
  const grouping = child(node, 'Grouping');
  if (grouping && !info.grouping && child(grouping, 'Labels')) {
    report(ctx, 'grouping-not-allowed', grouping.from, grouping.to, `\`${name}\` orders series by value and cannot group them: remove \`${textOf(ctx, grouping)}\``);
  }
}

/** Binary operators combine samples; a bare log query on either side is an error in Loki. */
function checkBinaryOperands(ctx: QueryContext, node: SyntaxNode): void {
  for (const operand of children(node).filter((c) => c.name === 'Expr')) {
    const log = child(operand, 'LogExpr');
    if (!log) continue;
    const text = textOf(ctx, log);
    const withRange = `count_over_time(${text}${text.endsWith('}') ? '' : ' '}[${ctx.options.defaultRange}])`;
    report(
      ctx,
      'binary-on-logs',
      log.from,
      log.to,
      'arithmetic and comparisons work on metric queries, but this side is a log query: turn it into samples with a range aggregation, e.g. ' +
        `\`${withRange}\``,
      { title: 'Count the lines with count_over_time', newText: withRange, start: log.from, end: log.to },
    );
  }
}

function checkIsLogQuery(ctx: QueryContext): void {
  const expr = child(ctx.tree.topNode, 'Expr');
  if (expr && !child(expr, 'LogExpr')) {
    report(ctx, 'log-query-expected', expr.from, expr.to, 'a stream selector is expected here (e.g. `{app="api"}`), not a metric query');
  }
}
