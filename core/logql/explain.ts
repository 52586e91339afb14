// Explain mode: each step of a LogQL query in plain words (like Grafana's Explain), in the order Loki runs
// them: the selector picks streams, the pipeline filters, parses and formats lines, the metric part computes
// numbers. With a Loki, the selector's step carries a live count of streams and Loki's byte estimate.
import { LINE_FILTER_OPERATORS, pipelineStage, rangeFunction, vectorOperator } from './catalog';
import { describeDuration, durationMs } from './durations';
import { logPart, queryShape, Stage } from './hints/queryShape';
import { substituteVariables } from './grafanaVariables';
import { children, parseLogQL, SyntaxNode } from './syntaxTree';

export interface ExplainStep {
  /** The query text of the step, shortened when long. */
  text: string;
  description: string;
}

/** What Loki says about the selector's streams over a time range (series and index/stats). */
export interface SelectorStats {
  streams: number;
  bytes: number;
  entries: number;
  /** The range the numbers cover, in words (e.g. "the last 24 hours"). */
  over: string;
}

export function explainQuery(query: string, stats?: SelectorStats): ExplainStep[] | undefined {
  const shape = queryShape(query);
  if (!shape || shape.broken) return undefined;
  // In the order Loki evaluates: each log query (selector, then its stages) before the aggregations around it.
  const steps: ExplainStep[] = [];
  const tree = parseLogQL(substituteVariables(query).text);
  const walk = (node: SyntaxNode) => {
    if (node.name === 'LogExpr' || node.name === 'LogRangeExpr') {
      const part = logPart(query, node);
      if (part) steps.push(...logSteps(part, steps.length === 0 ? stats : undefined));
      return;
    }
    for (const c of children(node)) walk(c);
    if (node.name === 'RangeAggregationExpr') steps.push(rangeStep(query, node));
    else if (node.name === 'VectorAggregationExpr') steps.push(vectorStep(query, node));
    else if (node.name === 'BinOpExpr') steps.push(binaryStep(query, node));
  };
  walk(tree.topNode);
  return steps;
}

function logSteps(part: NonNullable<ReturnType<typeof logPart>>, stats: SelectorStats | undefined): ExplainStep[] {
  const matchers = part.selector.matchers.map((m) => `${code(m.label)} ${matcherWords(m.op)} ${code(m.value)}`).join(', ');
  let selector = `Picks the streams whose labels satisfy all of: ${matchers}.`;
  if (stats) selector += ` Loki holds ${stats.streams} such stream${stats.streams === 1 ? '' : 's'} over ${stats.over}: about ${formatBytes(stats.bytes)} in ${stats.entries} lines.`;
  const steps: ExplainStep[] = [{ text: part.selector.text, description: selector }];
  for (const stage of part.stages) steps.push({ text: short(stage.text.replace(/^\s*\|\s*(?=[a-z_])/, '| ')), description: stageWords(stage) });
  return steps;
}

export function explainMarkdown(steps: ExplainStep[]): string {
  return ['**Explain**', '', ...steps.map((s, i) => `${i + 1}. ${code(s.text)} — ${s.description}`)].join('\n');
}

export function explainText(steps: ExplainStep[]): string {
  return steps.map((s, i) => `${i + 1}. ${s.text}\n   ${s.description.replace(/`/g, '')}`).join('\n');
}

/** Text from the query as Markdown code: backticks inside would end the span early. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\s+/g, ' ')}\``;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function matcherWords(op: string): string {
  return { '=': 'equals', '!=': 'differs from', '=~': 'matches the regex', '!~': 'does not match the regex' }[op] ?? op;
}

function stageWords(stage: Stage): string {
  switch (stage.kind) {
    case 'line-filter':
      return stage.op ? `${capitalized(LINE_FILTER_OPERATORS[stage.op].replace(/^Line filter: /, ''))}${stage.literal ? ` Here: ${code(stage.literal.text)}.` : ''}` : 'Filters lines.';
    case 'parser': {
      const name = stage.op ?? '';
      const doc = capitalized(pipelineStage(name)?.doc.replace(/^Parser: /, '') ?? `Parses lines with ${name}.`);
      return `${doc} Lines it cannot parse get an \`__error__\` label.`;
    }
    case 'label-filter':
      return `Keeps the lines whose labels satisfy ${stage.conditions?.map((c) => code(c.raw.trim())).join(' / ') || 'the filter'}${
        stage.conditions?.some((c) => c.op === '=~' || c.op === '!~') ? ' (regexes are anchored at both ends)' : ''
      }.`;
    case 'line-format':
      return pipelineStage('line_format')!.doc;
    case 'label-format':
      return pipelineStage('label_format')!.doc;
    case 'drop-keep':
      return pipelineStage(stage.text.replace(/^\s*\|\s*/, '').startsWith('keep') ? 'keep' : 'drop')!.doc;
    case 'decolorize':
      return pipelineStage('decolorize')!.doc;
    case 'unwrap':
      return pipelineStage('unwrap')!.doc;
    default:
      return 'A pipeline stage.';
  }
}

function rangeStep(query: string, node: SyntaxNode): ExplainStep {
  const name = query.slice(node.firstChild!.from, node.firstChild!.to);
  const rangeNode = node.getChild('LogRangeExpr')?.getChild('Range');
  const range = rangeNode ? query.slice(rangeNode.from, rangeNode.to).replace(/^\[|\]$/g, '') : '';
  const ms = durationMs(range);
  const window = ms === undefined ? `\`${range}\`` : describeDuration(ms);
  const grouping = node.getChild('Grouping');
  const by = grouping ? ` Then keeps the series grouped ${query.slice(grouping.from, grouping.to)}.` : '';
  return { text: `${name}(... [${range}])`, description: `${rangeFunction(name)?.doc ?? 'A range function.'} The window is ${window}, evaluated at every step of the graph.${by}` };
}

function vectorStep(query: string, node: SyntaxNode): ExplainStep {
  const name = query.slice(node.firstChild!.from, node.firstChild!.to);
  const grouping = node.getChild('Grouping');
  const by = grouping ? query.slice(grouping.from, grouping.to) : '';
  const doc = vectorOperator(name)?.doc ?? 'An aggregation.';
  const groups = grouping ? ` One series per distinct value of the labels in \`${by}\`.` : ' Across all series, into one.';
  return { text: `${name}${by ? ` ${by}` : ''} (...)`, description: `${doc}${groups}` };
}

const ARITHMETIC: Record<string, string> = { '+': 'Adds', '-': 'Subtracts', '*': 'Multiplies', '/': 'Divides', '%': 'Takes the remainder of', '^': 'Raises to the power' };
const COMPARISON = new Set(['==', '!=', '>', '>=', '<', '<=']);
const SET_OPERATORS: Record<string, string> = {
  and: 'Keeps the left series that have a match on the right.',
  or: 'Takes all left series, and the right series without a match on the left.',
  unless: 'Keeps the left series that have no match on the right.',
};

function binaryStep(query: string, node: SyntaxNode): ExplainStep {
  const parts = children(node);
  const operator = parts.find((c) => c.name !== 'Expr' && c.name !== 'BinOpModifier');
  const op = operator ? query.slice(operator.from, operator.to).toLowerCase() : '?';
  const right = parts.filter((c) => c.name === 'Expr')[1];
  const rightText = right ? short(query.slice(right.from, right.to)) : '';
  const modifier = parts.find((c) => c.name === 'BinOpModifier');
  const matching = modifier && modifier.to > modifier.from ? ` Series are matched ${short(query.slice(modifier.from, modifier.to))}.` : ' Series are matched by all their labels.';
  let description: string;
  if (COMPARISON.has(op)) {
    const bool = modifier && /\bbool\b/.test(query.slice(modifier.from, modifier.to));
    description = bool ? `Compares each value with ${code(rightText)}: 1 when \`${op}\` holds, else 0.` : `Keeps only the values for which \`value ${op} ${rightText}\` holds (an alert fires on them).`;
  } else if (SET_OPERATORS[op]) {
    description = SET_OPERATORS[op] + matching;
  } else {
    description = `${ARITHMETIC[op] ?? 'Combines'} the left values by ${code(rightText)}.${right?.getChild('MetricExpr')?.getChild('LiteralExpr') ? '' : matching}`;
  }
  return { text: `... ${op} ${rightText}`, description };
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
