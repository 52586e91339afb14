// Alloy configurations held in YAML, recognised by their keys rather than the file name: Helm values of the
// Alloy chart (`alloy.configMap.content`), a Flux HelmRelease (`spec.values.alloy.configMap.content`), and a
// ConfigMap's `data` entries whose key ends in `.alloy`. Each comes with the exact document position of every
// character, through YAML's block and quoted scalars (core/logql/embedded/yamlScalar.ts traces them).
import { isMap, isScalar, parseAllDocuments, Scalar } from 'yaml';
import type { EmbeddedQuery } from '../logql/embedded/embeddedQuery';
import { yamlScalarQuery } from '../logql/embedded/yamlScalar';

export interface EmbeddedAlloy {
  /** Where it was found, e.g. `spec.values.alloy.configMap.content`. */
  path: string;
  /** The configuration text and its mapping to the document. */
  config: EmbeddedQuery;
}

function get(node: unknown, ...keys: string[]): unknown {
  let current = node;
  for (const key of keys) {
    if (!isMap(current)) return undefined;
    current = current.get(key, true);
  }
  return current;
}

function text(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function embeddedAlloyConfigs(source: string): EmbeddedAlloy[] {
  const found: EmbeddedAlloy[] = [];
  const take = (node: unknown, path: string) => {
    if (!isScalar(node) || typeof node.value !== 'string') return;
    const config = yamlScalarQuery(node as Scalar, {});
    if (config) found.push({ path, config });
  };
  for (const doc of parseAllDocuments(source, { keepSourceTokens: true })) {
    if (!('contents' in doc)) continue;
    const root = doc.contents;
    if (!isMap(root)) continue;
    const kind = text(get(root, 'kind'));
    if (kind === 'HelmRelease') {
      take(get(root, 'spec', 'values', 'alloy', 'configMap', 'content'), 'spec.values.alloy.configMap.content');
    } else if (kind === 'ConfigMap') {
      const data = get(root, 'data');
      if (!isMap(data)) continue;
      for (const pair of data.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        if (key.endsWith('.alloy')) take(pair.value, `data.${key}`);
      }
    } else {
      take(get(root, 'alloy', 'configMap', 'content'), 'alloy.configMap.content');
    }
  }
  return found;
}
