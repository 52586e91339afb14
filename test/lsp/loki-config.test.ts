// Loki config diagnostics, completion and hover through the real language server: each rule with its exact
// range, severity and message, in a Loki config file and in Loki Helm chart values.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { emptyHomeEnv } from '../support/emptyHome';
import { LspClient } from '../support/lspClient';
import { FIXTURES } from '../support/paths';
import { positionAt, rangeOfText } from '../support/textRanges';

const ERROR = 1;
const WARNING = 2;

let client: LspClient;
let counter = 0;

before(async () => {
  client = await LspClient.start({ env: emptyHomeEnv() });
});
after(() => client.stop());

const BASE = fs.readFileSync(path.join(FIXTURES, 'loki-config', 'install-loki.yaml'), 'utf8');

async function diagnose(text: string, name = 'loki-config.yaml'): Promise<Diagnostic[]> {
  return client.open(`file:///tmp/lb-obs-loki-${++counter}/${name}`, 'yaml', text);
}

/** The base config with `from` replaced by `to` (which must change it). */
function edited(from: string, to: string): string {
  assert.ok(BASE.includes(from), `the fixture has no ${JSON.stringify(from)}`);
  return BASE.replace(from, to);
}

async function expectOne(text: string, code: string, severity: number, needle: string, message: string | RegExp, occurrence = 0, name?: string) {
  const diagnostics = await diagnose(text, name);
  const matching = diagnostics.filter((d) => d.code === code);
  assert.equal(matching.length, 1, `expected one ${code}, got ${JSON.stringify(diagnostics, null, 1)}`);
  const d = matching[0];
  assert.equal(d.severity, severity);
  assert.deepEqual(d.range, rangeOfText(text, needle, occurrence));
  if (typeof message === 'string') assert.equal(d.message, message);
  else assert.match(String(d.message), message);
  assert.equal(d.source, 'lb-obs');
}

describe('Loki config diagnostics', () => {
  test('the install scripts\' config has no problem', async () => {
    assert.deepEqual(await diagnose(BASE), []);
  });

  test('an unknown key is an error on the key, with the likely key', async () => {
    const text = edited('  retention_period: 720h', '  retention_perod: 720h');
    await expectOne(text, 'loki-config-unknown-key', ERROR, 'retention_perod',
      'Loki v3.7.6 has no key "retention_perod" in limits_config; did you mean "retention_period"? Loki refuses unknown keys.');
  });

  test('a quoted number for a port is an error on the value', async () => {
    const text = edited('http_listen_port: 3100', 'http_listen_port: "3100"');
    await expectOne(text, 'loki-config-type', ERROR, '"3100"', '"server.http_listen_port" expects a whole number, not the quoted text "3100".');
  });

  test('30d is not a Go duration', async () => {
    const text = edited('  tail_max_duration: 4h', '  tail_max_duration: 30d');
    await expectOne(text, 'loki-config-value', ERROR, '30d', /^"querier.tail_max_duration" expects a duration such as 30s, 5m or 1h30m .*; "30d" is an unknown unit "d"\.$/);
  });

  test('30d is a Prometheus duration where Loki reads one', async () => {
    const text = edited('  retention_period: 720h', '  retention_period: 30d');
    assert.deepEqual(await diagnose(text), []);
  });

  test('values from environment variables (-config.expand-env) and Helm templates are not judged', async () => {
    const text = edited('http_listen_port: 3100', 'http_listen_port: ${LOKI_PORT}').replace('log_level: info', 'log_level: "{{ .Values.logLevel }}"');
    assert.deepEqual(await diagnose(text), []);
  });

  test('a KiB size is refused', async () => {
    const text = edited('per_stream_rate_limit: 8MB', 'per_stream_rate_limit: 256KiB');
    await expectOne(text, 'loki-config-value', ERROR, '256KiB', /"limits_config.per_stream_rate_limit" expects a size such as 256KB or 10MB .*; "256KiB" is an unknown unit "KiB"\./);
  });

  test('an unknown log level is refused', async () => {
    const text = edited('log_level: info', 'log_level: verbose');
    await expectOne(text, 'loki-config-value', ERROR, 'verbose', '"server.log_level" expects one of debug, info, warn, error; "verbose" is not a log level.');
  });

  test('a tsdb index with a weekly period', async () => {
    const text = edited('period: 24h', 'period: 168h');
    await expectOne(text, 'loki-config-tsdb-period', ERROR, '168h', '"schema_config.configs[0].index.period" must be 24h with the tsdb index.');
  });

  test('periods out of order', async () => {
    const text = edited('schema_config:\n  configs:\n', 'schema_config:\n  configs:\n    - from: "2025-01-01"\n      store: tsdb\n      object_store: filesystem\n      schema: v13\n      index:\n        prefix: index_\n        period: 24h\n');
    await expectOne(text, 'loki-config-period-order', ERROR, '"2024-01-01"',
      '"schema_config.configs[1].from" must be after the previous period\'s from; Loki refuses periods out of order.');
  });

  test('structured metadata with a schema older than v13', async () => {
    const text = edited('schema: v13', 'schema: v12');
    await expectOne(text, 'loki-config-structured-metadata-schema', ERROR, 'v12', /^Structured metadata .* needs schema v13; the current period schema_config.configs\[0\] uses v12\./);
  });

  test('an unknown KV store fails at start', async () => {
    const text = edited('store: inmemory', 'store: inmemorys');
    await expectOne(text, 'loki-config-kv-store', ERROR, 'inmemorys', /^"common.ring.kvstore.store": Loki has no KV store "inmemorys" and fails at start; use consul, etcd, inmemory, memberlist/);
  });

  test('an unknown target fails at start, marked inside a list of targets', async () => {
    const text = `target: all,reader\n${BASE}`;
    await expectOne(text, 'loki-config-target', ERROR, 'reader', /^Loki has no target "reader"; Loki fails at start\./);
  });

  test('an unknown delete_request_store fails at start', async () => {
    const text = edited('delete_request_store: filesystem', 'delete_request_store: s4');
    await expectOne(text, 'loki-config-delete-request-store', ERROR, 's4', /^"compactor.delete_request_store": "s4" is not an object store/);
  });

  test('a duration without a unit is read as nanoseconds (warning)', async () => {
    const text = edited('min_ready_duration: 0s', 'min_ready_duration: 10');
    const before = text.slice(0, text.indexOf('min_ready_duration: 10'));
    await expectOne(text, 'loki-config-duration-nanoseconds', WARNING, '10',
      '"ingester.lifecycler.min_ready_duration": a number without a unit is read as nanoseconds (10 ns); write it with a unit, such as 10s.', before.split('10').length - 1);
  });

  test('a fraction for a whole number is truncated (warning)', async () => {
    const text = edited('max_query_series: 1000', 'max_query_series: 5000.5');
    await expectOne(text, 'loki-config-truncated', WARNING, '5000.5', '"limits_config.max_query_series" is a whole number: Loki drops the fraction and reads 5000.');
  });

  test('retention without the compactor\'s retention (warning)', async () => {
    const text = edited('  retention_enabled: true\n', '  retention_enabled: false\n');
    await expectOne(text, 'loki-config-retention-disabled', WARNING, '720h', 'retention_period has no effect: the compactor deletes old logs only with compactor.retention_enabled: true.');
  });

  test('a second YAML document is ignored (warning)', async () => {
    const text = `${BASE}---\nauth_enabled: true\n`;
    await expectOne(text, 'loki-config-second-document', WARNING, '---',
      'Loki reads only the first YAML document of its config file; everything after this "---" is ignored.');
  });

  test('a repeated key', async () => {
    const text = edited('  log_level: info\n', '  log_level: info\n  log_level: debug\n');
    await expectOne(text, 'loki-config-duplicate-key', ERROR, 'log_level', '"log_level" is given twice in server; Loki refuses a repeated key.', 1);
  });

  test('a missing schema_config', async () => {
    const text = BASE.replace(/^schema_config:[\s\S]*?(?=^limits_config:)/m, '');
    await expectOne(text, 'loki-config-no-schema', ERROR, 'auth_enabled',
      'Loki needs schema_config.configs with at least one period (from, store, object_store, schema, index); without it Loki stops at start.');
  });

  test('a file recognised by its keys whatever its name', async () => {
    const text = edited('  retention_period: 720h', '  retention_perod: 720h');
    const d = await diagnose(text, 'single-binary.yaml');
    assert.deepEqual(d.map((x) => x.code), ['loki-config-unknown-key']);
  });

  test('Helm values: loki.structuredConfig is checked, not the chart\'s own keys', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'loki-config', 'helm-values.yaml'), 'utf8');
    const d = await diagnose(text, 'values.yaml');
    assert.deepEqual(
      d.map((x) => [x.code, x.range]),
      [
        ['loki-config-value', rangeOfText(text, '256KiB')],
        ['loki-config-value', rangeOfText(text, '1d')],
      ],
    );
  });

  test('Helm values: a plain loki.config block is checked in place', async () => {
    const text = 'loki:\n  config: |\n    auth_enabled: false\n    limits_config:\n      max_line_size: 256KiB\n';
    const d = await diagnose(text, 'values.yaml');
    // loki.config is the whole file Loki reads: without a schema_config Loki stops at start.
    assert.deepEqual(d.map((x) => [x.code, x.range]), [
      ['loki-config-no-schema', rangeOfText(text, 'auth_enabled')],
      ['loki-config-value', rangeOfText(text, '256KiB')],
    ]);
  });

  test('an unclosed quote is marked where it opens', async () => {
    const text = edited('prefix: index_', 'prefix: "index_');
    await expectOne(text, 'loki-config-yaml', ERROR, '"index_', 'Missing closing "quote: Loki cannot read the file.');
  });
});

describe('Loki config completion and hover', () => {
  async function complete(text: string, offset: number): Promise<CompletionItem[]> {
    const uri = `file:///tmp/lb-obs-loki-${++counter}/loki.yaml`;
    await client.open(uri, 'yaml', text);
    const result = await client.request<CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, offset) });
    return result ?? [];
  }

  test('keys of the block at the cursor', async () => {
    const text = 'auth_enabled: false\nlimits_config:\n  retention_\n';
    const items = await complete(text, text.indexOf('retention_') + 'retention_'.length);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('retention_period') && labels.includes('retention_stream'), labels.join(', '));
    assert.ok(!labels.includes('http_listen_port'));
  });

  test('values of a KV store', async () => {
    const text = 'common:\n  ring:\n    kvstore:\n      store: \n';
    const items = await complete(text, text.indexOf('store: ') + 'store: '.length);
    assert.deepEqual(items.map((i) => i.label), ['consul', 'etcd', 'inmemory', 'memberlist', 'multi', 'mock']);
  });

  test('values a key\'s description lists', async () => {
    const text = 'storage_config:\n  azure:\n    environment: \n';
    const items = await complete(text, text.indexOf('environment: ') + 'environment: '.length);
    assert.deepEqual(items.map((i) => i.label), ['AzureGlobal', 'AzureChinaCloud', 'AzureGermanCloud', 'AzureUSGovernment']);
  });

  test('hover shows type, default and description of a key', async () => {
    const uri = `file:///tmp/lb-obs-loki-${++counter}/loki-config.yaml`;
    await client.open(uri, 'yaml', BASE);
    const offset = BASE.indexOf('reject_old_samples_max_age') + 3;
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(BASE, offset) });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /^\*\*reject_old_samples_max_age\*\* \(duration\)/);
    assert.match(value, /Default: `1w`/);
    assert.deepEqual(hover.range, rangeOfText(BASE, 'reject_old_samples_max_age'));
  });
});
