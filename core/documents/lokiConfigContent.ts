// Recognises a Loki config by its top-level keys, without parsing: a cheap scan that runs on every YAML file.
// LOKI_TOP_LEVEL_KEYS is checked against the generated schema by test/unit/loki-config-recognize.test.ts, so that
// the document classifier does not have to load the schema.

export const LOKI_TOP_LEVEL_KEYS = new Set([
  'target', 'auth_enabled', 'http_prefix', 'ballast_bytes', 'server', 'internal_server', 'ui', 'distributor', 'querier',
  'query_engine', 'query_scheduler', 'frontend', 'query_range', 'ruler', 'ruler_storage', 'ingester_client', 'ingester',
  'pattern_ingester', 'index_gateway', 'bloom_build', 'bloom_gateway', 'storage_config', 'chunk_store_config',
  'schema_config', 'compactor', 'compactor_client', 'compactor_grpc_client', 'limits_config', 'frontend_worker',
  'table_manager', 'memberlist', 'kafka_config', 'dataobj', 'ingest_limits', 'ingest_limits_frontend',
  'ingest_limits_frontend_client', 'runtime_config', 'operational_config', 'tracing', 'analytics', 'profiling',
  'tenant_limits_allow_publish', 'legacy_read_target', 'common', 'shutdown_delay', 'metrics_namespace',
]);

/** Keys that, at the top level, hardly occur in anything but a Loki config. */
const DISTINCTIVE = ['auth_enabled', 'schema_config', 'storage_config', 'limits_config', 'chunk_store_config', 'query_range', 'ingester_client', 'compactor', 'common'];

/** At least two Loki top-level keys, one of them distinctive, and most top-level keys Loki's. */
export function looksLikeLokiConfig(text: string): boolean {
  const keys = [...text.matchAll(/^([A-Za-z_][\w-]*)[ \t]*:/gm)].map((m) => m[1]);
  const loki = keys.filter((k) => LOKI_TOP_LEVEL_KEYS.has(k));
  return loki.length >= 2 && loki.some((k) => DISTINCTIVE.includes(k)) && loki.length * 2 >= keys.length;
}

/** Loki Helm chart values with an inline Loki config (`loki.structuredConfig` or `loki.config`). */
export function looksLikeLokiHelmValues(text: string): boolean {
  return /^loki:[ \t]*$/m.test(text) && /^[ \t]+(structuredConfig|config):/m.test(text) && /^[ \t]+(schemaConfig|structuredConfig|storage|auth_enabled|commonConfig|limits_config):/m.test(text);
}
