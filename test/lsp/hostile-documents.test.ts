// The language server on hostile documents (issue 13): a dashboard holding a 5,000-deep array, a run config
// 50,000 objects deep and provisioning YAML with deep flow sequences get one warning at the bracket past the
// limit, and hover, completion and symbols answer (with nothing) instead of failing; a 2 MB unknown key is
// reported with its name shortened; a document over the size limit gets one warning that says the limit. The
// server's log records no failure.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { emptyHomeEnv } from '../support/emptyHome';
import { LspClient } from '../support/lspClient';
import { positionAt } from '../support/textRanges';

let client: LspClient;
const serverErrors: string[] = [];
let counter = 0;

before(async () => {
  client = await LspClient.start({ env: { ...emptyHomeEnv(), LB_OBS_LOKI_URL: '' } });
  client.connection.onNotification('window/logMessage', (p: { message: string }) => {
    if (/"level":"(ERROR|FATAL)"/.test(p.message)) serverErrors.push(p.message.slice(0, 500));
  });
});
after(() => client.stop());

const TOO_DEEP = 'Nested more than 1,000 levels deep: lb-obs does not check a file this deep';

async function openDeep(file: string, languageId: string, text: string, deepAt: number): Promise<string> {
  const uri = `file:///tmp/lb-obs-hostile-${++counter}/${file}`;
  const diagnostics = await client.open(uri, languageId, text);
  const at = positionAt(text, deepAt);
  assert.deepEqual(
    diagnostics.map((d: Diagnostic) => [d.code, d.severity, d.message, d.range]),
    [['json-too-deep', 2, TOO_DEEP, { start: at, end: { line: at.line, character: at.character + 1 } }]],
  );
  return uri;
}

async function assertFeaturesAnswer(uri: string, text: string): Promise<void> {
  for (const offset of [0, 10, Math.floor(text.length / 2), text.length]) {
    const position = positionAt(text, offset);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position }), null);
    const completion = await client.request<unknown>('textDocument/completion', { textDocument: { uri }, position });
    assert.ok(completion === null || (Array.isArray(completion) && completion.length === 0), JSON.stringify(completion).slice(0, 200));
  }
  assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
  assert.deepEqual(serverErrors, []);
}

test('a dashboard with a 5,000-deep array: a warning, and features answer', async () => {
  const head = '{"panels": [{"targets": [{"expr": "{app=\\"a\\"}"}]}], "x": ';
  const text = `${head}${'['.repeat(5000)}${']'.repeat(5000)}}`;
  // The dashboard object is level 1: the 1,000th bracket of `x` opens level 1,001.
  const uri = await openDeep('dashboard.json', 'json', text, head.length + 999);
  await assertFeaturesAnswer(uri, text);
});

test('a run config 50,000 objects deep: a warning, and features answer', async () => {
  const text = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
  const uri = await openDeep('benchmark_config.json', 'json', text, 5 * 1000);
  await assertFeaturesAnswer(uri, text);
});

test('provisioning YAML with a 3,000-deep flow sequence: a warning, and features answer', async () => {
  const head = 'apiVersion: 1\ngroups:\n  - name: g\n    rules:\n      - expr: sum(rate({app="a"}[5m]))\n        labels: ';
  const text = `${head}${'['.repeat(3000)}${']'.repeat(3000)}\n`;
  const uri = await openDeep('provisioning.yaml', 'yaml', text, head.length + 1000);
  await assertFeaturesAnswer(uri, text);
});

test('a 2 MB unknown key in platform.json: one warning that quotes it shortened', async () => {
  const key = 'k'.repeat(2_000_000);
  const uri = `file:///tmp/lb-obs-hostile-${++counter}/lb/platform.json`;
  const diagnostics = await client.open(uri, 'json', JSON.stringify({ [key]: 1 }));
  assert.deepEqual(
    diagnostics.map((d) => d.message),
    [`Unknown key "${'k'.repeat(60)}… (2,000,000 characters)": lb ignores it, so it has no effect. Known keys: $schema, plugins, output_dir, report_dir, data_export_dir, loki, grafana.`],
  );
  assert.deepEqual(serverErrors, []);
});

test('a 38 MB .logql document: one warning with the size limit, and features answer', async () => {
  const text = '{app="a"} |= "x"\n\n'.repeat(2_200_000);
  const uri = `file:///tmp/lb-obs-hostile-${++counter}/huge.logql`;
  const diagnostics = await client.open(uri, 'logql', text);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity, d.message, d.range]),
    [['too-large', 2, 'This file is 37.8 MB; lb-obs checks files of at most 32.0 MB, so nothing in it was checked', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }]],
  );
  await assertFeaturesAnswer(uri, text);
});
