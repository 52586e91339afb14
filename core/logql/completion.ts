// What to complete at a position in a LogQL query. The query before the cursor is usually incomplete, so the
// situation is read from its tokens (inside which brackets, after which operator) rather than from the parse
// tree; the candidates are then built from the catalog and from label names/values the caller supplies.
import { PIPELINE_STAGES, RANGE_FUNCTIONS, VECTOR_OPERATORS } from './catalog';

export type CompletionSituation =
  | { kind: 'label-name'; start: number; end: number; used: string[] }
  | { kind: 'label-value'; start: number; end: number; label: string; operator: string; quoted: boolean; selector: string }
  | { kind: 'stage'; start: number; end: number }
  | { kind: 'grouping-label'; start: number; end: number }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'function'; start: number; end: number }
  | { kind: 'none' };

export interface LogQLCompletion {
  label: string;
  kind: 'label' | 'value' | 'stage' | 'function' | 'duration';
  /** Snippet syntax (`${1:x}`) when `snippet` is true, else plain text. */
  insertText: string;
  snippet: boolean;
  detail?: string;
  documentation?: string;
}

interface Token {
  text: string;
  start: number;
  /** An unterminated string reaching the cursor. */
  open?: boolean;
}

const OPERATOR = /^(?:\|=|\|~|\|>|!=|!~|!>|=~|==|>=|<=|[{}()[\],|=<>+\-*/%^])/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c === '"' && text[j] === '\n')) j += c === '"' && text[j] === '\\' ? 2 : 1;
      const closed = j < text.length && text[j] === c;
      tokens.push({ text: text.slice(i, closed ? j + 1 : j), start: i, open: !closed });
      i = closed ? j + 1 : text.length;
    } else {
      const word = /^(?:[A-Za-z_$][\w:$]*|\$\{[^}]*\}?|\d[\w.]*)/.exec(text.slice(i));
      const op = word ? null : OPERATOR.exec(text.slice(i));
      const t = word?.[0] ?? op?.[0] ?? c;
      tokens.push({ text: t, start: i });
      i += t.length;
    }
  }
  return tokens;
}

const GROUPING_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const MATCH_OPERATORS = new Set(['=', '!=', '=~', '!~']);

/** Reads where the cursor is: which brackets enclose it and what comes right before it. */
export function completionSituation(query: string, offset: number): CompletionSituation {
  const tokens = tokenize(query.slice(0, offset));
  const last = tokens[tokens.length - 1];
  if (last?.open) return stringSituation(query, tokens, offset);
  if (last && (last.text.startsWith('"') || last.text.startsWith('`')) && last.start + last.text.length === offset) return { kind: 'none' };
  // The word being typed (replaced by the completion) and the tokens before it.
  const partial = last && /^[A-Za-z_$][\w:$]*$|^\d[\w.]*$/.test(last.text) && last.start + last.text.length === offset ? last : undefined;
  const before = partial ? tokens.slice(0, -1) : tokens;
  const start = partial ? partial.start : offset;
  const prev = before[before.length - 1];
  const stack: Array<{ char: string; index: number }> = [];
  before.forEach((t, index) => {
    if (t.text === '{' || t.text === '(' || t.text === '[') stack.push({ char: t.text, index });
    else if ((t.text === '}' || t.text === ')' || t.text === ']') && stack.length) stack.pop();
  });
  const top = stack[stack.length - 1];
  if (top?.char === '{') {
    if (prev?.text === '{' || prev?.text === ',') return { kind: 'label-name', start, end: offset, used: usedLabels(before.slice(top.index)) };
    if (prev && MATCH_OPERATORS.has(prev.text)) return valueSituation(before, before.length - 1, start, offset, false, query);
    return { kind: 'none' };
  }
  if (top?.char === '[') return { kind: 'range', start, end: offset };
  if (top?.char === '(' && GROUPING_WORDS.has(before[top.index - 1]?.text.toLowerCase() ?? '')) {
    return prev?.text === '(' || prev?.text === ',' ? { kind: 'grouping-label', start, end: offset } : { kind: 'none' };
  }
  if (prev?.text === '|') return { kind: 'stage', start, end: offset };
  if (prev && MATCH_OPERATORS.has(prev.text) && before[before.length - 2] && inPipeline(before)) {
    return valueSituation(before, before.length - 1, start, offset, false, query);
  }
  if (!prev || prev.text === '(' || prev.text === ',' || /^(?:[+\-*/%^]|==|!=|>=|<=|[<>]|and|or|unless)$/i.test(prev.text)) {
    return { kind: 'function', start, end: offset };
  }
  return { kind: 'none' };
}

function inPipeline(tokens: Token[]): boolean {
  return tokens.some((t) => t.text === '|');
}

function usedLabels(tokens: Token[]): string[] {
  return tokens.filter((t, i) => MATCH_OPERATORS.has(tokens[i + 1]?.text ?? '') && /^[A-Za-z_]/.test(t.text)).map((t) => t.text);
}

/** Inside an unterminated string: a label value if the string follows `label=` (or `!=`, `=~`, `!~`). */
function stringSituation(query: string, tokens: Token[], offset: number): CompletionSituation {
  const string = tokens[tokens.length - 1];
  const opIndex = tokens.length - 2;
  if (!string.text.startsWith('"') && !string.text.startsWith('`')) return { kind: 'none' };
  return valueSituation(tokens, opIndex, string.start + 1, offset, true, query);
}

function valueSituation(tokens: Token[], opIndex: number, start: number, end: number, quoted: boolean, query: string): CompletionSituation {
  const op = tokens[opIndex];
  const label = tokens[opIndex - 1];
  if (!op || !MATCH_OPERATORS.has(op.text) || !label || !/^[A-Za-z_]\w*$/.test(label.text)) return { kind: 'none' };
  // The stream selector (inside it: the matchers before this one), to ask Loki only for values that occur
  // together with it.
  const openIndex = tokens.slice(0, opIndex).map((t) => t.text).lastIndexOf('{');
  const open = tokens[openIndex];
  const close = open && tokens.slice(openIndex, opIndex).find((t) => t.text === '}');
  const inner = !open ? '' : close ? query.slice(open.start + 1, close.start) : query.slice(open.start + 1, label.start).replace(/,\s*$/, '');
  return { kind: 'label-value', start, end, label: label.text, operator: op.text, quoted, selector: inner.trim() ? `{${inner.trim()}}` : '' };
}

/** RE2 metacharacters, escaped so that a value inserted after `=~` matches only itself. */
function regexEscape(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The text to insert for a label value, given whether the cursor is already inside the quotes. */
export function valueInsertText(value: string, operator: string, quoted: boolean): string {
  const raw = operator === '=~' || operator === '!~' ? regexEscape(value) : value;
  const escaped = raw.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return quoted ? escaped : `"${escaped}"`;
}

const DURATIONS = ['$__auto', '1m', '5m', '15m', '1h', '6h', '24h', '$__interval', '$__range'];

function functionCompletions(): LogQLCompletion[] {
  const range = RANGE_FUNCTIONS.map((f): LogQLCompletion => {
    const body = f.param
      ? `${f.name}(\${1:0.99}, \${2} | unwrap \${3:label} [\${4:5m}])`
      : f.unwrap === 'required'
        ? `${f.name}(\${1} | unwrap \${2:label} [\${3:5m}])`
        : `${f.name}(\${1}[\${2:5m}])`;
    return { label: f.name, kind: 'function', insertText: body, snippet: true, detail: 'range function', documentation: f.doc };
  });
  const vector = VECTOR_OPERATORS.map((o): LogQLCompletion => {
    const body = o.param ? `${o.name}(\${1:10}, \${2})` : o.grouping ? `${o.name} by (\${1:label}) (\${2})` : `${o.name}(\${1})`;
    return { label: o.name, kind: 'function', insertText: body, snippet: true, detail: 'aggregation', documentation: o.doc };
  });
  return [
    ...range,
    ...vector,
    { label: 'label_replace', kind: 'function', insertText: 'label_replace(${1}, "${2:dst}", "${3:\\$1}", "${4:src}", "${5:(.*)}")', snippet: true, detail: 'function' },
    { label: 'vector', kind: 'function', insertText: 'vector(${1:0})', snippet: true, detail: 'function' },
  ];
}

/** Candidates for a situation; `labels` and `values` are what the caller knows (Loki, local logs, lb's names). */
export function completionItems(situation: CompletionSituation, labels: string[], values: string[]): LogQLCompletion[] {
  switch (situation.kind) {
    case 'label-name': {
      const used = new Set(situation.used);
      return labels.filter((l) => !used.has(l)).map((l) => ({ label: l, kind: 'label', insertText: l, snippet: false, detail: 'label' }));
    }
    case 'grouping-label':
      return labels.map((l) => ({ label: l, kind: 'label', insertText: l, snippet: false, detail: 'label' }));
    case 'label-value':
      return values.map((v) => ({
        label: v,
        kind: 'value',
        insertText: valueInsertText(v, situation.operator, situation.quoted),
        snippet: false,
        detail: `value of ${situation.label}`,
      }));
    case 'stage':
      return PIPELINE_STAGES.map((s) => ({ label: s.name, kind: 'stage', insertText: s.snippet, snippet: s.snippet.includes('$'), detail: 'pipeline stage', documentation: s.doc }));
    case 'range':
      return DURATIONS.map((d) => ({ label: d, kind: 'duration', insertText: d, snippet: false, detail: 'range' }));
    case 'function':
      return functionCompletions();
    case 'none':
      return [];
  }
}

/** Snippet text without its placeholders, for hosts where snippets cannot be inserted (JSON and YAML strings). */
export function snippetToPlain(snippet: string): string {
  return snippet.replace(/\$\{\d+:([^}]*)\}|\$\{\d+\}|\$\d+/g, (_, d: string | undefined) => d ?? '').replace(/\\\$/g, '$');
}
