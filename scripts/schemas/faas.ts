// Settings of the dfaas plugin and of peva_faas (dfaas's settings plus a k3s host, a selection policy and its
// memory). The rate strategies are separate definitions, selected by `type` (see runConfig.ts).
import { boolean, constant, docs, integer, JsonSchema, list, number, object, pick, ref, string, stringList, stringMap } from './fields';
import { grafanaProperties, lokiProperties } from './shared';

const port = (doc: string, defaultValue: number) => integer(doc, { default: defaultValue, minimum: 1, maximum: 65535 });

/** lb strips the value, then requires digits and a unit, and a value above 0. */
const DURATION_PATTERN = '^\\s*[0-9]*[1-9][0-9]*(ms|s|m|h)\\s*$';

/** lb upper-cases and strips the method before checking it. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const HTTP_METHOD_PATTERN = `^\\s*(${HTTP_METHODS.map((m) => [...m].map((c) => `[${c}${c.toLowerCase()}]`).join('')).join('|')})\\s*$`;

export const RATE_STRATEGIES: { type: string; summary: string; properties: Record<string, JsonSchema> }[] = [
  {
    type: 'linear',
    summary: 'Rates from min_rate to max_rate (inclusive) in steps of step.',
    properties: {
      min_rate: integer('Lowest rate, in requests per second.', { default: 0, minimum: 0 }),
      max_rate: integer('Highest rate (inclusive), in requests per second; must be >= min_rate.', { default: 200, minimum: 0 }),
      step: integer('Increment between rates, in requests per second.', { default: 10, exclusiveMinimum: 0 }),
    },
  },
  {
    type: 'random',
    summary: 'A number (count) of distinct random rates between min_rate and max_rate.',
    properties: {
      min_rate: integer('Lowest rate (inclusive), in requests per second.', { default: 10, minimum: 0 }),
      max_rate: integer('Highest rate (inclusive), in requests per second; must be >= min_rate.', { default: 200, minimum: 0 }),
      count: integer('How many rates to draw.', { default: 10, minimum: 1 }),
      seed: integer('Random seed, for a reproducible set of rates; null draws a new set each run.', { nullable: true }),
    },
  },
  {
    type: 'exponential',
    summary: 'Rates base^min_power ... base^max_power, optionally capped at max_rate.',
    properties: {
      base: integer('Base of the powers.', { default: 2, minimum: 2 }),
      min_power: integer('First exponent (inclusive).', { default: 0, minimum: 0 }),
      max_power: integer('Last exponent (inclusive); must be >= min_power.', { default: 8, minimum: 0 }),
      max_rate: integer('Stop before the first rate above this, in requests per second; null means no cap.', { nullable: true, minimum: 1 }),
    },
  },
  {
    type: 'custom',
    summary: 'An explicit list of rates (sorted and deduplicated by lb).',
    properties: {
      rates: list('Rates to test, in requests per second.', { type: 'integer', minimum: 0 }, { minItems: 1, examples: [[1, 5, 10, 25, 50, 100]] }),
    },
  },
];

export function rateStrategyDefinitionName(type: string): string {
  return `rate_strategy_${type}`;
}

export function rateStrategyDefinitions(): Record<string, JsonSchema> {
  const union: JsonSchema = {
    type: 'object',
    ...docs('How the request rates to test are generated, chosen by `type`: linear (default), random, exponential or custom.'),
    properties: {
      type: string('Rate strategy.', {
        enum: RATE_STRATEGIES.map((s) => s.type),
        enumDescriptions: RATE_STRATEGIES.map((s) => s.summary),
      }),
    },
    required: ['type'],
    allOf: RATE_STRATEGIES.map((s) => ({
      if: { properties: { type: { const: s.type } }, required: ['type'] },
      then: { $ref: `#/definitions/${rateStrategyDefinitionName(s.type)}` },
    })),
    defaultSnippets: [
      { label: 'linear', body: { type: 'linear', min_rate: '^${1:0}', max_rate: '^${2:200}', step: '^${3:10}' } },
      { label: 'random', body: { type: 'random', min_rate: '^${1:10}', max_rate: '^${2:200}', count: '^${3:10}', seed: '^${4:42}' } },
      { label: 'exponential', body: { type: 'exponential', base: '^${1:2}', min_power: '^${2:0}', max_power: '^${3:8}' } },
      { label: 'custom', body: { type: 'custom', rates: ['^${1:10}', '^${2:50}', '^${3:100}'] } },
    ],
  };
  const members = Object.fromEntries(
    RATE_STRATEGIES.map((s) => [
      rateStrategyDefinitionName(s.type),
      object(`Rate strategy "${s.type}": ${s.summary}`, { type: constant('Rate strategy.', s.type), ...s.properties }, { required: ['type'] }),
    ]),
  );
  return { rate_strategy: union, ...members };
}

const functionProperties: Record<string, JsonSchema> = {
  name: string('OpenFaaS function name; names must be unique.', { minLength: 1, examples: ['figlet', 'nodeinfo', 'env'] }),
  method: {
    ...string('HTTP method k6 uses (case-insensitive).', {
      default: 'GET',
      pattern: HTTP_METHOD_PATTERN,
      patternErrorMessage: `The method must be one of ${HTTP_METHODS.join(', ')}.`,
    }),
    examples: HTTP_METHODS,
  },
  body: string('Request body.', { default: '' }),
  headers: stringMap('HTTP headers of the request.', 'Header value.'),
  max_rate: integer('Highest rate for this function, in requests per second; must be >= rate_strategy.min_rate. Null means no per-function cap.', { nullable: true, minimum: 0 }),
};

function functionsList(body: string): JsonSchema {
  return list(
    'OpenFaaS functions to invoke; at least one, names unique.',
    object('One function to invoke.', functionProperties, { required: ['name'] }),
    {
      default: [{ name: 'figlet', method: 'POST', body, headers: { 'Content-Type': 'text/plain' } }],
      minItems: 1,
    },
  );
}

function faasCommon(flavor: 'dfaas' | 'peva_faas'): Record<string, JsonSchema> {
  const workspace = flavor === 'dfaas' ? '.dfaas-k6' : '.peva_faas-k6';
  const greeting = flavor === 'dfaas' ? 'Hello DFaaS!' : 'Hello PEVA-faas!';
  return {
    config_path: string(`YAML file with \`common:\` and \`plugins.${flavor}:\` sections, deep-merged under these settings (these win).`, { nullable: true }),
    output_dir: string('Directory for the plugin\'s artifacts; null uses the run\'s output directory.', { nullable: true }),
    run_id: string('Run identifier; null uses the id of the lb run.', { nullable: true }),
    k6_host: string('Address of the host that runs k6.', { default: '127.0.0.1' }),
    k6_user: string('SSH user on the k6 host.', { default: 'ubuntu' }),
    k6_ssh_key: string('SSH private key for the k6 host.', { default: '~/.ssh/id_rsa' }),
    k6_port: port('SSH port of the k6 host.', 22),
    k6_workspace_root: string(`Working directory on the k6 host. The default follows k6_user: \`/home/<user>/${workspace}\` (\`/root/${workspace}\` for root).`, { default: `/home/ubuntu/${workspace}` }),
    k6_log_stream: boolean('Stream k6\'s output over SSH while each configuration runs.', true),
    k6_outputs: stringList('k6 outputs, each passed as `--out`, e.g. `loki=http://<controller>:3100/loki/api/v1/push`.', { default: [] }),
    k6_tags: stringMap('Extra k6 tags, merged with run_id, component, workload and repetition.', 'Tag value.'),
    openfaas_port: port('NodePort of the OpenFaaS gateway; must differ from prometheus_port and from the SSH port.', 31112),
    prometheus_port: port('NodePort of Prometheus; must differ from openfaas_port.', 30411),
    gateway_url: string('OpenFaaS gateway URL; may contain `{host.address}`.', { default: 'http://127.0.0.1:31112', examples: ['http://{host.address}:31112'] }),
    prometheus_url: string('Prometheus base URL; may contain `{host.address}`.', { default: 'http://127.0.0.1:30411', examples: ['http://{host.address}:30411'] }),
    functions: functionsList(greeting),
    rate_strategy: {
      ...ref('rate_strategy', 'How the request rates to test are generated, chosen by `type`.'),
      default: { type: 'linear', min_rate: 0, max_rate: 200, step: 10 },
    },
    rates: {
      ...object('Deprecated: the old linear rate range. lb migrates it to a linear rate_strategy (when rate_strategy is left at its default) and warns.', {
        min_rate: integer('Lowest rate, in requests per second.', { default: 0, minimum: 0 }),
        max_rate: integer('Highest rate (inclusive), in requests per second; must be >= min_rate.', { default: 200, minimum: 0 }),
        step: integer('Increment between rates, in requests per second.', { default: 10, exclusiveMinimum: 0 }),
      }, { nullable: true }),
      deprecated: true,
      deprecationMessage: '"rates" is deprecated: use "rate_strategy": {"type": "linear", "min_rate": ..., "max_rate": ..., "step": ...}.',
    },
    combinations: object('How many functions run together in one configuration.', {
      min_functions: integer('Fewest functions per configuration.', { default: 1, minimum: 1 }),
      max_functions: integer('Most functions per configuration, exclusive: must be greater than min_functions.', { default: 2, minimum: 1 }),
    }),
    duration: string('How long k6 runs each configuration: a positive number and a unit (ms, s, m, h), e.g. `30s` or `1m`.', {
      default: '30s',
      pattern: DURATION_PATTERN,
      patternErrorMessage: 'The duration must be a positive number followed by ms, s, m or h, e.g. "30s" or "1m".',
      examples: ['30s', '1m', '500ms'],
    }),
    iterations: integer('Repetitions of each configuration.', { default: 3, minimum: 1 }),
    cooldown: object('Waiting for the cluster to go idle between iterations.', {
      max_wait_seconds: integer('Longest wait for the cluster to go idle, in seconds.', { default: 180, minimum: 0 }),
      sleep_step_seconds: integer('Pause between idle checks, in seconds.', { default: 5, exclusiveMinimum: 0 }),
      idle_threshold_pct: number('CPU use below which the node counts as idle, in percent.', { default: 15, minimum: 0, maximum: 100 }),
    }),
    overload: object('Thresholds at which a configuration counts as overloading the node.', {
      cpu_overload_pct_of_capacity: number('CPU use of the node\'s capacity, in percent.', { default: 80, minimum: 0, maximum: 100 }),
      ram_overload_pct: number('RAM use, in percent.', { default: 90, minimum: 0, maximum: 100 }),
      success_rate_node_min: number('Lowest acceptable success rate of the node, from 0 to 1.', { default: 0.95, minimum: 0, maximum: 1 }),
      success_rate_function_min: number('Lowest acceptable success rate of each function, from 0 to 1.', { default: 0.9, minimum: 0, maximum: 1 }),
      replicas_overload_threshold: integer('Replica count of a function at which the node counts as overloaded.', { default: 15, minimum: 1 }),
    }),
    queries_path: string('Prometheus queries file; lb uses the one it ships when unset.'),
    deploy_functions: boolean('Deploy the functions from the OpenFaaS store before the run.', true),
    scaphandre_enabled: boolean('Collect power metrics with Scaphandre.', false),
    function_pid_regexes: stringMap('Regex matching the process of each function, for Scaphandre queries; keys are function names.', 'Regular expression.'),
    grafana: object('Grafana integration of the plugin (annotations, Prometheus datasource). Missing keys fall back to `$LB_GRAFANA_ENABLED`, `$LB_GRAFANA_URL`, `$LB_GRAFANA_API_KEY`, `$LB_GRAFANA_ORG_ID`.', {
      enabled: boolean('Use Grafana.', false),
      ...grafanaProperties,
    }, { nullable: true }),
    loki: object('Loki shipping of the plugin\'s own logs. Missing keys fall back to `$LB_LOKI_ENABLED` and `$LB_LOKI_ENDPOINT`.', {
      ...pick(lokiProperties, ['enabled', 'endpoint']),
      labels: stringMap('Static labels added to the plugin\'s streams.', 'Label value.'),
    }, { nullable: true }),
  };
}

export const dfaasProperties: Record<string, JsonSchema> = faasCommon('dfaas');

export const pevaFaasProperties: Record<string, JsonSchema> = (() => {
  const common = faasCommon('peva_faas');
  const { k6_host, k6_user, k6_ssh_key, k6_port, ...rest } = common;
  return {
    config_path: common.config_path,
    output_dir: common.output_dir,
    run_id: common.run_id,
    k3s_host: string('Address of the k3s host that runs OpenFaaS.', { default: '127.0.0.1' }),
    k3s_user: string('SSH user on the k3s host.', { default: 'ubuntu' }),
    k3s_ssh_key: string('SSH private key for the k3s host.', { default: '~/.ssh/id_rsa' }),
    k3s_port: port('SSH port of the k3s host; must differ from openfaas_port.', 22),
    k6_host,
    k6_user,
    k6_ssh_key,
    k6_port,
    ...rest,
    selection_mode: string('When the policy is updated: after every configuration, or after each micro-batch.', {
      default: 'online',
      enum: ['online', 'micro_batch'],
      enumDescriptions: ['Update the policy after every configuration.', 'Update after micro_batch_size configurations or micro_batch_window_s seconds.'],
    }),
    micro_batch_size: integer('Configurations per micro-batch update (selection_mode micro_batch).', { default: 8, minimum: 1 }),
    micro_batch_window_s: integer('Longest time window of a micro-batch update, in seconds.', { default: 30, minimum: 1 }),
    algorithm_entrypoint: string('Custom policy algorithm as `module:Class`; null uses the built-in one.', { nullable: true, examples: ['my_policies.bandit:Policy'] }),
    memory: object('The policy\'s persistent memory (DuckDB).', {
      backend: string('Memory backend.', { default: 'duckdb', enum: ['duckdb'] }),
      db_path: string('DuckDB database file.', { default: 'benchmark_results/peva_faas/memory/peva_faas.duckdb' }),
      preload_core_parquet_dir: string('Parquet directory to preload the core memory tables from.', { nullable: true }),
      export_core_parquet_dir: string('Directory to export the core memory tables to, as Parquet.', { nullable: true }),
      export_raw_debug_parquet_dir: string('Directory to export raw debug summaries to, as Parquet.', { nullable: true }),
      preload_raw_debug: boolean('Load raw debug summaries at startup.', false),
      schema_version: string('Schema version label of the memory tables.', { default: 'peva_faas_mem_v1' }),
    }),
  };
})();
