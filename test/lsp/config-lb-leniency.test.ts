// What lb 0.67 tolerates, and the rules it enforces that its schema cannot say, as an editor sees them in the
// real server: tolerated values are warnings that say why, never errors; lb's own refusals are errors.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { emptyHomeEnv } from '../support/emptyHome';
import { LspClient } from '../support/lspClient';
import { rangeOfText } from '../support/textRanges';

const ERROR = 1;
const WARNING = 2;

let client: LspClient;
let counter = 0;
const home = emptyHomeEnv();

before(async () => {
  client = await LspClient.start({ env: home });
});
after(() => client.stop());

async function diagnose(text: string, uri = `file:///tmp/lb-obs-leniency-${++counter}/benchmark_config.json`): Promise<Diagnostic[]> {
  return client.open(uri, 'json', text);
}

/** [code, severity, range, message] of each diagnostic, in the order of the text. */
const summary = (d: Diagnostic[]) =>
  [...d]
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map((x) => [x.code, x.severity, x.range, x.message]);

describe('values lb converts', () => {
  test('true and false for a number are warnings with the number to write', async () => {
    const text = '{\n  "warmup_seconds": true,\n  "metrics_interval_seconds": true,\n  "cooldown_seconds": false\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['loose-type', WARNING, rangeOfText(text, 'true'), '"warmup_seconds" should be a whole number: lb\'s loader converts true, but write 1.'],
      ['loose-type', WARNING, rangeOfText(text, 'true', 1), '"metrics_interval_seconds" should be a number: lb\'s loader converts true, but write 1.'],
      ['loose-type', WARNING, rangeOfText(text, 'false'), '"cooldown_seconds" should be a whole number: lb\'s loader converts false, but write 0.'],
    ]);
  });

  test('a whole number written as text with a zero fraction is converted too', async () => {
    const text = '{\n  "repetitions": "3.0",\n  "warmup_seconds": "3.",\n  "cooldown_seconds": "3.5"\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['loose-type', WARNING, rangeOfText(text, '"3.0"'), '"repetitions" should be a whole number: lb\'s loader converts the text "3.0", but write 3.'],
      ['loose-type', WARNING, rangeOfText(text, '"3."'), '"warmup_seconds" should be a whole number: lb\'s loader converts the text "3.", but write 3.'],
      ['wrong-type', ERROR, rangeOfText(text, '"3.5"'), '"cooldown_seconds" must be a whole number, not the text "3.5".'],
    ]);
  });

  test('a number written as text is converted in decimal notation only', async () => {
    const text = '{\n  "metrics_interval_seconds": "2.5e-1",\n  "collectors": {"psutil_interval": "0x10"}\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['loose-type', WARNING, rangeOfText(text, '"2.5e-1"'), '"metrics_interval_seconds" should be a number: lb\'s loader converts the text "2.5e-1", but write 0.25.'],
      ['wrong-type', ERROR, rangeOfText(text, '"0x10"'), '"collectors.psutil_interval" must be a number, not the text "0x10".'],
    ]);
  });

  test('a converted value outside the bounds is an error that shows the conversion', async () => {
    const text = '{\n  "repetitions": false,\n  "test_duration_seconds": "0"\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['out-of-range', ERROR, rangeOfText(text, 'false'), '"repetitions" must be greater than 0: lb converts false to 0.'],
      ['out-of-range', ERROR, rangeOfText(text, '"0"'), '"test_duration_seconds" must be greater than 0: lb converts the text "0" to 0.'],
    ]);
  });

  test('a converted value outside an enum is an error, inside it a warning only', async () => {
    const text = '{\n  "plugin_settings": {"pts_ramspeed": {"batch_mode": "no"}, "pts_blosc": {"batch_mode": "yes"}}\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['out-of-range', ERROR, rangeOfText(text, '"no"'), '"plugin_settings.pts_ramspeed.batch_mode" must be true: lb converts the text "no" to false.'],
      ['loose-type', WARNING, rangeOfText(text, '"yes"'), '"plugin_settings.pts_blosc.batch_mode" should be true or false: lb\'s loader converts the text "yes", but write true.'],
    ]);
  });
});

describe('intensity', () => {
  test('an unknown or wrongly-cased intensity is a warning with a did-you-mean', async () => {
    const text = '{\n  "workloads": {\n    "a": {"plugin": "stress_ng", "intensity": "High"},\n    "b": {"plugin": "fio", "intensity": "extreme"}\n  }\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['unknown-intensity', WARNING, rangeOfText(text, '"High"'),
        '"High" is not an intensity lb knows (user_defined, low, medium, high; case matters): lb logs "Invalid intensity level" and runs workload "a" with its options as given. Did you mean "high"?'],
      ['unknown-intensity', WARNING, rangeOfText(text, '"extreme"'),
        '"extreme" is not an intensity lb knows (user_defined, low, medium, high; case matters): lb logs "Invalid intensity level" and runs workload "b" with its options as given.'],
    ]);
  });

  test('with an unknown intensity lb runs the options, so their errors stay errors', async () => {
    const text = '{\n  "workloads": {"a": {"plugin": "stress_ng", "intensity": "hihg", "options": {"cpu_workers": "many"}}}\n}\n';
    const d = await diagnose(text);
    assert.deepEqual(d.filter((x) => x.code === 'wrong-type').map((x) => x.severity), [ERROR]);
  });

  test('an intensity that is not a string is an error', async () => {
    const text = '{\n  "workloads": {"a": {"plugin": "stress_ng", "intensity": 3}}\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['wrong-type', ERROR, rangeOfText(text, '3'), '"workloads.a.intensity" must be a string, not the number 3.'],
    ]);
  });
});

describe('options lb never reads', () => {
  test('the options of a disabled workload: their errors are warnings that say why', async () => {
    const text = '{\n  "workloads": {"cpu": {"plugin": "stress_ng", "enabled": false, "options": {"cpu_workers": "many", "timeout": 0}}}\n}\n';
    const why = 'lb does not read the options of workload "cpu" while it is disabled; this fails once it is enabled.';
    assert.deepEqual(summary(await diagnose(text)), [
      ['wrong-type', WARNING, rangeOfText(text, '"many"'), `"workloads.cpu.options.cpu_workers" must be a whole number, not the text "many". ${why}`],
      ['out-of-range', WARNING, rangeOfText(text, '0'), `"workloads.cpu.options.timeout" must be greater than 0 (it is 0). ${why}`],
    ]);
  });

  test('"enabled" is read as lb reads it: "no" disables the workload too', async () => {
    const text = '{\n  "workloads": {"cpu": {"plugin": "stress_ng", "enabled": "no", "options": {"cpu_workers": "many"}}}\n}\n';
    const d = await diagnose(text);
    assert.deepEqual(d.map((x) => [x.code, x.severity]), [['loose-type', WARNING], ['wrong-type', WARNING]]);
  });

  test('options replaced by an intensity preset: their errors are warnings that say why', async () => {
    const text = '{\n  "workloads": {"cpu": {"plugin": "stress_ng", "intensity": "low", "options": {"cpu_workers": "many"}}}\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['intensity-replaces-options', WARNING, rangeOfText(text, '"low"'),
        'intensity "low" replaces the options of workload "cpu" with lb\'s stress_ng preset, so the options here are ignored. Set intensity to "user_defined" to use them.'],
      ['wrong-type', WARNING, rangeOfText(text, '"many"'),
        '"workloads.cpu.options.cpu_workers" must be a whole number, not the text "many". lb does not read it: intensity "low" replaces the options of workload "cpu" with lb\'s preset.'],
    ]);
  });

  test('"options" that is not an object is an error even for a disabled workload (lb\'s run config model checks it)', async () => {
    const text = '{\n  "workloads": {"cpu": {"plugin": "stress_ng", "enabled": false, "options": []}}\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['wrong-type', ERROR, rangeOfText(text, '[]'), '"workloads.cpu.options" must be an object, not a list.'],
    ]);
  });

  test('lb\'s dfaas rules on a disabled workload\'s options are warnings', async () => {
    const text = '{\n  "workloads": {"faas": {"plugin": "dfaas", "enabled": false, "options": {"functions": [{"name": "f"}, {"name": "f"}]}}}\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['dfaas-duplicate-function', WARNING, rangeOfText(text, '"f"', 1),
        'Function "f" is already listed as functions[0]: lb requires unique function names. lb does not read the options of workload "faas" while it is disabled; this fails once it is enabled.'],
    ]);
  });
});

describe('plugin_settings and plugin_assets', () => {
  test('plugin settings that are not an object are a warning: lb skips them', async () => {
    const text = '{\n  "plugin_settings": {"fio": "fast", "my_plugin": []}\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['wrong-type', WARNING, rangeOfText(text, '"fast"'), '"plugin_settings.fio" must be an object, not the text "fast". lb skips it and runs fio with its default settings.'],
      ['wrong-type', WARNING, rangeOfText(text, '[]'), '"plugin_settings.my_plugin" must be an object, not a list. lb skips it and runs my_plugin with its default settings.'],
    ]);
  });

  test('an unknown key in plugin_assets.<plugin> is a warning with a did-you-mean', async () => {
    const text = '{\n  "plugin_assets": {"fio": {"setup_playbok": "/opt/lb/fio/setup.yml"}}\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['unknown-key', WARNING, rangeOfText(text, '"setup_playbok"'),
        'Unknown key "setup_playbok" in plugin_assets.fio: lb ignores it, so it has no effect. Did you mean "setup_playbook"?'],
    ]);
  });
});

describe('dfaas rate strategies', () => {
  test('linear and random need max_rate >= min_rate, exponential max_power >= min_power', async () => {
    const text =
      '{\n  "plugin_settings": {"dfaas": {"rate_strategy": {"type": "linear", "min_rate": 50, "max_rate": 40}}},\n' +
      '  "workloads": {\n    "r": {"plugin": "dfaas", "options": {"rate_strategy": {"type": "random", "max_rate": 7}}},\n' +
      '    "e": {"plugin": "peva_faas", "options": {"rate_strategy": {"type": "exponential", "min_power": 9}}}\n  }\n}\n';
    const d = await diagnose(text);
    assert.deepEqual(summary(d.filter((x) => x.code === 'dfaas-rate-strategy-bounds')), [
      ['dfaas-rate-strategy-bounds', ERROR, rangeOfText(text, '40'), 'rate_strategy.max_rate (40) must be at least rate_strategy.min_rate (50); lb refuses these settings otherwise.'],
      ['dfaas-rate-strategy-bounds', ERROR, rangeOfText(text, '7'), 'rate_strategy.max_rate (7) must be at least rate_strategy.min_rate (10); lb refuses these settings otherwise.'],
      ['dfaas-rate-strategy-bounds', ERROR, rangeOfText(text, '9'), 'rate_strategy.max_power (8) must be at least rate_strategy.min_power (9); lb refuses these settings otherwise.'],
    ]);
  });

  test('equal bounds are fine, and values lb converts are compared converted', async () => {
    const text = '{\n  "plugin_settings": {"dfaas": {"rate_strategy": {"type": "linear", "min_rate": "20", "max_rate": 20}}}\n}\n';
    const d = await diagnose(text);
    assert.deepEqual(d.map((x) => x.code), ['loose-type']);
  });

  test('a min_rate written in an exponential or custom strategy is ignored by lb, so max_rate is not compared with it', async () => {
    const text =
      '{\n  "plugin_settings": {"dfaas": {"rate_strategy": {"type": "exponential", "min_rate": 50}, "functions": [{"name": "f", "max_rate": 20}]}}\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['unknown-key', WARNING, rangeOfText(text, '"min_rate"'),
        'Unknown key "min_rate" in plugin_settings.dfaas.rate_strategy: lb ignores it, so it has no effect. Did you mean "max_rate"?'],
    ]);
  });

  test('custom rates must each be >= 0, also when written as text', async () => {
    const text = '{\n  "plugin_settings": {"dfaas": {"rate_strategy": {"type": "custom", "rates": [10, -1, "-2"]}}}\n}\n';
    assert.deepEqual(summary(await diagnose(text)), [
      ['out-of-range', ERROR, rangeOfText(text, '-1'), '"plugin_settings.dfaas.rate_strategy.rates[1]" must be at least 0 (it is -1).'],
      ['out-of-range', ERROR, rangeOfText(text, '"-2"'), '"plugin_settings.dfaas.rate_strategy.rates[2]" must be at least 0: lb converts the text "-2" to -2.'],
    ]);
  });
});

describe('dfaas config_path', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-config-path-'));
  fs.writeFileSync(path.join(dir, 'experiment.yaml'), 'common: {}\n');
  const uri = pathToFileURL(path.join(dir, 'benchmark_config.json')).toString();

  test('a file that exists relative to the config\'s folder is fine', async () => {
    assert.deepEqual(await diagnose('{"plugin_settings": {"dfaas": {"config_path": "experiment.yaml"}}}', uri), []);
  });

  test('a missing file is a warning naming where it was looked for', async () => {
    const text = '{\n  "workloads": {"faas": {"plugin": "dfaas", "options": {"config_path": "missing.yaml"}}}\n}\n';
    assert.deepEqual(summary(await diagnose(text, uri)), [
      ['dfaas-config-path-missing', WARNING, rangeOfText(text, '"missing.yaml"'),
        `config_path: ${path.join(dir, 'missing.yaml')} does not exist or cannot be read. lb stops with "Configuration file not found" when it loads the dfaas settings, unless the file exists where lb runs (lb reads a relative path from the folder it runs in).`],
    ]);
  });

  test('"~" is the user\'s home folder', async () => {
    const text = '{"plugin_settings": {"peva_faas": {"config_path": "~/exp.yaml"}}}';
    const d = await diagnose(text, uri);
    assert.deepEqual(d.map((x) => x.message), [
      `config_path: ${path.join(home.HOME, 'exp.yaml')} does not exist or cannot be read. lb stops with "Configuration file not found" when it loads the peva_faas settings, unless the file exists where lb runs.`,
    ]);
  });
});
