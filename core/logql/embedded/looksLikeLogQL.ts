// When a query's datasource cannot be told, only text that cannot be PromQL is treated as LogQL: PromQL has
// no pipes and no line filters, and a few range functions exist only in LogQL.
const LOG_PIPELINE = /\}\s*(?:\||![=~>]\s*["`])/;
const LOGQL_ONLY_FUNCTIONS = /\b(?:bytes_over_time|bytes_rate|rate_counter)\s*\(/;

export function looksLikeLogQL(expr: string): boolean {
  return LOG_PIPELINE.test(expr) || LOGQL_ONLY_FUNCTIONS.test(expr);
}
