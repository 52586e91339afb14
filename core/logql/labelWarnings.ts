// Label names in a LogQL query against the workspace label model (core/labels): a stream matcher or a `by`/
// `without` label that no source produces and Loki has not seen selects or groups nothing; a label that reaches
// Loki only as structured metadata cannot be matched by a stream selector (the fix moves the matcher to a label
// filter after the selector); a label a pipeline only extracts (no stage makes it a label) is named with the stage
// that extracts it (the fix parses it after the selector, the edit checked with Loki's parser). Names a rule gives
// only when it runs (a labelmap rule) are never unknown. Warnings only, and none at all when nothing tells which labels exist (no source in
// the workspace and no Loki), nor for the labels Loki gives streams itself.
import * as path from 'path';
import { didYouMean } from '../text/didYouMean';
import type { LabelModel, LabelProducer } from '../labelModel/labelModel';
import { substituteVariables, variableAt } from './grafanaVariables';
import { lokiOwnLabel } from './lokiOwnLabels';
import type { LogQLProblem } from './problems';
import { child, children, nestedItems, parseLogQL, SyntaxNode } from './syntaxTree';
import { validateLogQL } from './validateQuery';

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
      if (lokiOwnLabel(name) || stream.has(name) || labels.mayProduce(name)) continue;
      const withFix = options.fixes !== false;
      if (all.has(name)) {
        if (!labels.lokiPending) problems.push(metadataWarning(query, labels, name, { selector, matchers, matcher }, withFix));
      } else if (!labels.lokiPending && SELECTING_OPS.has(operatorOf(matcher))) {
        const extractors = labels.producers(name).filter((p) => p.as === 'extracted');
        const extractor = extractors.find((p) => p.parser !== undefined) ?? extractors[0];
        problems.push(
          extractor
            ? extractedWarning(query, extractor, { selector, matchers, matcher }, withFix ? { grafanaVariables: options.grafanaVariables !== false } : undefined)
            : unknownWarning(labels, name, id, stream, 'the selector matches no stream'),
        );
      }
    }
  }
  if (!createsLabels && !labels.lokiPending) {
    for (const grouping of groupings) {
      for (const id of nestedItems(grouping, 'Labels', 'Identifier')) {
        const name = nameOf(id);
        if (isVariable(id) || lokiOwnLabel(name) || all.has(name) || labels.mayProduce(name)) continue;
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

/** A matcher of a selector, with the selector and all its matchers. */
interface MatcherAt {
  selector: SyntaxNode;
  matchers: SyntaxNode[];
  matcher: SyntaxNode;
}

/**
 * The edit that takes a matcher out of its selector and filters it after the selector, behind `stages` (a parser);
 * undefined when it is the selector's only matcher (a selector needs one).
 */
function moveAfterSelector(query: string, { selector, matchers, matcher }: MatcherAt, stages: string): { start: number; end: number; newText: string } | undefined {
  if (matchers.length < 2) return undefined;
  const i = matchers.indexOf(matcher);
  // Remove the matcher with the comma that separates it from its neighbour.
  const [cutFrom, cutTo] = i > 0 ? [matchers[i - 1].to, matcher.to] : [matcher.from, matchers[1].from];
  const newSelector = query.slice(selector.from, cutFrom) + query.slice(cutTo, selector.to);
  return { start: selector.from, end: selector.to, newText: `${newSelector} | ${stages}${query.slice(matcher.from, matcher.to)}` };
}

function metadataWarning(query: string, labels: LabelModel, name: string, at: MatcherAt, withFix: boolean): LogQLProblem {
  const id = child(at.matcher, 'Identifier')!;
  const producer = labels.producers(name).find((p) => p.as === 'structured_metadata');
  const filter = query.slice(at.matcher.from, at.matcher.to);
  const problem: LogQLProblem = {
    start: id.from,
    end: id.to,
    severity: 'warning',
    code: 'logql/structured-metadata-in-selector',
    message:
      `\`${name}\` reaches Loki as structured metadata${producer ? ` (${producer.detail})` : ''}, not as a stream label: ` +
      `a stream selector cannot match it, so this selects no stream; filter it after the selector: \`| ${filter}\``,
  };
  const edit = withFix ? moveAfterSelector(query, at, '') : undefined;
  return edit ? { ...problem, fix: { title: `Move \`${name}\` to a label filter after the selector`, ...edit } } : problem;
}

/**
 * A selector matcher on a name a pipeline stage extracts but sends as no label: which stage, where, and the fix
 * (its parser, then the matcher as a label filter) when the stage reads the line, offered only if Loki's parser
 * accepts the edited query. `fixes` undefined: no fix (Alloy's stage.match takes no label filter).
 */
function extractedWarning(query: string, extractor: LabelProducer, at: MatcherAt, fixes: { grafanaVariables: boolean } | undefined): LogQLProblem {
  const id = child(at.matcher, 'Identifier')!;
  const name = extractor.name;
  const filter = query.slice(at.matcher.from, at.matcher.to);
  const line = extractor.file && extractor.range ? ` at ${path.basename(extractor.file)}:${extractor.range.start.line + 1}` : '';
  const parse = extractor.parser ? `parse it after the selector: \`| ${extractor.parser} | ${filter}\`` : 'parse it after the selector and filter it there';
  const problem: LogQLProblem = {
    start: id.from,
    end: id.to,
    severity: 'warning',
    code: 'logql/extracted-not-label',
    message: `\`${name}\` is only extracted by ${extractor.detail}${line}, and no stage makes it a label: a stream selector cannot match it, so this selects no stream; ${parse}`,
  };
  const edit = fixes && extractor.parser ? moveAfterSelector(query, at, `${extractor.parser} | `) : undefined;
  if (!edit) return problem;
  const edited = query.slice(0, edit.start) + edit.newText + query.slice(edit.end);
  if (validateLogQL(edited, fixes).some((p) => p.severity === 'error')) return problem;
  return { ...problem, fix: { title: `Parse \`${name}\` with \`${extractor.parser!.split(' ')[0]}\` and filter it after the selector`, ...edit } };
}
