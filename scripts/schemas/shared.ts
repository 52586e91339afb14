// Blocks that appear in more than one place: the Loki block (run config, platform config, and a subset in the
// dfaas/peva_faas settings) and the Grafana connection (platform config, and with an enable flag in dfaas).
import { boolean, integer, number, JsonSchema, string, stringMap } from './fields';

/** lb rejects an endpoint whose scheme is not http/https or that has no host (urlparse; the scheme is case-insensitive). */
const HTTP_URL_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://[^/?#]';

export const lokiProperties: Record<string, JsonSchema> = {
  enabled: boolean('Push lb\'s JSONL log records to Loki as well as writing them to files. Fallback when missing: `$LB_LOKI_ENABLED`.', false),
  endpoint: string(
    'Loki base URL (`http://host:3100`) or full push URL; lb appends `/loki/api/v1/push` unless present. Must be an http(s) URL or lb fails. Fallback when missing: `$LB_LOKI_ENDPOINT`.',
    {
      default: 'http://localhost:3100',
      pattern: HTTP_URL_PATTERN,
      patternErrorMessage: 'The Loki endpoint must be an http:// or https:// URL with a host, e.g. "http://localhost:3100".',
      examples: ['http://localhost:3100', 'http://localhost:3100/loki/api/v1/push'],
    },
  ),
  labels: stringMap(
    'Static labels added to every stream; they override lb\'s own labels (component, host, run_id, ...). Merged over `$LB_LOKI_LABELS` (`k=v,k2=v2`).',
    'Label value.',
  ),
  batch_size: integer('Records per push request. Fallback when missing: `$LB_LOKI_BATCH_SIZE`.', { default: 100, exclusiveMinimum: 0 }),
  flush_interval_ms: integer('Longest wait before a partial batch is pushed, in milliseconds. Fallback when missing: `$LB_LOKI_FLUSH_INTERVAL_MS`.', { default: 1000, exclusiveMinimum: 0 }),
  timeout_seconds: number('HTTP timeout of one push request, in seconds. Fallback when missing: `$LB_LOKI_TIMEOUT_SECONDS`.', { default: 5.0, exclusiveMinimum: 0 }),
  max_retries: integer('Retries of a failed push (4xx responses are not retried: the batch is dropped). Fallback when missing: `$LB_LOKI_MAX_RETRIES`.', { default: 3, minimum: 0 }),
  max_queue_size: integer('Records waiting to be pushed; when the queue is full new records are dropped (the JSONL files keep them). Fallback when missing: `$LB_LOKI_MAX_QUEUE_SIZE`.', { default: 10000, exclusiveMinimum: 0 }),
  backoff_base: number('First retry delay, in seconds. Fallback when missing: `$LB_LOKI_BACKOFF_BASE`.', { default: 0.5, minimum: 0 }),
  backoff_factor: number('Multiplier of the retry delay after each failed attempt (1 keeps it constant). Fallback when missing: `$LB_LOKI_BACKOFF_FACTOR`.', { default: 2.0, minimum: 1 }),
};

export const lokiSnippets: JsonSchema[] = [
  {
    label: 'Loki (local)',
    description: 'Push lb logs to a Loki on this machine.',
    body: { enabled: true, endpoint: '${1:http://localhost:3100}', labels: { '${2:env}': '${3:lab}' } },
  },
];

export const grafanaProperties: Record<string, JsonSchema> = {
  url: string('Grafana base URL.', { default: 'http://localhost:3000', examples: ['http://localhost:3000'] }),
  api_key: string('Grafana API key or service-account token (optional); it gives write access, so keep the file private.', { nullable: true }),
  org_id: integer('Grafana organization id.', { default: 1, minimum: 1 }),
};
