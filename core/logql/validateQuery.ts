// The one entry point for checking a LogQL query. Loki's own parser (lokiParser.ts) decides whether the query
// is valid; Grafana's grammar (@grafana/lezer-logql) and our checks give positions, explanations and fixes:
// - Loki accepts: our errors are dropped (they would be false errors; warnings stay);
// - Loki rejects and our checks explain why: our error is reported;
// - Loki rejects and our checks found nothing: Loki's message, at the position Loki gives.
// Used by the validators of .logql files, dashboards and provisioning files, by `lb-obs logql check`, and by the
// Grafana link builder to prove that the queries it generates are valid.
import { lokiText, substituteVariables, touchesVariable, variableAt } from './grafanaVariables';
import { checkLiterals, LITERAL_NODES } from './literalChecks';
import { lokiLexerCost, LokiVerdict, lokiVerdict } from './lokiParser';
import { MAX_LOGQL_DEPTH, logqlNestingBeyond } from './nesting';
import { LogQLProblem, QueryContext, report, ValidateOptions } from './problems';
import { checkStructure, STRUCTURE_NODES } from './structureChecks';
import { checkSyntax, errorNodes } from './syntaxErrors';
import { nodesNamed, parseLogQL } from './syntaxTree';

export type { LogQLFix, LogQLProblem, LogQLSeverity, ValidateOptions } from './problems';

const CHECKED_NODES = new Set([...LITERAL_NODES, ...STRUCTURE_NODES]);

/** Loki refuses queries this long or longer (pkg/logql/syntax/parser.go, maxInputSize). */
const MAX_QUERY_BYTES = 131072;

/** Beyond this (about a quarter of a second of Loki's lexer), the query is left to the grammar's checks. */
const MAX_LOKI_LEXER_COST = 20_000_000;
const LOKI_SKIPPED =
  "not checked by Loki's own parser: its lexer rescans the rest of the query after every `bytes`, `duration`, `ip`, `sum`... " +
  'that is not a function call, which would take seconds here (Loki takes as long); checked with the grammar only';

const TOO_DEEP =
  `parentheses nested more than ${MAX_LOGQL_DEPTH} levels deep: checked by Loki's own parser only (no hover, completion or hints inside)`;

/** An error that does not depend on Loki's parser: what the query is for (a log query), not whether it parses. */
const CONTEXT_ERROR = 'logql/log-query-expected';

export function validateLogQL(query: string, options: ValidateOptions = {}): LogQLProblem[] {
  const resolved: Required<ValidateOptions> = {
    grafanaVariables: options.grafanaVariables ?? true,
    defaultRange: options.defaultRange ?? '5m',
    expect: options.expect ?? 'any',
  };
  const substituted = resolved.grafanaVariables ? substituteVariables(query) : { text: query, variables: [] };
  if (query.trim() === '' || /^\s*(#[^\n]*\s*)*$/.test(query)) {
    const ctx: QueryContext = { query, substituted, tree: parseLogQL(''), options: resolved, problems: [] };
    report(ctx, 'empty-query', 0, query.length, 'empty query: write a stream selector such as `{app="api"}`');
    return ctx.problems;
  }
  const bytes = Buffer.byteLength(query, 'utf8');
  if (bytes >= MAX_QUERY_BYTES) {
    // Loki refuses it before parsing; nothing else we could say would help.
    const ctx: QueryContext = { query, substituted, tree: parseLogQL(''), options: resolved, problems: [] };
    report(ctx, 'too-long', 0, query.length, `the query is ${bytes} bytes long; Loki refuses queries of ${MAX_QUERY_BYTES} bytes or more`);
    return ctx.problems;
  }
  const deep = logqlNestingBeyond(substituted.text);
  if (deep !== undefined) {
    // The grammar cannot build its tree; Loki's verdict stands alone.
    const ctx: QueryContext = { query, substituted, tree: parseLogQL(''), options: resolved, problems: [] };
    report(ctx, 'too-deep', deep, deep + 1, TOO_DEEP, undefined, 'information');
    const loki = lokiText(substituted);
    const verdict = lokiVerdict(loki.text);
    if (verdict) applyLokiVerdict(ctx, verdict, loki, 0);
    return ctx.problems.sort((a, b) => a.start - b.start || a.end - b.end);
  }
  const tree = parseLogQL(substituted.text);
  const ctx: QueryContext = { query, substituted, tree, options: resolved, problems: [] };
  const nodes = nodesNamed(tree, CHECKED_NODES);
  const errors = errorNodes(nodes);
  const hasSyntaxError = checkSyntax(ctx, errors);
  const syntaxProblems = ctx.problems.length;
  checkLiterals(ctx, nodes, errors);
  if (!hasSyntaxError && errors.length === 0) checkStructure(ctx, nodes);
  const loki = lokiText(substituted);
  if (lokiLexerCost(loki.text) > MAX_LOKI_LEXER_COST) {
    report(ctx, 'loki-skipped', 0, query.length, LOKI_SKIPPED, undefined, 'information');
  } else {
    const verdict = lokiVerdict(loki.text);
    if (verdict) applyLokiVerdict(ctx, verdict, loki, syntaxProblems);
  }
  return ctx.problems.sort((a, b) => a.start - b.start || a.end - b.end);
}

type LokiText = ReturnType<typeof lokiText>;

function applyLokiVerdict(ctx: QueryContext, verdict: LokiVerdict, loki: LokiText, syntaxProblems: number): void {
  if (verdict.ok) {
    // Where the grammar lags Loki, its syntax errors are wrong; a literal or structure rule Loki's parser does
    // not apply may still fail at run time (label_replace's destination, checked only when series exist).
    ctx.problems = ctx.problems
      .filter((p, i) => i >= syntaxProblems || p.severity !== 'error' || p.code === CONTEXT_ERROR)
      .map((p) => (p.severity === 'error' && p.code !== CONTEXT_ERROR ? { ...p, severity: 'warning' } : p));
    return;
  }
  if (ctx.problems.some((p) => p.severity === 'error')) return;
  const [start, end] = lokiErrorRange(ctx, verdict, loki);
  // Like Grafana, an error at a variable is the variable's value's business (our placeholder is not its value);
  // so is an error without a position in a query or stage that holds one.
  if (ctx.substituted.variables.length > 0 && (variableAt(ctx.substituted.variables, start, end) || followsVariable(ctx, start))) return;
  if (verdict.line === 0 && touchesVariable(ctx.substituted.variables, start, end)) return;
  report(ctx, 'loki', start, end, `Loki: ${verdict.error}`);
}

function followsVariable(ctx: QueryContext, offset: number): boolean {
  const before = ctx.query.slice(0, offset).trimEnd().length;
  return ctx.substituted.variables.some((v) => !v.inString && v.end === before);
}

/** The query range of Loki's error: the token at Loki's line and column, or the whole query without one. */
function lokiErrorRange(ctx: QueryContext, verdict: { error: string; line: number; col: number }, loki: LokiText): [number, number] {
  const text = ctx.query;
  if (verdict.line <= 0) {
    // Loki names a failing pipeline stage by its text: point at it when it is written that way.
    const stage = /^stage '(.*?)' : /s.exec(verdict.error)?.[1];
    const at = stage ? text.indexOf(stage) : -1;
    return at >= 0 ? [at, at + stage!.length] : [0, text.length];
  }
  const lokiQuery = loki.text;
  let offset = 0;
  for (let line = 1; line < verdict.line && offset < lokiQuery.length; line++) {
    const nl = lokiQuery.indexOf('\n', offset);
    offset = nl < 0 ? lokiQuery.length : nl + 1;
  }
  // Loki counts columns in characters (code points), JavaScript in UTF-16 units.
  for (let col = 1; col < verdict.col && offset < lokiQuery.length; col++) offset += lokiQuery.codePointAt(offset)! > 0xffff ? 2 : 1;
  const start = Math.min(loki.toQuery(offset), text.length);
  if (start >= text.trimEnd().length) {
    // At the end of the query (`unexpected $end`): the last character written.
    const last = text.trimEnd().length;
    return [Math.max(0, last - 1), last];
  }
  const token = /^(?:"(?:[^"\\\n]|\\.)*"?|`[^`]*`?|[A-Za-z_][\w.]*|\d[\w.]*|[|!=~<>]{1,2}|\S)/.exec(text.slice(start, start + 200));
  return [start, start + (token ? token[0].length : 1)];
}
