// The label name under the cursor, for hover and Go to Definition: a label a file produces (at its producer's
// range: an lb `loki.labels` key, an Alloy or Promtail stage's key, a relabel rule's target_label), or a label name in LogQL
// (a matcher's or label filter's name, a `by`/`without` label) in any document that holds LogQL, Alloy stage.match
// selectors included.
import type { DocumentKind } from '../documents/kind';
import { matchSelectorQuery } from '../alloy/matchSelector';
import { queriesInDocument, queryAt } from '../logql/documentQueries';
import type { EmbeddedQuery } from '../logql/embedded/embeddedQuery';
import { substituteVariables } from '../logql/grafanaVariables';
import { parseLogQL } from '../logql/syntaxTree';
import { parsedAlloyConfigs } from './alloyConfigs';
import type { LabelModel } from '../labelModel/labelModel';

export interface LabelAtCursor {
  name: string;
  /** Document offsets of the name. */
  start: number;
  end: number;
}

/** Parents of an Identifier that names a label. */
const LABEL_PARENTS = new Set(['Matcher', 'Labels']);

/** The label name at `offset` of a LogQL query, with its query offsets. */
export function labelNameInQuery(query: string, offset: number): { name: string; start: number; end: number } | undefined {
  const tree = parseLogQL(substituteVariables(query).text);
  for (const side of [1, -1] as const) {
    const node = tree.resolveInner(offset, side);
    if (node.name === 'Identifier' && node.parent && LABEL_PARENTS.has(node.parent.name)) {
      return { name: query.slice(node.from, node.to), start: node.from, end: node.to };
    }
  }
  return undefined;
}

function inQuery(query: EmbeddedQuery, offset: number): LabelAtCursor | undefined {
  const found = labelNameInQuery(query.text, offset);
  if (!found) return undefined;
  const span = query.toDocumentRange(found.start, found.end);
  return { name: found.name, ...span };
}

export function labelAt(kind: DocumentKind, file: string, text: string, offset: number, model: LabelModel, offsetOf: (p: { line: number; character: number }) => number): LabelAtCursor | undefined {
  for (const p of model.producersIn(file)) {
    // A rule's `$1` template names no label.
    if (!p.range || p.namePattern !== undefined) continue;
    const start = offsetOf(p.range.start);
    const end = offsetOf(p.range.end);
    // Only where the name is written (lb's built-in labels point at the `loki` key, which names none of them).
    const written = text.slice(start, end).replace(/^"(.*)"$/s, '$1');
    if (start <= offset && offset <= end && written === p.name) return { name: p.name, start, end };
  }
  if (kind === 'alloy' || kind === 'alloy-yaml') {
    for (const { config } of parsedAlloyConfigs(text, kind === 'alloy-yaml')) {
      const at = config.fromDocument(offset);
      const selector = at === undefined ? undefined : matchSelectorQuery(config, at);
      const found = selector && inQuery(selector.query, selector.offset);
      if (found) return found;
    }
    return undefined;
  }
  const found = queryAt(queriesInDocument(kind, text), offset);
  return found && inQuery(found.query, found.offset);
}
