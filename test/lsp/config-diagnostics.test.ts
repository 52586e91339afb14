// Every lb config rule, observed as an editor would: open a document in the real server and read the published
// diagnostics (severity, message, exact range).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { emptyHomeEnv } from '../support/emptyHome';
import { LspClient } from '../support/lspClient';
import { rangeOfText } from '../support/textRanges';

const ERROR = 1;
const WARNING = 2;
const INFORMATION = 3;

let client: LspClient;
let counter = 0;
const home = emptyHomeEnv();

before(async () => {
  client = await LspClient.start({ env: home });
});
after(() => client.stop());

async function diagnose(text: string, name = 'benchmark_config.json'): Promise<Diagnostic[]> {
  const uri = `file:///tmp/lb-obs-test-${++counter}/${name}`;
  return client.open(uri, 'json', text);
}

function only(diagnostics: Diagnostic[], code: string): Diagnostic {
  const matching = diagnostics.filter((d) => d.code === code);
  assert.equal(matching.length, 1, `expected one ${code}, got ${JSON.stringify(diagnostics, null, 1)}`);
  return matching[0];
}

function expectDiagnostic(diagnostics: Diagnostic[], code: string, severity: number, range: unknown, message: RegExp | string) {
  const d = only(diagnostics, code);
  assert.equal(d.severity, severity);
  assert.deepEqual(d.range, range);
  if (typeof message === 'string') assert.equal(d.message, message);
  else assert.match(String(d.message), message);
  assert.equal(d.source, 'lb-obs');
}

describe('JSON syntax', () => {
  test('a missing comma is an error at the next key', async () => {
    const text = '{\n  "repetitions": 3\n  "warmup_seconds": 5\n}\n';
    const d = await diagnose(text);
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, ERROR);
    assert.equal(d[0].message, 'Expected a comma between entries');
    assert.deepEqual(d[0].range, rangeOfText(text, '"warmup_seconds"'));
  });

  test('a trailing comma says what it is', async () => {
    const text = '{\n  "repetitions": 3,\n}\n';
    const d = await diagnose(text);
    assert.equal(d.length, 1);
    assert.equal(d[0].message, 'Trailing comma: lb reads configs as strict JSON, remove the last ","');
    assert.deepEqual(d[0].range, rangeOfText(text, '}'));
  });

  test('comments are rejected because lb reads strict JSON', async () => {
    const text = '{\n  // three runs\n  "repetitions": 3\n}\n';
    const d = await diagnose(text);
    assert.equal(d[0].message, 'Comments are not allowed: lb reads configs as strict JSON');
    assert.deepEqual(d[0].range, rangeOfText(text, '// three runs'));
  });
});

describe('schema', () => {
  test('an unknown top-level key is a warning on the key with a did-you-mean', async () => {
    const text = '{\n  "repetiton": 3\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'unknown-key', WARNING, rangeOfText(text, '"repetiton"'),
      'Unknown key "repetiton": lb ignores it, so it has no effect. Did you mean "repetitions"?');
  });

  test('an unknown plugin option is a warning naming where it is', async () => {
    const text = '{\n  "workloads": {\n    "disk": {"plugin": "fio", "options": {"iodepht": 32}}\n  }\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'unknown-key', WARNING, rangeOfText(text, '"iodepht"'),
      'Unknown key "iodepht" in workloads.disk.options: lb ignores it, so it has no effect. Did you mean "iodepth"?');
  });

  test('an unknown plugin_settings key of a built-in plugin is a warning', async () => {
    const text = '{\n  "plugin_settings": {"stress_ng": {"cpu_worker": 2}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'unknown-key', WARNING, rangeOfText(text, '"cpu_worker"'), /Did you mean "cpu_workers"\?$/);
  });

  test('a wrong type is an error on the value', async () => {
    const text = '{\n  "repetitions": "three"\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'wrong-type', ERROR, rangeOfText(text, '"three"'), '"repetitions" must be a whole number, not the text "three".');
  });

  test('a value lb converts (pydantic lax mode) is a warning with the proper value', async () => {
    const text = '{\n  "repetitions": "3",\n  "collect_system_info": "yes"\n}\n';
    const d = await diagnose(text);
    assert.deepEqual(
      d.map((x) => [x.code, x.severity, x.range, x.message]),
      [
        ['loose-type', WARNING, rangeOfText(text, '"3"'), '"repetitions" should be a whole number: lb\'s loader converts the text "3", but write 3.'],
        ['loose-type', WARNING, rangeOfText(text, '"yes"'), '"collect_system_info" should be true or false: lb\'s loader converts the text "yes", but write true.'],
      ],
    );
  });

  test('a bound is an error on the value', async () => {
    const text = '{\n  "repetitions": 0\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'out-of-range', ERROR, rangeOfText(text, '0'), '"repetitions" must be greater than 0 (it is 0).');
  });

  test('an enum value gets the allowed values and a suggestion', async () => {
    const text = '{\n  "plugin_settings": {"peva_faas": {"selection_mode": "onlin"}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'not-allowed-value', ERROR, rangeOfText(text, '"onlin"'),
      '"plugin_settings.peva_faas.selection_mode" must be one of "online", "micro_batch", not the text "onlin". Did you mean "online"?');
  });

  test('a workload without plugin is an error on the workload name', async () => {
    const text = '{\n  "workloads": {"cpu": {"enabled": true}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'missing-required', ERROR, rangeOfText(text, '"cpu"'), '"workloads.cpu" is missing the required key "plugin".');
  });

  test('plugin options are typed by the workload plugin', async () => {
    const text = '{\n  "workloads": {"disk": {"plugin": "fio", "options": {"iodepth": "deep"}}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'wrong-type', ERROR, rangeOfText(text, '"deep"'), '"workloads.disk.options.iodepth" must be a whole number, not the text "deep".');
  });

  test('the dfaas rate_strategy is checked according to its type', async () => {
    const text = '{\n  "plugin_settings": {"dfaas": {"rate_strategy": {"type": "custom", "rates": []}}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'too-few-items', ERROR, rangeOfText(text, '[]'), '"plugin_settings.dfaas.rate_strategy.rates" needs at least 1 item.');
  });

  test('a malformed dfaas duration is an error', async () => {
    const text = '{\n  "plugin_settings": {"dfaas": {"duration": "30 sec"}}\n}\n';
    const d = await diagnose(text);
    const diag = only(d, 'bad-format');
    assert.deepEqual(diag.range, rangeOfText(text, '"30 sec"'));
    assert.match(String(diag.message), /^"plugin_settings\.dfaas\.duration"/);
  });
});

describe("lb's own rules", () => {
  test('remote host names must be unique', async () => {
    const text = '{\n  "remote_hosts": [\n    {"name": "node1", "address": "10.0.0.1"},\n    {"name": "node1", "address": "10.0.0.2"}\n  ]\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'duplicate-host-name', ERROR, rangeOfText(text, '"node1"', 1),
      'Remote host name "node1" is already used by remote_hosts[0]: lb requires unique names.');
  });

  test('dfaas function names must be unique', async () => {
    const text = '{\n  "plugin_settings": {"dfaas": {"functions": [{"name": "figlet"}, {"name": "figlet"}]}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'dfaas-duplicate-function', ERROR, rangeOfText(text, '"figlet"', 1),
      'Function "figlet" is already listed as functions[0]: lb requires unique function names.');
  });

  test('a function max_rate below rate_strategy.min_rate is an error', async () => {
    const text = '{\n  "plugin_settings": {"dfaas": {"rate_strategy": {"type": "random", "min_rate": 50}, "functions": [{"name": "f", "max_rate": 20}]}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'dfaas-max-rate-below-min', ERROR, rangeOfText(text, '20'),
      'functions[0].max_rate (20) must be at least rate_strategy.min_rate (50); lb refuses to start otherwise.');
  });

  test('the random strategy min_rate defaults to 10', async () => {
    const text = '{\n  "plugin_settings": {"dfaas": {"rate_strategy": {"type": "random"}, "functions": [{"name": "f", "max_rate": 5}]}}\n}\n';
    const d = await diagnose(text);
    assert.match(String(only(d, 'dfaas-max-rate-below-min').message), /\(5\) must be at least rate_strategy\.min_rate \(10\)/);
  });

  test('openfaas, prometheus and k6 ports must differ', async () => {
    const text = '{\n  "plugin_settings": {"dfaas": {"openfaas_port": 22, "prometheus_port": 22}}\n}\n';
    const d = await diagnose(text).then((all) => all.filter((x) => x.code === 'dfaas-port-clash'));
    assert.deepEqual(d.map((x) => [x.message, x.range]), [
      ['openfaas_port and prometheus_port must be different (both are 22).', rangeOfText(text, '22', 1)],
      ['openfaas_port and k6_port (SSH) must be different (both are 22).', rangeOfText(text, '22', 0)],
    ].sort((a, b) => (a[1] as { start: { character: number } }).start.character - (b[1] as { start: { character: number } }).start.character));
  });

  test('a zero duration is an error', async () => {
    const text = '{\n  "plugin_settings": {"dfaas": {"duration": "0s"}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'bad-format', ERROR, rangeOfText(text, '"0s"'),
      '"plugin_settings.dfaas.duration": The duration must be a positive number followed by ms, s, m or h, e.g. "30s" or "1m", not the text "0s".');
  });

  test('combinations.max_functions must exceed min_functions', async () => {
    const text = '{\n  "plugin_settings": {"dfaas": {"combinations": {"min_functions": 2, "max_functions": 2}}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'dfaas-combinations', ERROR, rangeOfText(text, '2', 1),
      'combinations.max_functions (2) must be greater than min_functions (2): max_functions is exclusive.');
  });

  test('deprecated rates is a warning on the key', async () => {
    const text = '{\n  "plugin_settings": {"dfaas": {"rates": {"min_rate": 0, "max_rate": 100, "step": 20}}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'dfaas-deprecated-rates', WARNING, rangeOfText(text, '"rates"'),
      '"rates" is deprecated: lb migrates it to rate_strategy {"type": "linear", ...} with a warning. Use rate_strategy instead.');
  });

  test('peva_faas compares openfaas_port with the k3s SSH port', async () => {
    const text = '{\n  "plugin_settings": {"peva_faas": {"openfaas_port": 2222, "k3s_port": 2222, "k6_port": 2222}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'dfaas-port-clash', ERROR, rangeOfText(text, '2222', 1), 'openfaas_port and k3s_port (SSH) must be different (both are 2222).');
  });

  test('dfaas rules also apply to workload options merged over plugin_settings', async () => {
    const text = '{\n  "plugin_settings": {"dfaas": {"prometheus_port": 31000}},\n  "workloads": {"faas": {"plugin": "dfaas", "options": {"openfaas_port": 31000}}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'dfaas-port-clash', ERROR, rangeOfText(text, '31000', 0), 'openfaas_port and prometheus_port must be different (both are 31000).');
  });

  test('the loki endpoint must be an http(s) URL', async () => {
    const text = '{\n  "loki": {"enabled": true, "endpoint": "localhost:3100"}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'bad-format', ERROR, rangeOfText(text, '"localhost:3100"'),
      '"loki.endpoint": The Loki endpoint must be an http:// or https:// URL with a host, e.g. "http://localhost:3100", not the text "localhost:3100".');
  });

  test('invalid and reserved Loki label names are errors on the name', async () => {
    const text = '{\n  "loki": {"labels": {"team-name": "perf", "__tenant": "x", "env": "ci"}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'loki-label-invalid', ERROR, rangeOfText(text, '"team-name"'),
      '"team-name" is not a valid Loki label name: use letters, digits and "_" only, not starting with a digit (Loki rejects the push with 400).');
    expectDiagnostic(d, 'loki-label-reserved', ERROR, rangeOfText(text, '"__tenant"'), 'Loki label name "__tenant" starts with "__", which Loki reserves for itself.');
  });

  test('too many static labels for Loki is a warning on labels', async () => {
    const labels = Array.from({ length: 7 }, (_, i) => `"l${i}": "v"`).join(', ');
    const text = `{\n  "loki": {"labels": {${labels}}}\n}\n`;
    const d = await diagnose(text);
    expectDiagnostic(d, 'loki-too-many-labels', WARNING, rangeOfText(text, '"labels"'),
      "Streams can carry 16 label names: lb's 9 own labels (component, host, run_id, workload, package, plugin, scenario, repetition, phase) plus 7 static ones here. " +
        'Loki accepts at most 15 per stream by default and rejects the rest with 400, so lb drops those batches. Remove 1 static label(s).');
  });

  test('static labels that override built-in ones do not add label names', async () => {
    const labels = ['component', 'host', 'run_id', 'workload', 'a', 'b', 'c', 'd', 'e', 'f'].map((l) => `"${l}": "v"`).join(', ');
    const d = await diagnose(`{\n  "loki": {"labels": {${labels}}}\n}\n`);
    assert.deepEqual(d.filter((x) => x.code === 'loki-too-many-labels'), []);
  });

  test('an intensity preset replacing options is a warning on intensity', async () => {
    const text = '{\n  "workloads": {"cpu": {"plugin": "stress_ng", "intensity": "high", "options": {"cpu_workers": 4}}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'intensity-replaces-options', WARNING, rangeOfText(text, '"high"'),
      'intensity "high" replaces the options of workload "cpu" with lb\'s stress_ng preset, so the options here are ignored. Set intensity to "user_defined" to use them.');
  });

  test('an intensity on a plugin without presets is a warning', async () => {
    const text = '{\n  "workloads": {"kernel": {"plugin": "pts_build_linux_kernel", "intensity": "low"}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'intensity-without-preset', WARNING, rangeOfText(text, '"low"'),
      'pts_build_linux_kernel has no "low" preset: lb warns and runs workload "kernel" with its options as given. Use "user_defined".');
  });

  test('a plugin that is not built in is a warning listing the built-ins', async () => {
    const text = '{\n  "workloads": {"disk": {"plugin": "fioo"}}\n}\n';
    const d = await diagnose(text);
    const diag = only(d, 'unknown-plugin');
    assert.equal(diag.severity, WARNING);
    assert.deepEqual(diag.range, rangeOfText(text, '"fioo"'));
    assert.match(String(diag.message), /^"fioo" is not a built-in lb plugin\. Did you mean "fio"\? It works only if installed as a user plugin/);
    assert.match(String(diag.message), /Built-in plugins: .*stress_ng.*dfaas/);
  });
});

describe('platform.json', () => {
  test('an overriding platform.json gives information on the run config key, naming the file', async () => {
    const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-xdg-'));
    fs.mkdirSync(path.join(xdg, 'lb'));
    fs.writeFileSync(path.join(xdg, 'lb', 'platform.json'), JSON.stringify({ output_dir: '/data/results', loki: { enabled: true } }));
    const own = await LspClient.start({ env: { XDG_CONFIG_HOME: xdg, HOME: home.HOME } });
    try {
      const text = '{\n  "output_dir": "./out",\n  "report_dir": "./reports",\n  "loki": {"enabled": false}\n}\n';
      const d = await own.open(`file:///tmp/lb-obs-platform-${counter++}/benchmark_config.json`, 'json', text);
      const info = d.filter((x) => x.code === 'platform-override');
      assert.deepEqual(info.map((x) => [x.severity, x.range, x.message]), [
        [INFORMATION, rangeOfText(text, '"output_dir"'), '$XDG_CONFIG_HOME/lb/platform.json sets "output_dir" to "/data/results", which replaces this value when lb runs.'],
        [INFORMATION, rangeOfText(text, '"loki"'), '$XDG_CONFIG_HOME/lb/platform.json sets "loki", which replaces this whole loki block when lb runs (the blocks are not merged).'],
      ]);
    } finally {
      await own.stop();
    }
  });

  test('the platform config is validated with its own schema and rules', async () => {
    const text = '{\n  "grafana": {"url": "grafana:3000", "org_id": 0},\n  "plugins": {"fio": "maybe"}\n}\n';
    const d = await diagnose(text, '.config/lb/platform.json');
    expectDiagnostic(d, 'grafana-url-not-http', ERROR, rangeOfText(text, '"grafana:3000"'), 'grafana.url must be an http:// or https:// URL such as "http://localhost:3000".');
    expectDiagnostic(d, 'out-of-range', ERROR, rangeOfText(text, '0', 3), '"grafana.org_id" must be at least 1 (it is 0).');
    expectDiagnostic(d, 'wrong-type', ERROR, rangeOfText(text, '"maybe"'), '"plugins.fio" must be true or false, not the text "maybe".');
  });
});

describe('recognition', () => {
  test('a JSON file with lb keys is validated whatever its name', async () => {
    const text = '{\n  "workloads": {"cpu": {"plugin": "stress_ng"}},\n  "repetiton": 2\n}\n';
    const d = await diagnose(text, 'my-bench.json');
    assert.equal(only(d, 'unknown-key').severity, WARNING);
  });

  test('a run config edit updates the diagnostics of the new version', async () => {
    const uri = `file:///tmp/lb-obs-edit-${++counter}/benchmark_config.json`;
    const first = await client.open(uri, 'json', '{"repetiton": 3}');
    assert.equal(first.length, 1);
    const second = await client.change(uri, '{"repetitions": 3}');
    assert.deepEqual(second, []);
  });
});

describe('untitled documents', () => {
  test('an untitled LogQL buffer is checked by its language', async () => {
    const text = '{app=~".*"}';
    const d = await client.open(`untitled:Untitled-${++counter}`, 'logql', text);
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, ERROR);
  });
});

describe('keys that look like numbers', () => {
  test('a problem under a workload named "1" is reported on that workload', async () => {
    const text = '{\n  "workloads": {"1": {"plugin": "fio", "options": {"iodepth": "deep"}}}\n}\n';
    const d = await diagnose(text);
    expectDiagnostic(d, 'wrong-type', ERROR, rangeOfText(text, '"deep"'), '"workloads.1.options.iodepth" must be a whole number, not the text "deep".');
  });
});
