// Prometheus-style relabelling in YAML (Promtail's and Prometheus' `relabel_configs` of a scrape config, usually
// over Kubernetes service discovery): each rule's target_label is a stream label of what the scrape config sends.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, YAMLMap } from 'yaml';
import type { LabelProducer } from './producer';

const WRITING_ACTIONS = new Set(['replace', 'hashmod', 'lowercase', 'uppercase']);

/** Whether a relabel rule's action writes its target_label (the others drop, keep or map names). */
export function writesTargetLabel(action: string | undefined): boolean {
  return WRITING_ACTIONS.has((action ?? 'replace').toLowerCase());
}

/** A cheap test: could this YAML hold relabel rules? */
export function mayHoldRelabelConfigs(text: string): boolean {
  return /^\s*-?\s*relabel_configs:/m.test(text) && /^\s*-?\s*target_label:/m.test(text);
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function relabelConfigLabels(file: string, document: TextDocument): LabelProducer[] {
  const text = document.getText();
  const producers: LabelProducer[] = [];
  const rule = (item: unknown, owner: string) => {
    if (!isMap(item)) return;
    const target = item.get('target_label', true);
    const name = scalarText(target);
    if (!name || name.includes('$') || name.startsWith('__') || !writesTargetLabel(scalarText(item.get('action', true)))) return;
    const [start, end] = (target as Scalar).range!;
    const quoted = text[start] === '"' || text[start] === "'";
    producers.push({
      name,
      kind: 'kubernetes',
      as: 'stream',
      file,
      range: { start: document.positionAt(start + (quoted ? 1 : 0)), end: document.positionAt(end - (quoted ? 1 : 0)) },
      detail: `a relabel rule (target_label) in relabel_configs${owner}`,
    });
  };
  const walk = (node: unknown, owner: string) => {
    if (isSeq(node)) {
      for (const item of node.items) walk(item, owner);
      return;
    }
    if (!isMap(node)) return;
    const job = scalarText((node as YAMLMap).get('job_name', true));
    const here = job === undefined ? owner : ` of scrape config "${job}"`;
    for (const pair of node.items) {
      if (scalarText(pair.key) === 'relabel_configs' && isSeq(pair.value)) for (const item of pair.value.items) rule(item, here);
      else walk(pair.value, here);
    }
  };
  for (const doc of parseAllDocuments(text)) if ('contents' in doc) walk(doc.contents, '');
  return producers;
}
