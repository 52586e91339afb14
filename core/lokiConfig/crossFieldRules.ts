// Rules across keys that make Loki refuse to start (checked by `loki -verify-config` or only at start) or
// silently do something else than asked. Each mirrors a check in Loki's source: SchemaConfig.Validate,
// validateSchemaValues, validateSchemaRequirements (pkg/loki), the compactor's Validate, the module manager
// (targets) and dskit's KV client factory.
import { Document, isAlias, isMap, isScalar, isSeq, Node, Scalar, YAMLMap } from 'yaml';
import { resolveScalar } from './checkValues';
import { dayMs, dayProblem, goDurationProblem } from './goScalars';
import { joinPath, ProblemList } from './problems';
import { lokiSchema } from './schema';
import { quoteUserText } from '../text/userText';

const KV_CONFIG = 'github.com/grafana/dskit/kv.Config';
const DAY_NS = 24 * 3600e9;

/** Resolves YAML aliases (`*name`) of the document being checked; set by the caller of the rules. */
let resolveAlias: (node: Node | undefined) => Node | undefined = (node) => node;

export function withAliases<T>(doc: Document, run: () => T): T {
  const previous = resolveAlias;
  resolveAlias = (node) => (isAlias(node) ? (node.resolve(doc) as Node | undefined) : node);
  try {
    return run();
  } finally {
    resolveAlias = previous;
  }
}

function get(node: unknown, key: string): Node | undefined {
  const map = resolveAlias(node as Node | undefined);
  return isMap(map) ? resolveAlias((map as YAMLMap).get(key, true) as Node | undefined) : undefined;
}

/** A value filled in later: by Loki with -config.expand-env (`${VAR}`) or by Helm's tpl (`{{ }}`). */
function isDeferred(node: Node | undefined): boolean {
  return isScalar(node) && typeof node.value === 'string' && /\$\{|\{\{/.test(node.value);
}

/** The value as Loki reads it; undefined when absent, null or deferred. */
function text(node: Node | undefined): string | undefined {
  if (!isScalar(node) || isDeferred(node)) return undefined;
  const r = resolveScalar(node);
  if (r.tag === 'null') return undefined;
  return r.tag === 'str' || r.tag === 'timestamp' ? r.value : String(node.value);
}

function bool(node: Node | undefined): boolean | undefined {
  if (!isScalar(node)) return undefined;
  const r = resolveScalar(node);
  return r.tag === 'bool' ? r.value : undefined;
}

function goDurationNs(node: Node | undefined): number | undefined {
  if (!isScalar(node)) return undefined;
  const r = resolveScalar(node);
  if (r.tag === 'int' || r.tag === 'float') return Number(r.value);
  if (r.tag !== 'str' || goDurationProblem(r.value)) return undefined;
  let total = 0;
  const scale: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  for (const m of r.value.matchAll(/(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(m[1] || 0) * scale[m[2]];
  return r.value.startsWith('-') ? -total : total;
}

/** Names of the object stores configured under storage_config.named_stores (and the Thanos ones). */
function namedStores(root: Node, thanos: boolean): Set<string> {
  const names = new Set<string>();
  const stores = thanos ? get(get(get(root, 'storage_config'), 'object_store'), 'named_stores') : get(get(root, 'storage_config'), 'named_stores');
  if (isMap(stores)) {
    for (const kind of stores.items) {
      if (isMap(kind.value)) for (const named of kind.value.items) if (isScalar(named.key)) names.add(String(named.key.value));
    }
  }
  return names;
}

interface Period {
  node: YAMLMap;
  from?: number;
  fromNode?: Node;
  store?: string;
  schema?: string;
}

/** The index of the period in effect now: the last whose `from` is not in the future. */
function activePeriod(periods: Period[], now: number): number {
  let i = periods.findIndex((p) => p.from !== undefined && p.from > now);
  if (i < 0) i = periods.length;
  return Math.max(0, i - 1);
}

function schemaVersion(schema: string | undefined): number | undefined {
  if (schema === undefined) return undefined;
  const trimmed = schema.replace(/^v+|v+$/g, '');
  return /^[-+]?\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

export interface RuleOptions {
  /** A whole config file (not a Helm values fragment merged into the chart's own config). */
  complete: boolean;
  /** Where a missing schema_config is reported. */
  topNode?: Node;
  now?: number;
}

export function checkSchemaConfig(root: Node, problems: ProblemList, options: RuleOptions): void {
  const schemaConfig = get(root, 'schema_config');
  const configs = get(schemaConfig, 'configs');
  if (!isSeq(configs) || configs.items.length === 0) {
    if (!options.complete) return;
    const at = configs ?? schemaConfig ?? options.topNode;
    if (at) {
      problems.error(at, 'loki-config-no-schema', 'Loki needs schema_config.configs with at least one period (from, store, object_store, schema, index); without it Loki stops at start.');
    }
    return;
  }
  const thanos = bool(get(get(root, 'storage_config'), 'use_thanos_objstore')) === true;
  const named = namedStores(root, thanos);
  const objectStores = thanos ? lokiSchema.facts.thanosBackends : lokiSchema.facts.objectStores;
  const periods: Period[] = [];
  configs.items.forEach((entry, i) => {
    const item = resolveAlias(entry as Node);
    if (!isMap(item)) return;
    const path = ['schema_config', 'configs', i];
    const fromNode = get(item, 'from');
    const from = text(fromNode);
    const store = text(get(item, 'store'));
    const schema = text(get(item, 'schema'));
    periods.push({ node: item, fromNode, from: from && !dayProblem(from) ? dayMs(from) : from === undefined ? 0 : undefined, store, schema });

    const storeNode = get(item, 'store');
    if (store !== undefined && !lokiSchema.facts.indexTypes.includes(store)) {
      problems.error(storeNode, 'loki-config-index-type', `"${joinPath([...path, 'store'])}": Loki has no index type "${quoteUserText(store, 40)}"; use one of ${lokiSchema.facts.indexTypes.join(', ')}.`);
    } else if (!storeNode && options.complete) {
      problems.error(item, 'loki-config-index-type', `"${joinPath(path)}" needs a store (the index type, normally tsdb).`);
    }
    const objectNode = get(item, 'object_store');
    const objectStore = text(objectNode) ?? '';
    if (!isDeferred(objectNode) && !objectStores.includes(objectStore) && !named.has(objectStore) && (objectNode || options.complete)) {
      problems.error(
        objectNode ?? item,
        'loki-config-object-store',
        `"${joinPath([...path, 'object_store'])}": "${quoteUserText(objectStore, 40)}" is neither an object store type (${objectStores.join(', ')}) nor a store under storage_config${thanos ? '.object_store' : ''}.named_stores.`,
      );
    }
    const schemaNode = get(item, 'schema');
    const version = schemaVersion(schema);
    if (schemaNode && !isDeferred(schemaNode) && (version === undefined || version < 9 || version > 13)) {
      problems.error(schemaNode, 'loki-config-schema-version', `"${joinPath([...path, 'schema'])}": Loki ${lokiSchema.loki} knows schema versions v9 to v13; use v13.`);
    } else if (!schemaNode && options.complete) {
      problems.error(item, 'loki-config-schema-version', `"${joinPath(path)}" needs a schema version (v13).`);
    }
    const periodNode = get(get(item, 'index'), 'period');
    const period = goDurationNs(periodNode) ?? 0;
    const periodKnown = !isDeferred(periodNode);
    if (periodKnown && store === 'tsdb' && period !== DAY_NS) {
      problems.error(periodNode ?? get(item, 'index') ?? storeNode ?? item, 'loki-config-tsdb-period', `"${joinPath([...path, 'index', 'period'])}" must be 24h with the tsdb index${periodNode ? '' : ' (it is not set)'}.`);
    } else if (periodKnown && periodNode && period % DAY_NS !== 0) {
      problems.error(periodNode, 'loki-config-table-period', `"${joinPath([...path, 'index', 'period'])}" must be a multiple of 24h.`);
    }
  });
  for (let i = 1; i < periods.length; i++) {
    const [a, b] = [periods[i - 1].from, periods[i].from];
    if (a !== undefined && b !== undefined && b <= a) {
      problems.error(periods[i].fromNode ?? periods[i].node, 'loki-config-period-order', `"schema_config.configs[${i}].from" must be after the previous period's from; Loki refuses periods out of order.`);
    }
  }
  if (periods.length === 0) return;
  const active = periods[activePeriod(periods, options.now ?? Date.now())];
  const allowNode = get(get(root, 'limits_config'), 'allow_structured_metadata');
  const allow = bool(allowNode) ?? !allowNode;
  if (!allow) return;
  const version = schemaVersion(active.schema);
  const index = periods.indexOf(active);
  if (version !== undefined && version < 13) {
    problems.error(
      get(active.node, 'schema') ?? active.node,
      'loki-config-structured-metadata-schema',
      `Structured metadata (limits_config.allow_structured_metadata, true by default) needs schema v13; the current period schema_config.configs[${index}] uses ${quoteUserText(active.schema ?? '', 40)}. Set allow_structured_metadata: false or add a v13 period.`,
    );
  }
  if (active.store !== undefined && active.store !== 'tsdb' && lokiSchema.facts.indexTypes.includes(active.store)) {
    problems.error(
      get(active.node, 'store') ?? active.node,
      'loki-config-structured-metadata-index',
      `Structured metadata (limits_config.allow_structured_metadata, true by default) needs the tsdb index; the current period schema_config.configs[${index}] uses ${quoteUserText(active.store, 40)}.`,
    );
  }
}

export function checkCompactorAndRetention(root: Node, problems: ProblemList): void {
  const compactor = get(root, 'compactor');
  const retentionEnabled = bool(get(compactor, 'retention_enabled')) === true;
  const storeNode = get(compactor, 'delete_request_store');
  const store = text(storeNode);
  if (store !== undefined && store !== '') {
    const thanos = bool(get(get(root, 'storage_config'), 'use_thanos_objstore')) === true;
    const known = thanos ? lokiSchema.facts.thanosBackends : lokiSchema.facts.objectStores;
    if (!known.includes(store) && !namedStores(root, thanos).has(store)) {
      problems.error(storeNode, 'loki-config-delete-request-store', `"compactor.delete_request_store": "${quoteUserText(store, 40)}" is not an object store (${known.join(', ')}) nor a named store; Loki fails at start.`);
    }
  } else if (retentionEnabled && !storeNode) {
    problems.error(get(compactor, 'retention_enabled'), 'loki-config-delete-request-store', 'With compactor.retention_enabled, Loki needs compactor.delete_request_store (the object store for delete requests, e.g. filesystem).');
  }
  if (retentionEnabled) return;
  const limits = get(root, 'limits_config');
  const retention = get(limits, 'retention_period');
  const value = text(retention);
  if (retention && value !== undefined && value !== '0' && value !== '0s') {
    problems.warning(retention, 'loki-config-retention-disabled', 'retention_period has no effect: the compactor deletes old logs only with compactor.retention_enabled: true.');
  }
  const streams = get(limits, 'retention_stream');
  if (isSeq(streams) && streams.items.length > 0) {
    problems.warning(streams, 'loki-config-retention-disabled', 'retention_stream has no effect: the compactor deletes old logs only with compactor.retention_enabled: true.');
  }
}

export function checkTarget(root: Node, problems: ProblemList): void {
  const node = get(root, 'target');
  if (!isScalar(node)) return;
  const value = text(node) ?? '';
  let offset = (node as Scalar).range![0] + ((node as Scalar).type === 'PLAIN' ? 0 : 1);
  for (const part of value.split(',')) {
    const name = part.trim();
    if (name && !lokiSchema.facts.targets.includes(name)) {
      const at = offset + part.indexOf(name);
      problems.at(at, at + name.length, 'error', 'loki-config-target', `Loki has no target "${quoteUserText(name, 40)}"; Loki fails at start. Use all, read, write, backend or a component such as querier.`);
    }
    offset += part.length + 1;
  }
}

/** `store` of every KV config (ring.kvstore and the like), met while walking the tree. */
export function checkKVStore(node: Node, goType: string | undefined, path: (string | number)[], problems: ProblemList): void {
  if (goType !== KV_CONFIG) return;
  const store = get(node, 'store');
  const value = text(store);
  if (value !== undefined && !lokiSchema.facts.kvStores.includes(value)) {
    problems.error(store, 'loki-config-kv-store', `"${joinPath([...path, 'store'])}": Loki has no KV store "${quoteUserText(value, 40)}" and fails at start; use ${lokiSchema.facts.kvStores.join(', ')}.`);
  }
}
