// Finds the LogQL in provisioning YAML: Grafana alert rules (`groups[].rules[].data[].model.expr` of Loki
// queries) and Loki ruler rule files (`groups[].rules[].expr`). Which queries are Loki's: a model datasource of
// type `loki`, a `datasourceUid` of a Loki datasource provisioned in the same file or containing "loki";
// otherwise only text that cannot be PromQL. Alert queries are not templated by Grafana, so variables are
// checked as plain LogQL.
import { isMap, isScalar, isSeq, parseDocument, YAMLMap } from 'yaml';
import type { ValidateOptions } from '../problems';
import type { EmbeddedQuery } from './embeddedQuery';
import { looksLikeLogQL } from './looksLikeLogQL';
import { yamlScalarQuery } from './yamlScalar';
import { jsonNestingBeyond } from '../../documents/jsonDepth';

const RULE_OPTIONS: ValidateOptions = { grafanaVariables: false, defaultRange: '5m' };

function get(node: unknown, key: string): unknown {
  return isMap(node) ? node.get(key, true) : undefined;
}

function items(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

function text(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function provisioningQueries(source: string): EmbeddedQuery[] {
  // The YAML parser recurses per flow collection (`[[[…`): too deep and nothing is read (the validator says so).
  if (jsonNestingBeyond(source) !== undefined) return [];
  const doc = parseDocument(source, { keepSourceTokens: true });
  const root = doc.contents;
  if (!isMap(root)) return [];
  const lokiRefs = new Set<string>();
  for (const ds of items(get(root, 'datasources'))) {
    if (text(get(ds, 'type')) !== 'loki') continue;
    for (const key of ['uid', 'name']) {
      const ref = text(get(ds, key));
      if (ref) lokiRefs.add(ref);
    }
  }
  const queries: EmbeddedQuery[] = [];
  const take = (node: unknown, isLoki: boolean) => {
    if (!isScalar(node) || typeof node.value !== 'string') return;
    if (!isLoki && !looksLikeLogQL(node.value)) return;
    const query = yamlScalarQuery(node, RULE_OPTIONS);
    if (query) queries.push(query);
  };
  for (const group of items(get(root, 'groups'))) {
    for (const rule of items(get(group, 'rules'))) {
      const data = get(rule, 'data');
      if (!isSeq(data)) {
        take(get(rule, 'expr'), false);
        continue;
      }
      for (const entry of data.items) {
        const uid = text(get(entry, 'datasourceUid'));
        const model = get(entry, 'model') as YAMLMap | undefined;
        const type = text(get(get(model, 'datasource'), 'type'));
        if (uid === '__expr__' || (type && type !== 'loki')) continue;
        const isLoki = type === 'loki' || (!!uid && (lokiRefs.has(uid) || /loki/i.test(uid)));
        take(get(model, 'expr'), isLoki);
      }
    }
  }
  return queries;
}
