// Grafana template variables in LogQL (`$var`, `${var}`, `${var:fmt}`, `[[var]]`, `$__auto`, ...). The LogQL
// grammar does not know them, so, like Grafana's own query editor, we replace each one with a placeholder
// that fits where it stands and validate the result. Placeholders have exactly the variable's length, so every
// offset in the substituted text is also an offset in the original query: no position mapping is needed.

/** Grafana's own variable syntax (public/app/features/variables/utils.ts). */
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

export interface VariableSpan {
  start: number;
  end: number;
  name: string;
  /** Inside a string literal, where the grammar accepts any text: left unchanged. */
  inString: boolean;
}

export interface SubstitutedQuery {
  /** The query with every variable outside strings replaced by a same-length placeholder. */
  text: string;
  variables: VariableSpan[];
}

const NUMBER_FUNCTIONS = new Set(['topk', 'bottomk', 'approx_topk', 'quantile_over_time', 'vector']);

/** Grafana's built-in variables whose value is a number, not a duration (public/app/plugins/datasource/loki). */
const NUMBER_VARIABLES = new Set(['__range_s', '__range_ms', '__interval_ms']);

/** Offsets covered by string literals and `#` comments, so that variables there are recognised as such. */
function literalSpans(query: string): Array<{ start: number; end: number; comment: boolean }> {
  const spans: Array<{ start: number; end: number; comment: boolean }> = [];
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '"') {
      let j = i + 1;
      while (j < query.length && query[j] !== '"' && query[j] !== '\n') j += query[j] === '\\' ? 2 : 1;
      spans.push({ start: i, end: Math.min(j + 1, query.length), comment: false });
      i = j;
    } else if (c === '`') {
      const j = query.indexOf('`', i + 1);
      const end = j < 0 ? query.length : j + 1;
      spans.push({ start: i, end, comment: false });
      i = end - 1;
    } else if (c === '#') {
      const j = query.indexOf('\n', i);
      const end = j < 0 ? query.length : j;
      spans.push({ start: i, end, comment: true });
      i = end;
    }
  }
  return spans;
}

/** The placeholder for a variable outside strings, chosen from the text just before it. */
function placeholder(query: string, start: number, length: number, name: string): string {
  let i = start - 1;
  while (i >= 0 && /\s/.test(query[i])) i--;
  const before = query.slice(Math.max(0, i - 15), i + 1);
  // Ranges and offsets take a duration; padding with spaces keeps the length (the grammar skips blanks).
  if (query[i] === '[' || /\boffset$/i.test(before)) return '1s'.padEnd(length, ' ');
  if (NUMBER_VARIABLES.has(name)) return '1'.padEnd(length, ' ');
  // Comparisons and the numeric first argument of topk/quantile_over_time/vector take a number.
  if (/(?:[<>]=?|==|!=)$/.test(before) && !insideBraces(query, start)) return '1'.padEnd(length, ' ');
  if (query[i] === '(') {
    const fn = /(\w+)\s*$/.exec(query.slice(Math.max(0, i - 25), i));
    if (fn && NUMBER_FUNCTIONS.has(fn[1].toLowerCase())) return '1'.padEnd(length, ' ');
  }
  // Anything else (label names in `by (...)`, in matchers, ...) becomes an identifier of the same length.
  return '_' + query.slice(start + 1, start + length).replace(/\W/g, '_');
}

function insideBraces(query: string, offset: number): boolean {
  const open = query.lastIndexOf('{', offset);
  return open >= 0 && query.lastIndexOf('}', offset) < open;
}

export function substituteVariables(query: string): SubstitutedQuery {
  if (!query.includes('$') && !query.includes('[[')) return { text: query, variables: [] };
  const literals = literalSpans(query);
  const variables: VariableSpan[] = [];
  let text = '';
  let last = 0;
  VARIABLE.lastIndex = 0;
  for (let m = VARIABLE.exec(query); m; m = VARIABLE.exec(query)) {
    const start = m.index;
    const end = start + m[0].length;
    const literal = literals.find((s) => s.start <= start && start < s.end);
    if (literal?.comment) continue;
    const name = m[1] ?? m[2] ?? m[4];
    const inString = !!literal;
    variables.push({ start, end, name, inString });
    if (inString) continue;
    text += query.slice(last, start) + placeholder(query, start, end - start, name);
    last = end;
  }
  return { text: text + query.slice(last), variables };
}

/** The variable (outside strings) that overlaps [start, end), if any. */
export function variableAt(variables: VariableSpan[], start: number, end: number): VariableSpan | undefined {
  return variables.find((v) => !v.inString && v.start < Math.max(end, start + 1) && start < v.end);
}

/** Whether [start, end) touches any variable, in a string or not. */
export function touchesVariable(variables: VariableSpan[], start: number, end: number): boolean {
  return variables.some((v) => v.start < end && start < v.end);
}

/**
 * The substituted query as Loki must see it: padded placeholders trimmed (Loki reads `[1s   ]` as an unknown
 * unit), with a map from its offsets back to the query's.
 */
export function lokiText(substituted: SubstitutedQuery): { text: string; toQuery(offset: number): number } {
  const padded = substituted.variables.filter((v) => !v.inString && substituted.text[v.end - 1] === ' ');
  if (padded.length === 0) return { text: substituted.text, toQuery: (offset) => offset };
  let text = '';
  let last = 0;
  // For each trimmed placeholder: where it ends in the Loki text, and in the query.
  const shifts: Array<{ lokiEnd: number; queryStart: number; queryEnd: number }> = [];
  for (const v of padded) {
    const value = substituted.text.slice(v.start, v.end).trimEnd();
    text += substituted.text.slice(last, v.start) + value;
    shifts.push({ lokiEnd: text.length, queryStart: v.start, queryEnd: v.end });
    last = v.end;
  }
  text += substituted.text.slice(last);
  return {
    text,
    toQuery(offset) {
      let delta = 0;
      for (const s of shifts) {
        if (offset < s.lokiEnd) return Math.min(offset + delta, s.queryEnd);
        delta = s.queryEnd - s.lokiEnd;
      }
      return offset + delta;
    },
  };
}
