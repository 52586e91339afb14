// The one entry point for checking a LogQL query: syntax with Grafana's grammar, then the rules Loki applies
// after parsing. Used by the validators of .logql files, dashboards and provisioning files, by `lb-obs logql
// check`, and by the Grafana link builder to prove that the queries it generates are valid.
import { substituteVariables } from './grafanaVariables';
import { checkLiterals, LITERAL_NODES } from './literalChecks';
import { LogQLProblem, QueryContext, report, ValidateOptions } from './problems';
import { checkStructure, STRUCTURE_NODES } from './structureChecks';
import { checkSyntax, errorNodes } from './syntaxErrors';
import { nodesNamed, parseLogQL } from './syntaxTree';

export type { LogQLFix, LogQLProblem, LogQLSeverity, ValidateOptions } from './problems';

const CHECKED_NODES = new Set([...LITERAL_NODES, ...STRUCTURE_NODES]);

/** Loki refuses longer queries (pkg/logql/syntax/parser.go, maxInputSize). */
const MAX_QUERY_BYTES = 5120;

export function validateLogQL(query: string, options: ValidateOptions = {}): LogQLProblem[] {
  const resolved: Required<ValidateOptions> = {
    grafanaVariables: options.grafanaVariables ?? true,
    defaultRange: options.defaultRange ?? '5m',
    expect: options.expect ?? 'any',
  };
  const substituted = resolved.grafanaVariables ? substituteVariables(query) : { text: query, variables: [] };
  const tree = parseLogQL(substituted.text);
  const ctx: QueryContext = { query, substituted, tree, options: resolved, problems: [] };
  if (query.trim() === '' || /^\s*(#[^\n]*\s*)*$/.test(query)) {
    report(ctx, 'empty-query', 0, query.length, 'empty query: write a stream selector such as `{app="api"}`');
    return ctx.problems;
  }
  const bytes = Buffer.byteLength(query, 'utf8');
  if (bytes >= MAX_QUERY_BYTES) {
    report(ctx, 'too-long', 0, query.length, `the query is ${bytes} bytes long; Loki refuses queries of ${MAX_QUERY_BYTES} bytes or more`);
  }
  const nodes = nodesNamed(tree, CHECKED_NODES);
  const errors = errorNodes(nodes);
  const hasSyntaxError = checkSyntax(ctx, errors);
  checkLiterals(ctx, nodes, errors);
  if (!hasSyntaxError && errors.length === 0) checkStructure(ctx, nodes);
  return ctx.problems.sort((a, b) => a.start - b.start || a.end - b.end);
}
