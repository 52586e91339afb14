// Whether a LogQL query is a metric query (a table of numbers, `query_range` answers a matrix) or a log query
// (lines): from the grammar's tree, so that each is sent where it belongs; Loki still judges the query itself.
import { parseLogQL } from './syntaxTree';

export function isMetricQuery(query: string): boolean {
  return parseLogQL(query).topNode.getChild('Expr')?.firstChild?.name === 'MetricExpr';
}
