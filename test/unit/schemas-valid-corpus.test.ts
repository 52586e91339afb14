// The schemas accept every config lb accepts (the valid corpus, which uses every key) and reject the invalid
// fixtures exactly where the mistake is, as ajv 8 reports it to the validator.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSchemas, ConfigKind, configFixtures, describeErrors, loadSchema } from '../support/configFixtures';

const validators = compileSchemas();

for (const group of ['valid', 'valid-with-warnings']) {
  for (const fixture of configFixtures(group)) {
    test(`${fixture.name} is accepted by the ${fixture.kind} schema`, () => {
      const validate = validators[fixture.kind];
      const ok = validate(JSON.parse(fixture.text));
      assert.ok(ok, `unexpected errors:\n${describeErrors(validate.errors)}`);
    });
  }
}

type Node = Record<string, unknown>;
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Which keys the schema declares and which of them the instances use. Keys are named by the definition that
 * declares them (`plugin_dfaas.cooldown.max_wait_seconds`), so a definition reached from several places (a plugin
 * from plugin_settings and from workload options) counts as used when any of them uses it. `if {properties: {d:
 * {const}}} then` branches (options by plugin, rate strategies by type) see only the instances that match.
 */
class Coverage {
  readonly declared = new Set<string>();
  readonly used = new Set<string>();
  readonly deprecated = new Set<string>();

  constructor(private readonly root: Node) {}

  visit(schema: Node, instances: unknown[], at: string): void {
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.replace('#/definitions/', '');
      this.visit((this.root.definitions as Record<string, Node>)[name], instances, name);
      return;
    }
    const objects = instances.filter(isObject);
    for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, Node>)) {
      const id = `${at}.${key}`;
      this.declared.add(id);
      if (sub.deprecated === true) this.deprecated.add(id);
      const values = objects.filter((o) => key in o).map((o) => o[key]);
      if (values.length) this.used.add(id);
      this.visit(sub, values, id);
    }
    if (isObject(schema.items)) this.visit(schema.items, instances.flatMap((v) => (Array.isArray(v) ? v : [])), `${at}[]`);
    if (isObject(schema.additionalProperties)) {
      const declared = Object.keys((schema.properties ?? {}) as object);
      const values = objects.flatMap((o) => Object.entries(o).filter(([k]) => !declared.includes(k)).map(([, v]) => v));
      this.visit(schema.additionalProperties, values, `${at}.*`);
    }
    for (const branch of (schema.allOf ?? []) as Node[]) {
      const [[discriminator, condition]] = Object.entries(((branch.if as Node).properties ?? {}) as Record<string, Node>);
      const id = `${at}{${discriminator}=${condition.const}}`;
      const selected = objects.filter((o) => o[discriminator] === condition.const);
      this.declared.add(id);
      if (selected.length) this.used.add(id);
      this.visit(branch.then as Node, selected, id);
    }
  }

  unused(): string[] {
    const underDeprecated = (id: string) => [...this.deprecated].some((d) => id === d || id.startsWith(`${d}.`));
    return [...this.declared].filter((id) => !this.used.has(id) && !underDeprecated(id));
  }
}

function coverage(kind: ConfigKind, group: string): Coverage {
  const schema = loadSchema(kind);
  const c = new Coverage(schema);
  c.visit(schema, configFixtures(group).filter((f) => f.kind === kind).map((f) => JSON.parse(f.text)), '$');
  return c;
}

for (const kind of ['lb-run-config', 'lb-platform-config'] as ConfigKind[]) {
  test(`the valid ${kind} corpus uses every key the schema declares (deprecated ones aside)`, () => {
    assert.deepEqual(coverage(kind, 'valid').unused(), []);
  });
}

test('each built-in plugin is used with every one of its keys, both in plugin_settings and in a workload\'s options', () => {
  const definitions = loadSchema('lb-run-config').definitions as Record<string, Node>;
  const configs = configFixtures('valid').filter((f) => f.kind === 'lb-run-config').map((f) => JSON.parse(f.text));
  const gaps: string[] = [];
  for (const plugin of definitions.builtin_plugins.enum as string[]) {
    const properties = definitions[`plugin_${plugin}`].properties as Record<string, Node>;
    const keys = Object.keys(properties).filter((k) => properties[k].deprecated !== true);
    const settingsKeys = new Set(configs.flatMap((c) => Object.keys(c.plugin_settings?.[plugin] ?? {})));
    const optionsKeys = new Set(
      configs.flatMap((c) => Object.values<Node>(c.workloads ?? {}).filter((w) => w.plugin === plugin).flatMap((w) => Object.keys(w.options ?? {}))),
    );
    gaps.push(...keys.filter((k) => !settingsKeys.has(k)).map((k) => `plugin_settings.${plugin}.${k}`));
    gaps.push(...keys.filter((k) => !optionsKeys.has(k)).map((k) => `workloads.*{plugin=${plugin}}.options.${k}`));
  }
  assert.deepEqual(gaps, []);
});

test('the deprecated keys are accepted and exercised by the valid-with-warnings corpus', () => {
  const c = coverage('lb-run-config', 'valid-with-warnings');
  assert.deepEqual([...c.deprecated].sort(), ['plugin_dfaas.rates', 'plugin_peva_faas.rates']);
  assert.deepEqual([...c.deprecated].filter((id) => !c.used.has(id)), []);
});

interface Rejection {
  fixture: string;
  instancePath: string;
  keyword: string;
  params?: Record<string, unknown>;
}

/** Each invalid fixture has one mistake; ajv must report it, and nothing else, at that place. */
const REJECTIONS: Rejection[] = [
  { fixture: 'benchmark_config.unknown-key.json', instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'repetiton' } },
  { fixture: 'benchmark_config.repetitions-zero.json', instancePath: '/repetitions', keyword: 'exclusiveMinimum' },
  { fixture: 'benchmark_config.workload-without-plugin.json', instancePath: '/workloads/cpu', keyword: 'required', params: { missingProperty: 'plugin' } },
  { fixture: 'benchmark_config.options-wrong-type.json', instancePath: '/workloads/cpu/options/cpu_workers', keyword: 'type', params: { type: 'integer' } },
  { fixture: 'benchmark_config.options-unknown-key.json', instancePath: '/workloads/disk/options', keyword: 'additionalProperties', params: { additionalProperty: 'iodpeth' } },
  { fixture: 'benchmark_config.settings-unknown-key.json', instancePath: '/plugin_settings/fio', keyword: 'additionalProperties', params: { additionalProperty: 'iodpeth' } },
  { fixture: 'benchmark_config.pts-batch-mode-false.json', instancePath: '/plugin_settings/pts_ramspeed/batch_mode', keyword: 'enum' },
  { fixture: 'benchmark_config.dfaas-duration.json', instancePath: '/plugin_settings/dfaas/duration', keyword: 'pattern' },
  { fixture: 'benchmark_config.dfaas-duration-zero.json', instancePath: '/plugin_settings/dfaas/duration', keyword: 'pattern' },
  { fixture: 'benchmark_config.dfaas-strategy-type.json', instancePath: '/plugin_settings/dfaas/rate_strategy/type', keyword: 'enum' },
  { fixture: 'benchmark_config.dfaas-strategy-without-type.json', instancePath: '/workloads/faas/options/rate_strategy', keyword: 'required', params: { missingProperty: 'type' } },
  { fixture: 'benchmark_config.dfaas-strategy-foreign-key.json', instancePath: '/workloads/faas/options/rate_strategy', keyword: 'additionalProperties', params: { additionalProperty: 'count' } },
  { fixture: 'benchmark_config.dfaas-custom-rates-empty.json', instancePath: '/workloads/faas/options/rate_strategy/rates', keyword: 'minItems' },
  { fixture: 'benchmark_config.dfaas-exponential-base.json', instancePath: '/workloads/faas/options/rate_strategy/base', keyword: 'minimum' },
  { fixture: 'benchmark_config.dfaas-functions-empty.json', instancePath: '/plugin_settings/dfaas/functions', keyword: 'minItems' },
  { fixture: 'benchmark_config.dfaas-function-method.json', instancePath: '/plugin_settings/dfaas/functions/0/method', keyword: 'pattern' },
  { fixture: 'benchmark_config.dfaas-port-range.json', instancePath: '/plugin_settings/dfaas/openfaas_port', keyword: 'maximum' },
  { fixture: 'benchmark_config.peva-selection-mode.json', instancePath: '/workloads/peva/options/selection_mode', keyword: 'enum' },
  { fixture: 'benchmark_config.remote-host-without-address.json', instancePath: '/remote_hosts/0', keyword: 'required', params: { missingProperty: 'address' } },
  { fixture: 'benchmark_config.remote-host-blank-name.json', instancePath: '/remote_hosts/0/name', keyword: 'pattern' },
  { fixture: 'benchmark_config.loki-endpoint-scheme.json', instancePath: '/loki/endpoint', keyword: 'pattern' },
  { fixture: 'benchmark_config.loki-backoff-factor.json', instancePath: '/loki/backoff_factor', keyword: 'minimum' },
  { fixture: 'benchmark_config.perf-pid-zero.json', instancePath: '/collectors/perf_config/pid', keyword: 'exclusiveMinimum' },
  { fixture: 'platform-grafana-org-id/lb/platform.json', instancePath: '/grafana/org_id', keyword: 'minimum' },
  { fixture: 'platform-plugins-not-bool/lb/platform.json', instancePath: '/plugins/fio', keyword: 'type', params: { type: 'boolean' } },
  { fixture: 'platform-unknown-key/lb/platform.json', instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'grafana_url' } },
];

const invalid = configFixtures('invalid');

test('every invalid fixture has an expected rejection, and every expected rejection a fixture', () => {
  assert.deepEqual(invalid.map((f) => f.name.replace(/^invalid\//, '')).sort(), REJECTIONS.map((r) => r.fixture).sort());
});

for (const expected of REJECTIONS) {
  test(`invalid/${expected.fixture} is rejected at "${expected.instancePath}" (${expected.keyword})`, () => {
    const fixture = invalid.find((f) => f.name === `invalid/${expected.fixture}`);
    assert.ok(fixture, `missing fixture invalid/${expected.fixture}`);
    const validate = validators[fixture.kind];
    assert.equal(validate(JSON.parse(fixture.text)), false, 'the schema accepted it');
    // `if` errors only say that a `then` branch failed; the branch's own error is the one users see.
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
    assert.deepEqual(
      errors.map((e) => ({ instancePath: e.instancePath, keyword: e.keyword })),
      [{ instancePath: expected.instancePath, keyword: expected.keyword }],
      describeErrors(validate.errors),
    );
    for (const [param, value] of Object.entries(expected.params ?? {})) {
      assert.deepEqual((errors[0].params as Record<string, unknown>)[param], value, `params.${param}`);
    }
  });
}
