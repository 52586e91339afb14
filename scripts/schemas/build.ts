// Builds the JSON Schemas of lb 0.67's run config (BenchmarkConfig) and platform config (PlatformConfig) from the
// tables in this folder. Each schema is self-contained (draft-07, parts under `definitions`) so that ajv and VS
// Code can each load one file alone. lb's cross-field rules (unique host names, dfaas ports, rate bounds) are
// checked by core/config, not here.
import { rateStrategyDefinitions } from './faas';
import { LB_INTENSITIES } from '../../core/config/lbFacts';
import { boolean, docs, integer, JsonSchema, list, map, number, object, ref, string, stringList } from './fields';
import { BUILTIN_PLUGINS, pluginDefinition, pluginDefinitionName } from './plugins';
import { grafanaProperties, lokiProperties, lokiSnippets } from './shared';

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** Editors honour `$schema` in a config file; lb ignores it, so it is accepted rather than reported as unknown. */
const schemaKey = string('JSON Schema an editor validates this file with; lb ignores this key.');

export const INTENSITIES = LB_INTENSITIES;

function builtinPluginsDefinition(): JsonSchema {
  return {
    type: 'string',
    ...docs('Workload plugins built into lb 0.67. Plugins can also come from the `linux_benchmark.workloads` entry points and `$LB_USER_PLUGIN_DIR`.'),
    enum: BUILTIN_PLUGINS.map((p) => p.name),
    enumDescriptions: BUILTIN_PLUGINS.map((p) => p.summary),
  };
}

function workloadDefinition(): JsonSchema {
  return {
    type: 'object',
    ...docs('A workload: which plugin runs, and its options.'),
    properties: {
      plugin: {
        type: 'string',
        ...docs('Plugin that runs this workload: a built-in one or a user plugin.'),
        examples: BUILTIN_PLUGINS.map((p) => p.name),
      },
      enabled: boolean('Run this workload when `lb run` is given no workload names.', true),
      collectors_enabled: boolean('Collect system metrics (psutil, CLI commands, perf) while this workload runs.', true),
      // Proposed values, not an enum: lb accepts any string (an unknown one is logged and runs the options).
      intensity: string(
        '`user_defined` (the default) runs the options merged over plugin_settings; `low`, `medium` and `high` replace them with lb\'s light, medium or heavy preset for the plugin (plugins without presets keep them). lb logs any other value as an invalid intensity level and runs the options.',
        { default: 'user_defined', examples: INTENSITIES },
      ),
      options: {
        type: 'object',
        ...docs('Plugin settings for this workload, shallow-merged over `plugin_settings.<plugin>` (these win).'),
        default: {},
      },
    },
    required: ['plugin'],
    additionalProperties: false,
    allOf: BUILTIN_PLUGINS.map((p) => ({
      if: { properties: { plugin: { const: p.name } }, required: ['plugin'] },
      then: { properties: { options: { $ref: `#/definitions/${pluginDefinitionName(p.name)}` } } },
    })),
    defaultSnippets: [
      { label: 'workload', description: 'A workload running a plugin.', body: { plugin: '${1:stress_ng}', intensity: `\${2|${INTENSITIES.join(',')}|}`, options: {} } },
    ],
  };
}

function remoteHostDefinition(): JsonSchema {
  return object('A host lb runs workloads on, over SSH with Ansible.', {
    name: string('Name of the host in results and logs; must be unique and not blank.', { pattern: '\\S', patternErrorMessage: 'The host name must not be blank.' }),
    address: string('IP address or host name to connect to.'),
    port: integer('SSH port.', { default: 22, exclusiveMinimum: 0 }),
    user: string('SSH user.', { default: 'root' }),
    become: boolean('Escalate privileges with Ansible become.', true),
    become_method: string('Ansible become method.', { default: 'sudo', examples: ['sudo', 'su', 'doas'] }),
    vars: map('Extra Ansible variables for this host.', { ...docs('Ansible variable value.') }),
  }, {
    required: ['name', 'address'],
    defaultSnippets: [
      { label: 'remote host', description: 'An SSH host for remote runs.', body: { name: '${1:node1}', address: '${2:192.168.1.10}', user: '${3:ubuntu}', port: '^${4:22}' } },
    ],
  });
}

const pluginAssetProperties: Record<string, JsonSchema> = {
  setup_playbook: string('Setup playbook of the plugin.', { nullable: true }),
  teardown_playbook: string('Teardown playbook of the plugin.', { nullable: true }),
  setup_extravars: map('Extra variables of the setup playbook.', { ...docs('Variable value.') }),
  teardown_extravars: map('Extra variables of the teardown playbook.', { ...docs('Variable value.') }),
  collect_pre_playbook: string('Playbook run before the collect phase.', { nullable: true }),
  collect_post_playbook: string('Playbook run after the collect phase.', { nullable: true }),
  collect_pre_extravars: map('Extra variables of the collect pre-playbook.', { ...docs('Variable value.') }),
  collect_post_extravars: map('Extra variables of the collect post-playbook.', { ...docs('Variable value.') }),
  required_uv_extras: stringList('uv extras the plugin needs at run time.', { default: [] }),
};

function runConfigSchema(): JsonSchema {
  const definitions: Record<string, JsonSchema> = {
    builtin_plugins: builtinPluginsDefinition(),
    workload: workloadDefinition(),
    remote_host: remoteHostDefinition(),
    loki: object('Loki log shipping. A platform.json that sets `loki` replaces this whole block.', lokiProperties, { defaultSnippets: lokiSnippets }),
    ...Object.fromEntries(BUILTIN_PLUGINS.map((p) => [pluginDefinitionName(p.name), pluginDefinition(p)])),
    ...rateStrategyDefinitions(),
  };

  const properties: Record<string, JsonSchema> = {
    $schema: schemaKey,
    repetitions: integer('How many times each workload runs.', { default: 3, exclusiveMinimum: 0 }),
    test_duration_seconds: integer('Default duration of a test, in seconds.', { default: 3600, exclusiveMinimum: 0 }),
    metrics_interval_seconds: number('Interval between metric samples, in seconds.', { default: 1.0, exclusiveMinimum: 0 }),
    warmup_seconds: integer('Wait before metric collection starts, in seconds.', { default: 5, minimum: 0 }),
    cooldown_seconds: integer('Wait after each test finishes, in seconds.', { default: 5, minimum: 0 }),
    output_dir: string('Root directory of run results (`<output_dir>/<run_id>/`). A platform.json that sets it wins.', { default: './benchmark_results' }),
    report_dir: string('Directory of generated reports. A platform.json that sets it wins.', { default: './reports' }),
    data_export_dir: string('Directory of raw data exports. A platform.json that sets it wins.', { default: './data_exports' }),
    collect_system_info: boolean('Collect system information before running the workloads.', true),
    collectors: object('Metric collectors run alongside each workload.', {
      psutil_interval: number('Sampling interval of the psutil collector, in seconds.', { default: 1.0, exclusiveMinimum: 0 }),
      cli_commands: stringList('Commands run to collect metrics, each a full command line.', {
        default: ['sar -u 1 1', 'vmstat 1 1', 'iostat -d 1 1', 'mpstat 1 1', 'pidstat -h 1 1'],
      }),
      perf_config: object('perf profiling.', {
        events: stringList('perf events to count.', {
          default: ['cpu-cycles', 'instructions', 'cache-references', 'cache-misses', 'branches', 'branch-misses'],
        }),
        interval_ms: integer('perf sampling interval, in milliseconds.', { default: 1000, exclusiveMinimum: 0 }),
        pid: integer('Process id to profile; null profiles the whole system.', { nullable: true, exclusiveMinimum: 0 }),
        cpu: integer('CPU number to profile; null profiles all CPUs.', { nullable: true, minimum: 0 }),
      }),
      enable_ebpf: boolean('Enable eBPF-based metric collection.', false),
    }),
    workloads: map('Workloads by name; `lb run NAME...` selects some, no names runs every enabled one.', ref('workload', 'A workload: which plugin runs, and its options.'), {
      defaultSnippets: [
        {
          label: 'workload',
          description: 'A named workload.',
          body: { '${1:cpu_stress}': { plugin: '${2:stress_ng}', intensity: `\${3|${INTENSITIES.join(',')}|}`, options: {} } },
        },
      ],
    }),
    plugin_settings: map(
      'Settings of each plugin, used by every workload of that plugin (a workload\'s `options` override them). Keys other than the built-in plugins are user plugins.',
      { type: 'object', ...docs('Settings of a user plugin.') },
      {
        properties: Object.fromEntries(BUILTIN_PLUGINS.map((p) => [p.name, ref(pluginDefinitionName(p.name), `Settings of the ${p.name} plugin: ${p.summary}`)])),
      },
    ),
    plugin_assets: map(
      'Ansible assets of each plugin, with absolute paths; written by `lb config init`, not usually edited.',
      // lb's model ignores other keys, so a misspelt one is reported like any unknown key.
      object('Assets of one plugin.', pluginAssetProperties),
    ),
    remote_hosts: list('Hosts to run the workloads on, over SSH; names must be unique.', ref('remote_host', 'A host lb runs workloads on.'), { default: [] }),
    remote_execution: object('Remote execution with Ansible.', {
      enabled: boolean('Run the workloads on `remote_hosts` instead of locally.', false),
      inventory_path: string('Custom Ansible inventory file; null builds one from `remote_hosts`.', { nullable: true }),
      lb_workdir: string('Directory where lb is installed on the hosts (Ansible-templated).', {
        default: '{{ (ansible_user == \'root\') | ternary(\'/root\', \'/home/\' ~ ansible_user) }}/.lb',
      }),
      run_setup: boolean('Run the setup playbooks before the workloads.', true),
      run_collect: boolean('Run the collect playbooks after the workloads.', true),
      run_teardown: boolean('Run the teardown playbooks at the end.', true),
      setup_playbook: string('Setup playbook; null uses lb\'s.', { nullable: true }),
      run_playbook: string('Run playbook; null uses lb\'s.', { nullable: true }),
      collect_playbook: string('Collect playbook; null uses lb\'s.', { nullable: true }),
      teardown_playbook: string('Teardown playbook; null uses lb\'s.', { nullable: true }),
      upgrade_pip: boolean('Upgrade pip in the hosts\' benchmark virtual environment during setup.', false),
      use_container_fallback: boolean('Fall back to running in a container on the hosts.', false),
    }),
    loki: ref('loki', 'Loki log shipping. A platform.json that sets `loki` replaces this whole block.'),
    influxdb_enabled: boolean('Accepted for compatibility; lb 0.67 does not use InfluxDB.', false),
    influxdb_url: string('Accepted for compatibility; unused by lb 0.67.', { default: 'http://localhost:8086' }),
    influxdb_token: string('Accepted for compatibility; unused by lb 0.67.', { default: '' }),
    influxdb_org: string('Accepted for compatibility; unused by lb 0.67.', { default: 'benchmark' }),
    influxdb_bucket: string('Accepted for compatibility; unused by lb 0.67.', { default: 'performance' }),
  };

  return {
    $schema: DRAFT_07,
    title: 'lb run configuration',
    ...docs('Run configuration of lb 0.67 (`benchmark_config.json`). lb silently ignores keys it does not know.'),
    type: 'object',
    properties,
    additionalProperties: false,
    definitions,
  };
}

function platformConfigSchema(): JsonSchema {
  return {
    $schema: DRAFT_07,
    title: 'lb platform configuration',
    ...docs('Platform configuration of lb 0.67 (`~/.config/lb/platform.json`). Its `output_dir`, `report_dir`, `data_export_dir` and `loki` replace the run config\'s. lb silently ignores keys it does not know.'),
    type: 'object',
    properties: {
      $schema: schemaKey,
      plugins: map(
        'Plugins enabled (true) or disabled (false) on this machine; a plugin not listed is enabled.',
        { type: 'boolean', ...docs('Whether the plugin is enabled.') },
        { properties: Object.fromEntries(BUILTIN_PLUGINS.map((p) => [p.name, boolean(`Enable the ${p.name} plugin: ${p.summary}`, true)])) },
      ),
      output_dir: string('Root directory of run results; replaces the run config\'s `output_dir`.', { nullable: true }),
      report_dir: string('Directory of generated reports; replaces the run config\'s `report_dir`.', { nullable: true }),
      data_export_dir: string('Directory of raw data exports; replaces the run config\'s `data_export_dir`.', { nullable: true }),
      loki: ref('loki', 'Loki log shipping; replaces the run config\'s whole `loki` block. Null leaves the run config\'s.'),
      grafana: object('Grafana that lb provisions dashboards and datasources into.', grafanaProperties, { nullable: true }),
    },
    additionalProperties: false,
    definitions: {
      loki: object('Loki log shipping; replaces the run config\'s whole `loki` block. Null leaves the run config\'s.', lokiProperties, {
        nullable: true,
        defaultSnippets: lokiSnippets,
      }),
    },
  };
}

export function buildSchemas(): { runConfig: JsonSchema; platformConfig: JsonSchema } {
  return { runConfig: runConfigSchema(), platformConfig: platformConfigSchema() };
}
