// Label names in a LogQL query against the workspace label model (core/labels): a stream matcher or a `by`/
// `without` label that no source produces and Loki has not seen selects or groups nothing; a label that reaches
// Loki only as structured metadata cannot be matched by a stream selector (the fix moves the matcher to a label
// filter after the selector). Warnings only, and none at all when nothing tells which labels exist (no source in
// the workspace and no Loki), nor for the labels Loki gives streams itself.
import { didYouMean } from '../text/didYouMean';
import type { LabelModel } from '../labelModel/labelModel';
import { substituteVariables, variableAt } from './grafanaVariables';
import { lokiOwnLabel } from './lokiOwnLabels';
import type { LogQLProblem } from './problems';
import { child, children, nestedItems, parseLogQL, SyntaxNode } from './syntaxTree';

export interface LabelWarningOptions {
  grafanaVariables?: boolean;
  /** False where a label filter cannot follow the selector (Alloy's stage.match): no fix is offered. */
  fixes?: boolean;
}

/** Stages that create labels after the selector: with one of them, `by (...)` may name what they create. */
const LABEL_CREATING = new Set(['LabelParser', 'JsonExpressionParser', 'LogfmtParser', 'LogfmtExpressionParser', 'LabelFormatExpr', 'LabelReplaceExpr']);

/** Matchers that select streams having the label; `!=`/`!~` on a missing label match every stream. */
const SELECTING_OPS = new Set(['Eq', 'Re']);

export function labelWarnings(query: string, labels: LabelModel | undefined, options: LabelWarningOptions = {}): LogQLProblem[] {
  if (!labels?.hasSources()) return [];
  const substituted = options.grafanaVariables === false ? { text: query, variables: [] } : substituteVariables(query);
  const tree = parseLogQL(substituted.text);
  const stream = new Set(labels.streamLabelNames());
  const all = new Set(labels.allLabelNames());
  const problems: LogQLProblem[] = [];
  const selectors: SyntaxNode[] = [];
  const groupings: SyntaxNode[] = [];
  let createsLabels = false;
  tree.iterate({
    enter: (ref) => {
      if (ref.name === 'Selector') selectors.push(ref.node);
      else if (ref.name === 'Grouping') groupings.push(ref.node);
      else if (LABEL_CREATING.has(ref.name)) createsLabels = true;
    },
  });
  const nameOf = (node: SyntaxNode) => query.slice(node.from, node.to);
  const isVariable = (node: SyntaxNode) => variableAt(substituted.variables, node.from, node.to) !== undefined;

  for (const selector of selectors) {
    const matchers = nestedItems(selector, 'Matchers', 'Matcher');
    for (const matcher of matchers) {
      const id = child(matcher, 'Identifier');
      if (!id || isVariable(id)) continue;
      const name = nameOf(id);
      if (lokiOwnLabel(name) || stream.has(name)) continue;
      if (all.has(name)) {
        if (!labels.lokiPending) problems.push(metadataWarning(query, labels, name, selector, matchers, matcher, options.fixes !== false));
      } else if (!labels.lokiPending && SELECTING_OPS.has(operatorOf(matcher))) {
        problems.push(unknownWarning(labels, name, id, stream, 'the selector matches no stream'));
      }
    }
  }
  if (!createsLabels && !labels.lokiPending) {
    for (const grouping of groupings) {
      for (const id of nestedItems(grouping, 'Labels', 'Identifier')) {
        const name = nameOf(id);
        if (isVariable(id) || lokiOwnLabel(name) || all.has(name)) continue;
        problems.push(unknownWarning(labels, name, id, all, 'no series has it, so grouping by it changes nothing'));
      }
    }
  }
  return problems.sort((a, b) => a.start - b.start);
}

function operatorOf(matcher: SyntaxNode): string {
  return children(matcher).find((c) => ['Eq', 'Neq', 'Re', 'Nre'].includes(c.name))?.name ?? '';
}

function unknownWarning(labels: LabelModel, name: string, id: SyntaxNode, known: Set<string>, effect: string): LogQLProblem {
  const seen = labels.lokiKnown ? ', and Loki has not seen it in the last 24 hours' : '';
  const suggestion = didYouMean(name, known);
  return {
    start: id.from,
    end: id.to,
    severity: 'warning',
    code: 'logql/unknown-label',
    message: `no label source produces \`${name}\` (labels here come from ${labels.sourceSummary()})${seen}: ${effect}${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`,
  };
}

function metadataWarning(
  query: string,
  labels: LabelModel,
  name: string,
  selector: SyntaxNode,
  matchers: SyntaxNode[],
  matcher: SyntaxNode,
  withFix: boolean,
): LogQLProblem {
  const id = child(matcher, 'Identifier')!;
  const producer = labels.producers(name).find((p) => p.as === 'structured_metadata');
  const filter = query.slice(matcher.from, matcher.to);
  const problem: LogQLProblem = {
    start: id.from,
    end: id.to,
    severity: 'warning',
    code: 'logql/structured-metadata-in-selector',
    message:
      `\`${name}\` reaches Loki as structured metadata${producer ? ` (${producer.detail})` : ''}, not as a stream label: ` +
      `a stream selector cannot match it, so this selects no stream; filter it after the selector: \`| ${filter}\``,
  };
  // The selector needs at least one matcher: with none left, there is nothing to move it after.
  if (!withFix || matchers.length < 2) return problem;
  const i = matchers.indexOf(matcher);
  // Remove the matcher with the comma that separates it from its neighbour.
  const [cutFrom, cutTo] = i > 0 ? [matchers[i - 1].to, matcher.to] : [matcher.from, matchers[1].from];
  const newSelector = query.slice(selector.from, cutFrom) + query.slice(cutTo, selector.to);
  return {
    ...problem,
    fix: { title: `Move \`${name}\` to a label filter after the selector`, start: selector.from, end: selector.to, newText: `${newSelector} | ${filter}` },
  };
}
