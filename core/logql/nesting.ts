// How deeply a LogQL query nests its parentheses, found by a flat scan. Grafana's grammar builds its tree with
// one recursive call per level: a few hundred levels deep, on a stack a language-server request already uses,
// it overflows (a fuzzed document of 10,000 `(` did, under load). Loki's own parser (Go, whose stack grows)
// has no such limit, so a query deeper than ours is left to it.

/** Far beyond any real query (a handful of levels), well below where the grammar overflows (~440 on a quarter of the stack). */
export const MAX_LOGQL_DEPTH = 256;

/** The offset of the `(` that opens level `limit + 1`, or undefined when the query stays within `limit`. */
export function logqlNestingBeyond(text: string, limit = MAX_LOGQL_DEPTH): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 92 /* \ */) i++;
        else if (s === 34 || s === 10 /* an unterminated string ends at its line */) break;
      }
    } else if (c === 96 /* ` */) {
      const close = text.indexOf('`', i + 1);
      i = close < 0 ? text.length : close;
    } else if (c === 35 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === 40 /* ( */) {
      if (++depth > limit) return i;
    } else if (c === 41 /* ) */) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}
