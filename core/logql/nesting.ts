// How deeply a LogQL query nests its parentheses, found by a flat scan. Grafana's grammar builds its tree with
// one recursive call per level: a few hundred levels deep, on a stack a language-server request already uses,
// it overflows (a fuzzed document of 10,000 `(` did, under load). Loki's own parser (Go, whose stack grows)
// has no such limit, so a query deeper than ours is left to it.
import { nestingScan } from '../text/nestingDepth';

/** Far beyond any real query (a handful of levels), well below where the grammar overflows (~440 on a quarter of the stack). */
export const MAX_LOGQL_DEPTH = 256;

const logqlScan = nestingScan({ opens: '(', closes: ')', backtickStrings: true, hashComments: true });

/** The offset of the `(` that opens level `limit + 1`, or undefined when the query stays within `limit`. */
export function logqlNestingBeyond(text: string, limit = MAX_LOGQL_DEPTH): number | undefined {
  return logqlScan(text, limit);
}
