// Finds the LogQL in a Grafana dashboard JSON: `targets[].expr` of panels (rows and collapsed rows included,
// and the legacy `rows[].panels` layout), Loki annotations and the stream selectors of Loki query variables.
// A query counts as LogQL when its datasource is Loki: type `loki`, a uid/name of a Loki datasource seen in the
// file, a `${ds}` variable of a Loki datasource variable or `__inputs` entry, or a name containing "loki";
// when the datasource is unknown, only queries that could not be PromQL (pipelines, line filters) are taken.
import { Node, findNodeAtLocation, parseTree } from 'jsonc-parser';
import { jsonNestingBeyond } from '../../documents/jsonDepth';
import type { ValidateOptions } from '../problems';
import type { EmbeddedQuery } from './embeddedQuery';
import { jsonStringQuery } from './jsonString';
import { looksLikeLogQL } from './looksLikeLogQL';

type Verdict = 'loki' | 'other' | 'unknown' | 'mixed';

const PANEL_OPTIONS: ValidateOptions = { grafanaVariables: true, defaultRange: '$__auto' };
const STREAM_OPTIONS: ValidateOptions = { ...PANEL_OPTIONS, expect: 'log' };

const prop = (node: Node | undefined, key: string): Node | undefined =>
  node?.type === 'object' ? findNodeAtLocation(node, [key]) : undefined;
const items = (node: Node | undefined): Node[] => (node?.type === 'array' ? node.children ?? [] : []);
const str = (node: Node | undefined): string | undefined => (node?.type === 'string' ? (node.value as string) : undefined);

interface Datasources {
  lokiRefs: Set<string>;
  otherRefs: Set<string>;
  lokiVariables: Set<string>;
  otherVariables: Set<string>;
}

const VARIABLE_REF = /^\$\{?(\w+)(?::\w+)?\}?$|^\[\[(\w+)\]\]$/;

function collectDatasources(root: Node, dashboard: Node): Datasources {
  const ds: Datasources = { lokiRefs: new Set(), otherRefs: new Set(), lokiVariables: new Set(), otherVariables: new Set() };
  for (const input of [...items(prop(root, '__inputs')), ...(dashboard === root ? [] : items(prop(dashboard, '__inputs')))]) {
    const name = str(prop(input, 'name'));
    if (name) (str(prop(input, 'pluginId')) === 'loki' ? ds.lokiVariables : ds.otherVariables).add(name);
  }
  for (const variable of items(prop(prop(dashboard, 'templating'), 'list'))) {
    const name = str(prop(variable, 'name'));
    if (name && str(prop(variable, 'type')) === 'datasource') {
      (str(prop(variable, 'query')) === 'loki' ? ds.lokiVariables : ds.otherVariables).add(name);
    }
  }
  // Datasource objects with a type tell which uids are Loki's, for references elsewhere that carry only the uid.
  const stack: Node[] = [dashboard];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'property' && node.children?.[0].value === 'datasource') {
      const value = node.children[1];
      const type = str(prop(value, 'type'));
      const uid = str(prop(value, 'uid'));
      if (type && uid) (type === 'loki' ? ds.lokiRefs : ds.otherRefs).add(uid);
    }
    for (const c of node.children ?? []) stack.push(c);
  }
  return ds;
}

function verdictOf(node: Node | undefined, ds: Datasources): Verdict {
  if (!node || node.type === 'null') return 'unknown';
  if (node.type === 'object') {
    const type = str(prop(node, 'type'));
    if (type === 'loki') return 'loki';
    if (type === 'datasource' && str(prop(node, 'uid')) === '-- Mixed --') return 'mixed';
    if (type && !VARIABLE_REF.test(type)) return 'other';
    return refVerdict(str(prop(node, 'uid')), ds);
  }
  return refVerdict(str(node), ds);
}

function refVerdict(ref: string | undefined, ds: Datasources): Verdict {
  if (!ref) return 'unknown';
  if (ref === '-- Mixed --') return 'mixed';
  const variable = VARIABLE_REF.exec(ref);
  if (variable) {
    const name = variable[1] ?? variable[2];
    return ds.lokiVariables.has(name) ? 'loki' : ds.otherVariables.has(name) ? 'other' : 'unknown';
  }
  if (ds.lokiRefs.has(ref)) return 'loki';
  if (ds.otherRefs.has(ref) || ref.startsWith('-- ')) return 'other';
  return /loki/i.test(ref) ? 'loki' : 'unknown';
}

export function dashboardQueries(text: string): EmbeddedQuery[] {
  // Too deep for the parser: the dashboard's validator says so, and no query is read.
  if (jsonNestingBeyond(text) !== undefined) return [];
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root || root.type !== 'object') return [];
  const wrapped = prop(root, 'dashboard');
  const dashboard = wrapped?.type === 'object' ? wrapped : root;
  const ds = collectDatasources(root, dashboard);
  const queries: EmbeddedQuery[] = [];

  const take = (exprNode: Node | undefined, verdict: Verdict, options: ValidateOptions) => {
    if (exprNode?.type !== 'string') return;
    if (verdict === 'loki' || ((verdict === 'unknown' || verdict === 'mixed') && looksLikeLogQL(exprNode.value as string))) {
      queries.push(jsonStringQuery(text, exprNode, options));
    }
  };

  const visitPanel = (panel: Node) => {
    const panelVerdict = verdictOf(prop(panel, 'datasource'), ds);
    for (const target of items(prop(panel, 'targets'))) {
      const own = prop(target, 'datasource');
      const verdict = own ? verdictOf(own, ds) : panelVerdict;
      take(prop(target, 'expr'), verdict === 'mixed' ? 'unknown' : verdict, PANEL_OPTIONS);
    }
    items(prop(panel, 'panels')).forEach(visitPanel);
  };
  items(prop(dashboard, 'panels')).forEach(visitPanel);
  for (const row of items(prop(dashboard, 'rows'))) items(prop(row, 'panels')).forEach(visitPanel);

  for (const annotation of items(prop(prop(dashboard, 'annotations'), 'list'))) {
    const verdict = verdictOf(prop(annotation, 'datasource'), ds);
    take(prop(annotation, 'expr'), verdict, PANEL_OPTIONS);
    take(prop(prop(annotation, 'target'), 'expr'), verdict, PANEL_OPTIONS);
  }

  for (const variable of items(prop(prop(dashboard, 'templating'), 'list'))) {
    if (str(prop(variable, 'type')) !== 'query' || verdictOf(prop(variable, 'datasource'), ds) !== 'loki') continue;
    const query = prop(variable, 'query');
    const stream = query?.type === 'object' ? prop(query, 'stream') : undefined;
    if (stream?.type === 'string' && (stream.value as string).trim() !== '') queries.push(jsonStringQuery(text, stream, STREAM_OPTIONS));
    for (const node of [query?.type === 'string' ? query : undefined, prop(variable, 'definition')]) {
      const selector = node?.type === 'string' ? labelValuesSelector(jsonStringQuery(text, node, STREAM_OPTIONS)) : undefined;
      if (selector) queries.push(selector);
    }
  }
  return queries;
}

/** The stream selector of `label_values({...}, label)`, Loki's variable query syntax. */
function labelValuesSelector(query: EmbeddedQuery): EmbeddedQuery | undefined {
  const m = /^(\s*label_values\s*\(\s*)(\{[\s\S]*\}[^,]*?)\s*,\s*[A-Za-z_]\w*\s*\)\s*$/.exec(query.text);
  return m ? query.slice(m[1].length, m[1].length + m[2].length, STREAM_OPTIONS) : undefined;
}
