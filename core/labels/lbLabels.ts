// The labels lb's own Loki handler sends (docs/FACTS.md, "Loki push"): its built-in labels, each a stream label
// when the record sets it, and the config's static `loki.labels`, also stream labels. lb sends no structured
// metadata. Read from a run config or platform config in the workspace.
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LB_BUILTIN_LOKI_LABELS } from '../config/lbFacts';
import { jsonNestingBeyond } from '../documents/jsonDepth';
import type { LabelProducer } from '../labelModel/labelModel';

export function lbConfigLabels(file: string, document: TextDocument): LabelProducer[] {
  const text = document.getText();
  // Nested too deep for the parser: the validator says so; the built-in labels still hold.
  const root = jsonNestingBeyond(text) === undefined ? parseTree(text) : undefined;
  const loki = root && findNodeAtLocation(root, ['loki']);
  const lokiKey = loki?.parent?.children?.[0];
  const at = (offset: number, length: number) => ({ start: document.positionAt(offset), end: document.positionAt(offset + length) });
  const producers: LabelProducer[] = LB_BUILTIN_LOKI_LABELS.map((name) => ({
    name,
    kind: 'lb',
    as: 'stream',
    file,
    range: lokiKey ? at(lokiKey.offset, lokiKey.length) : at(0, 0),
    detail: "lb's Loki handler (a built-in label, sent when the record has the field)",
  }));
  const labels = loki?.type === 'object' ? findNodeAtLocation(loki, ['labels']) : undefined;
  for (const property of labels?.type === 'object' ? labels.children ?? [] : []) {
    const key = property.children?.[0];
    if (key?.type !== 'string' || typeof key.value !== 'string') continue;
    producers.push({ name: key.value, kind: 'lb', as: 'stream', file, range: at(key.offset, key.length), detail: 'loki.labels of lb (a static label of every stream lb sends)' });
  }
  return producers;
}
