// The parts of a LogQL query that hints and explanations work on, read from Grafana's grammar: the log query
// (the whole query, or the one inside a metric query), its selector and its pipeline as a flat list of stages.
import { substituteVariables } from '../grafanaVariables';
import { decodeLogQLString } from '../goStrings';
import { children, LogQLTree, nestedItems, parseLogQL, SyntaxNode } from '../syntaxTree';

export type StageKind = 'line-filter' | 'parser' | 'label-filter' | 'line-format' | 'label-format' | 'drop-keep' | 'decolorize' | 'unwrap' | 'other';

export interface Stage {
  kind: StageKind;
  start: number;
  end: number;
  text: string;
  /** Line filters: the operator (`|=`, `!=`, `|~`, `!~`, `|>`, `!>`); parsers: the parser name. */
  op?: string;
  /** Line filters: the literal as written (quotes included) and its offset. */
  literal?: { text: string; start: number; end: number; value: string };
  /** Label filters: the matchers or comparisons joined by `and`/`or`/`,`, each as label, operator, value. */
  conditions?: Array<{ label: string; op: string; value: string; raw: string }>;
}

export interface QueryShape {
  query: string;
  metric: boolean;
  /** The log query's range: the whole query, or the log part of a range aggregation (without its `[range]`). */
  log: { start: number; end: number };
  selector: { start: number; end: number; text: string; matchers: Array<{ label: string; op: string; value: string }> };
  stages: Stage[];
  /** Whether the grammar found an error anywhere (hints are then not offered). */
  broken: boolean;
}

const PARSERS: Record<string, string> = {
  Json: 'json', Logfmt: 'logfmt', Unpack: 'unpack', Pattern: 'pattern', Regexp: 'regexp',
  JsonExpressionParser: 'json', LogfmtExpressionParser: 'logfmt', LogfmtParser: 'logfmt',
};

const STAGE_KINDS: Record<string, StageKind> = {
  LabelParser: 'parser', JsonExpressionParser: 'parser', LogfmtParser: 'parser', LogfmtExpressionParser: 'parser',
  LabelFilter: 'label-filter', LineFormatExpr: 'line-format', LabelFormatExpr: 'label-format', DropLabelsExpr: 'drop-keep',
  KeepLabelsExpr: 'drop-keep', DecolorizeExpr: 'decolorize', UnwrapExpr: 'unwrap',
};

/** The shape of a query, or undefined when it has no log query the grammar can read. */
export function queryShape(query: string): QueryShape | undefined {
  // Grafana variables become same-length placeholders: offsets stay valid in the original query.
  const text = substituteVariables(query).text;
  const tree: LogQLTree = parseLogQL(text);
  let broken = false;
  let logNode: SyntaxNode | null = null;
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) broken = true;
      if (!logNode && (ref.name === 'LogExpr' || ref.name === 'LogRangeExpr')) logNode = ref.node;
    },
  });
  const log = logNode as SyntaxNode | null;
  const part = log && logPart(query, log);
  if (!part) return undefined;
  return { query, metric: tree.topNode.getChild('Expr')?.firstChild?.name === 'MetricExpr', ...part, broken };
}

/** The selector and stages of one log query node (`LogExpr`, or `LogRangeExpr` inside a range aggregation). */
export function logPart(query: string, log: SyntaxNode): Pick<QueryShape, 'log' | 'selector' | 'stages'> | undefined {
  const selectorNode = log.getChild('Selector');
  if (!selectorNode) return undefined;
  const pipeline = log.getChild('PipelineExpr');
  const stages = pipeline ? nestedItems(pipeline, 'PipelineExpr', 'PipelineStage').flatMap((stage) => stagesOf(query, stage)) : [];
  const range = log.getChild('Range');
  const end = log.name === 'LogRangeExpr' && range ? Math.max(...[selectorNode.to, ...stages.map((s) => s.end)]) : log.to;
  return {
    log: { start: log.from, end },
    selector: { start: selectorNode.from, end: selectorNode.to, text: query.slice(selectorNode.from, selectorNode.to), matchers: matchersOf(query, selectorNode) },
    stages,
  };
}

function stagesOf(query: string, stage: SyntaxNode): Stage[] {
  const filters = stage.getChild('LineFilters');
  if (filters) {
    const result: Stage[] = [];
    visit(filters, (node) => {
      if (node.name !== 'LineFilter') return true;
      result.push(lineFilter(query, node));
      return false;
    });
    return result;
  }
  const body = children(stage).find((c) => c.name !== 'Pipe');
  const kind = body ? STAGE_KINDS[body.name] ?? 'other' : 'other';
  const result: Stage = { kind, start: stage.from, end: stage.to, text: query.slice(stage.from, stage.to) };
  if (kind === 'parser' && body) {
    const inner = body.name === 'LabelParser' ? body.firstChild : body;
    result.op = PARSERS[inner?.name ?? ''] ?? query.slice(body.from, body.to).split(/\s/)[0];
  }
  if (kind === 'label-filter' && body) result.conditions = conditionsOf(query, body);
  return [result];
}

/** Visits the descendants of a node in document order; `enter` returns false to skip a node's children. */
function visit(node: SyntaxNode, enter: (node: SyntaxNode) => boolean): void {
  for (const c of children(node)) if (enter(c)) visit(c, enter);
}

function lineFilter(query: string, node: SyntaxNode): Stage {
  const stage: Stage = { kind: 'line-filter', start: node.from, end: node.to, text: query.slice(node.from, node.to) };
  const op = /^\s*(\|=|!=|\|~|!~|\|>|!>)/.exec(stage.text);
  stage.op = op?.[1];
  const literal = node.getChild('String');
  if (literal) {
    const raw = query.slice(literal.from, literal.to);
    stage.literal = { text: raw, start: literal.from, end: literal.to, value: decodeLogQLString(raw).value };
  }
  return stage;
}

function conditionsOf(query: string, filter: SyntaxNode): Stage['conditions'] {
  const result: NonNullable<Stage['conditions']> = [];
  visit(filter, (node) => {
    if (node.name === 'LabelFilter' || (node.name !== 'Matcher' && !node.name.endsWith('Filter'))) return node.name === 'LabelFilter';
    const raw = query.slice(node.from, node.to);
    const m = /^\s*([A-Za-z_]\w*)\s*(=~|!~|!=|==|>=|<=|=|>|<)\s*([\s\S]*?)\s*$/.exec(raw);
    if (m) result.push({ label: m[1], op: m[2], value: /^["`]/.test(m[3]) ? decodeLogQLString(m[3]).value : m[3], raw });
    return false;
  });
  return result;
}

function matchersOf(query: string, selector: SyntaxNode): QueryShape['selector']['matchers'] {
  const result: QueryShape['selector']['matchers'] = [];
  visit(selector, (node) => {
    if (node.name !== 'Matcher') return true;
    const m = /^\s*([A-Za-z_]\w*)\s*(=~|!~|!=|=)\s*([\s\S]*?)\s*$/.exec(query.slice(node.from, node.to));
    if (m) result.push({ label: m[1], op: m[2], value: decodeLogQLString(m[3]).value });
    return false;
  });
  return result;
}
