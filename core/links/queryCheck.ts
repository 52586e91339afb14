// Whether a query built or given for a link is valid LogQL. Until the LogQL engine's full validation
// (core/logql) is available to call, this is the grammar Grafana's own editor uses: any error node fails.
import { allNodes, isError, parseLogQL } from '../logql/syntaxTree';

/** The first syntax error as `line L, column C` (1-based), or undefined when the query parses cleanly. */
export function logqlSyntaxError(query: string): string | undefined {
  const node = allNodes(parseLogQL(query)).find(isError);
  if (!node) return undefined;
  const before = query.slice(0, node.from).split('\n');
  return `syntax error at line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
