// Hover text for the word under the cursor in a LogQL query: functions, aggregation operators, parser stages,
// filter and matcher operators, keywords, durations and Grafana's built-in variables.
import {
  KEYWORDS,
  LINE_FILTER_OPERATORS,
  MATCHER_OPERATORS,
  PARSER_FLAGS,
  pipelineStage,
  rangeFunction,
  vectorOperator,
} from './catalog';
import { describeDuration, durationMs } from './durations';
import { substituteVariables } from './grafanaVariables';
import { ancestor, parseLogQL, SyntaxNode } from './syntaxTree';

export interface LogQLHover {
  start: number;
  end: number;
  markdown: string;
}

const GRAFANA_VARIABLES: Record<string, string> = {
  __auto: 'the range Grafana picks from the time range and the panel width (use it in `[...]` for range functions).',
  __interval: 'the time between two points of the panel, derived from the time range and width.',
  __interval_ms: '`$__interval` in milliseconds.',
  __rate_interval: 'a range safe for `rate`: at least four scrape intervals (Prometheus-oriented; `$__auto` fits Loki better).',
  __range: 'the length of the dashboard time range, e.g. `6h`.',
  __range_s: 'the length of the time range in seconds.',
  __range_ms: 'the length of the time range in milliseconds.',
};

const STAGE_KEYWORDS = new Set(['Json', 'Logfmt', 'Regexp', 'Pattern', 'Unpack', 'LineFormat', 'LabelFormat', 'Decolorize', 'Drop', 'Keep', 'Unwrap']);

function rangeFunctionMarkdown(name: string): string | undefined {
  const fn = rangeFunction(name);
  if (!fn) return undefined;
  const unwrap = { required: 'needs `| unwrap <label>`', optional: 'works with or without `unwrap`', forbidden: 'counts lines: no `unwrap`' }[fn.unwrap];
  const signature = fn.param ? `${name}(φ, <log query> [range])` : `${name}(<log query> [range])`;
  return `**${signature}** — range function\n\n${fn.doc}\n\nIt ${unwrap}${fn.grouping ? '; may be followed by `by (...)`' : ''}.`;
}

function vectorMarkdown(name: string): string | undefined {
  const op = vectorOperator(name);
  if (!op) return undefined;
  const signature = op.param ? `${name} by (labels) (k, <metric query>)` : op.grouping ? `${name} by (labels) (<metric query>)` : `${name}(<metric query>)`;
  return `**${signature}** — aggregation operator\n\n${op.doc}`;
}

function markdownFor(node: SyntaxNode, word: string): string | undefined {
  const lower = word.toLowerCase();
  if (ancestor(node, 'RangeOp')) return rangeFunctionMarkdown(lower);
  if (ancestor(node, 'VectorOp')) return vectorMarkdown(lower);
  if (STAGE_KEYWORDS.has(node.name)) {
    const stage = pipelineStage(lower);
    return stage && `**${stage.name}** — pipeline stage\n\n${stage.doc}`;
  }
  if (node.name === 'ParserFlag') return PARSER_FLAGS[word] && `**${word}**\n\n${PARSER_FLAGS[word]}`;
  if (ancestor(node, 'Filter')) return LINE_FILTER_OPERATORS[word] && `**${word}**\n\n${LINE_FILTER_OPERATORS[word]}`;
  if (['Eq', 'Neq', 'Re', 'Nre'].includes(node.name) && ancestor(node, 'Matcher')) {
    return MATCHER_OPERATORS[word] && `**${word}**\n\n${MATCHER_OPERATORS[word]}`;
  }
  if (node.name === 'Duration' || node.name === 'Range') {
    const text = word.replace(/^\[|\]$/g, '');
    const ms = durationMs(text);
    return ms === undefined ? undefined : `**${text}** — duration: ${describeDuration(ms)}`;
  }
  if (lower in KEYWORDS && node.name !== 'Identifier' && node.name !== 'String') return `**${lower}**\n\n${KEYWORDS[lower]}`;
  return undefined;
}

export function hoverLogQL(query: string, offset: number): LogQLHover | undefined {
  const substituted = substituteVariables(query);
  const variable = substituted.variables.find((v) => v.start <= offset && offset < v.end);
  if (variable) {
    const builtIn = GRAFANA_VARIABLES[variable.name];
    const text = query.slice(variable.start, variable.end);
    return {
      start: variable.start,
      end: variable.end,
      markdown: builtIn ? `**${text}** — Grafana variable: ${builtIn}` : `**${text}** — Grafana template variable \`${variable.name}\`, replaced by its value before the query reaches Loki.`,
    };
  }
  const tree = parseLogQL(substituted.text);
  for (const side of [1, -1] as const) {
    const node = tree.resolveInner(offset, side);
    if (node.type.isError || node.from === node.to) continue;
    const target = node.name === 'Duration' && node.parent?.name === 'Range' ? node.parent : node;
    const word = query.slice(target.from, target.to);
    const markdown = markdownFor(target, word);
    if (markdown) return { start: target.from, end: target.to, markdown };
  }
  return undefined;
}
