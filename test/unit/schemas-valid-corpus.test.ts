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
 * Keys declared by `schema` that none of `instances` uses, recursively: through $ref, array items, map values,
 * and `if {properties: {d: {const}}} then` branches (workload options by plugin, rate strategies by type), where
 * only the instances whose discriminator matches count.
 */
function unusedKeys(root: Node, schema: Node, instances: unknown[], at: string, deprecated: 'skip' | 'only'): string[] {
  if (typeof schema.$ref === 'string') {
    const target = (root.definitions as Record<string, Node>)[schema.$ref.replace('#/definitions/', '')];
    return unusedKeys(root, target, instances, at, deprecated);
  }
  const out: string[] = [];
  const objects = instances.filter(isObject);
  for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, Node>)) {
    if ((sub.deprecated === true) !== (deprecated === 'only') && deprecated === 'skip') continue;
    const values = objects.filter((o) => key in o).map((o) => o[key]);
    if (values.length === 0) {
      if (deprecated === 'skip' || sub.deprecated === true) out.push(`${at}.${key}`);
      continue;
    }
    out.push(...unusedKeys(root, sub, values, `${at}.${key}`, deprecated));
  }
  if (isObject(schema.items)) out.push(...unusedKeys(root, schema.items, instances.flatMap((v) => (Array.isArray(v) ? v : [])), `${at}[]`, deprecated));
  if (isObject(schema.additionalProperties)) {
    const declared = Object.keys((schema.properties ?? {}) as object);
    const values = objects.flatMap((o) => Object.entries(o).filter(([k]) => !declared.includes(k)).map(([, v]) => v));
    if (values.length) out.push(...unusedKeys(root, schema.additionalProperties, values, `${at}.*`, deprecated));
  }
  for (const branch of (schema.allOf ?? []) as Node[]) {
    const [[discriminator, condition]] = Object.entries(((branch.if as Node).properties ?? {}) as Record<string, Node>);
    const selected = objects.filter((o) => o[discriminator] === condition.const);
    if (selected.length === 0 && deprecated === 'skip') out.push(`${at}{${discriminator}=${condition.const}}`);
    else out.push(...unusedKeys(root, branch.then as Node, selected, `${at}{${discriminator}=${condition.const}}`, deprecated));
  }
  return out;
}

for (const kind of ['lb-run-config', 'lb-platform-config'] as ConfigKind[]) {
  test(`the valid ${kind} corpus uses every key the schema declares, in plugin_settings and in workload options`, () => {
    const schema = loadSchema(kind);
    const instances = configFixtures('valid').filter((f) => f.kind === kind).map((f) => JSON.parse(f.text));
    assert.deepEqual(unusedKeys(schema, schema, instances, '$', 'skip'), []);
  });
}

test('the deprecated keys are exercised by the valid-with-warnings corpus', () => {
  const schema = loadSchema('lb-run-config');
  const instances = configFixtures('valid-with-warnings').filter((f) => f.kind === 'lb-run-config').map((f) => JSON.parse(f.text));
  const deprecatedInPlugins = ['dfaas', 'peva_faas'].map((p) => `$.plugin_settings.${p}.rates`);
  const unused = unusedKeys(schema, schema, instances, '$', 'only');
  assert.deepEqual(unused.filter((k) => deprecatedInPlugins.includes(k)), [], `unused deprecated keys: ${unused.join(', ')}`);
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
  { fixture: 'benchmark_config.intensity-unknown.json', instancePath: '/workloads/cpu/intensity', keyword: 'enum' },
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
