// The shape of what LogQL validation reports, and the state the individual checks share for one query.
import type { SubstitutedQuery } from './grafanaVariables';
import type { LogQLTree, SyntaxNode } from './syntaxTree';
import { shortenCodeSpans } from '../text/userText';

export type LogQLSeverity = 'error' | 'warning' | 'information';

/** A replacement of [start, end) of the query by `newText`. */
export interface LogQLFix {
  title: string;
  newText: string;
  start: number;
  end: number;
}

export interface LogQLProblem {
  /** Offsets in the query (UTF-16 code units, as JavaScript strings count). */
  start: number;
  end: number;
  severity: LogQLSeverity;
  message: string;
  /** Stable identifier, `logql/<name>`. */
  code: string;
  fix?: LogQLFix;
}

export interface ValidateOptions {
  /** Accept Grafana variables (`$var`, `${var}`, `$__auto`, ...). Default true; false checks plain Loki LogQL. */
  grafanaVariables?: boolean;
  /** The range used in suggested fixes. Default `5m`; Grafana contexts pass `$__auto`. */
  defaultRange?: string;
  /** `log` where only a log query is meaningful (a variable's stream selector). Default `any`. */
  expect?: 'any' | 'log';
}

export interface QueryContext {
  /** The query as written. */
  query: string;
  /** The query with Grafana variables replaced (same length, same offsets). */
  substituted: SubstitutedQuery;
  tree: LogQLTree;
  options: Required<ValidateOptions>;
  problems: LogQLProblem[];
}

/** A check of one kind of syntax node (literalChecks.ts and structureChecks.ts map node names to theirs). */
export type NodeCheck = (ctx: QueryContext, node: SyntaxNode) => void;

export function report(
  ctx: QueryContext,
  code: string,
  start: number,
  end: number,
  message: string,
  fix?: LogQLFix,
  severity: LogQLSeverity = 'error',
): void {
  // Messages quote the query in code spans: a huge token is shown shortened.
  ctx.problems.push({ start, end: Math.max(end, start), severity, message: shortenCodeSpans(message), code: `logql/${code}`, ...(fix ? { fix } : {}) });
}

/** The query's text of [from, to), as written (variables unsubstituted). */
export function textOf(ctx: QueryContext, node: { from: number; to: number }): string {
  return ctx.query.slice(node.from, node.to);
}
