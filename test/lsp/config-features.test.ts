// Completion, hover, quick fixes and symbols for lb configs, through the protocol.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { emptyHomeEnv } from '../support/emptyHome';
import { LspClient } from '../support/lspClient';
import { applyTextEdits, positionAt, rangeOfText } from '../support/textRanges';

let client: LspClient;
let counter = 0;

before(async () => {
  client = await LspClient.start({ env: emptyHomeEnv() });
});
after(() => client.stop());

async function open(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = `file:///tmp/lb-obs-features-${++counter}/benchmark_config.json`;
  return { uri, diagnostics: await client.open(uri, 'json', text) };
}

async function complete(text: string, marker = '|'): Promise<CompletionItem[]> {
  const offset = text.indexOf(marker);
  const { uri } = await open(text.replace(marker, ''));
  const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', {
    textDocument: { uri },
    position: positionAt(text, offset),
  });
  return Array.isArray(result) ? result : (result?.items ?? []);
}

async function quickFixes(text: string, code: string): Promise<{ uri: string; actions: CodeAction[] }> {
  const { uri, diagnostics } = await open(text);
  const diagnostic = diagnostics.find((d) => d.code === code);
  assert.ok(diagnostic, `no ${code} in ${JSON.stringify(diagnostics)}`);
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
  return { uri, actions };
}

describe('completion', () => {
  test('top-level keys come with their defaults', async () => {
    const items = await complete('{\n  "rep|"\n}');
    const repetitions = items.find((i) => i.label === 'repetitions');
    assert.ok(repetitions, items.map((i) => i.label).join(','));
    assert.match(repetitions.insertText ?? repetitions.textEdit?.newText ?? '', /"repetitions": \$\{1:3\}/);
  });

  test('lb\'s intensity levels are offered for intensity', async () => {
    const items = await complete('{\n  "workloads": {"cpu": {"plugin": "stress_ng", "intensity": |}}\n}');
    assert.deepEqual(items.map((i) => i.label).sort(), ['"high"', '"low"', '"medium"', '"user_defined"']);
  });

  test('built-in plugin names are offered for plugin', async () => {
    const items = await complete('{\n  "workloads": {"cpu": {"plugin": |}}\n}');
    const labels = items.map((i) => i.label);
    for (const plugin of ['stress_ng', 'fio', 'dfaas', 'baseline']) assert.ok(labels.includes(plugin), labels.join(','));
  });

  test('workload entries named after plugins are offered inside workloads', async () => {
    const items = await complete('{\n  "workloads": {\n    |\n  }\n}');
    const fio = items.find((i) => i.label === 'fio');
    assert.ok(fio);
    assert.match(fio.insertText ?? '', /"plugin": "fio"/);
  });

  test('plugin options are completed according to the workload plugin', async () => {
    const items = await complete('{\n  "workloads": {"disk": {"plugin": "fio", "options": {|}}}\n}');
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('iodepth') && labels.includes('rw'), labels.join(','));
    assert.ok(!labels.includes('cpu_workers'));
  });
});

describe('hover', () => {
  test('shows description, type, default and bounds of a key', async () => {
    const text = '{\n  "repetitions": 3\n}';
    const { uri } = await open(text);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 5 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /^\*\*repetitions\*\*\n\n.+/);
    assert.match(value, /Type: integer · Default: `3` · Allowed: > 0/);
    assert.deepEqual(hover.range, rangeOfText(text, '"repetitions"'));
  });
});

describe('quick fixes', () => {
  test('renames a misspelt key', async () => {
    const text = '{\n  "repetiton": 3\n}';
    const { actions } = await quickFixes(text, 'unknown-key');
    assert.equal(actions[0].title, 'Rename to "repetitions"');
    assert.equal(applyTextEdits(text, Object.values(actions[0].edit!.changes!)[0]), '{\n  "repetitions": 3\n}');
  });

  test('writes a loosely typed value properly', async () => {
    const text = '{"repetitions": "3"}';
    const { actions } = await quickFixes(text, 'loose-type');
    assert.equal(actions[0].title, 'Write 3');
    assert.equal(applyTextEdits(text, Object.values(actions[0].edit!.changes!)[0]), '{"repetitions": 3}');
  });

  test('writes true for a number as 1', async () => {
    const text = '{"warmup_seconds": true}';
    const { actions } = await quickFixes(text, 'loose-type');
    assert.equal(actions[0].title, 'Write 1');
    assert.equal(applyTextEdits(text, Object.values(actions[0].edit!.changes!)[0]), '{"warmup_seconds": 1}');
  });

  test('changes a wrongly-cased intensity to the level lb knows', async () => {
    const text = '{"workloads": {"cpu": {"plugin": "stress_ng", "intensity": "High"}}}';
    const { actions } = await quickFixes(text, 'unknown-intensity');
    assert.equal(actions[0].title, 'Change to "high"');
    const fixed = applyTextEdits(text, Object.values(actions[0].edit!.changes!)[0]);
    assert.equal(fixed, '{"workloads": {"cpu": {"plugin": "stress_ng", "intensity": "high"}}}');
    assert.deepEqual((await open(fixed)).diagnostics, []);
  });

  test('adds a missing plugin guessed from the workload name', async () => {
    const text = '{\n  "workloads": {\n    "fio_randread": {\n      "enabled": true\n    }\n  }\n}';
    const { actions } = await quickFixes(text, 'missing-required');
    assert.equal(actions[0].title, 'Add "plugin": "fio"');
    const fixed = applyTextEdits(text, Object.values(actions[0].edit!.changes!)[0]);
    assert.equal(fixed, '{\n  "workloads": {\n    "fio_randread": {\n      "plugin": "fio",\n      "enabled": true\n    }\n  }\n}');
    assert.deepEqual((await open(fixed)).diagnostics, []);
  });

  test('migrates deprecated rates to rate_strategy', async () => {
    const text = '{\n  "plugin_settings": {\n    "dfaas": {\n      "rates": {"min_rate": 10, "max_rate": 100, "step": 30},\n      "duration": "30s"\n    }\n  }\n}';
    const { actions } = await quickFixes(text, 'dfaas-deprecated-rates');
    assert.equal(actions[0].title, 'Migrate "rates" to "rate_strategy"');
    const fixed = applyTextEdits(text, Object.values(actions[0].edit!.changes!)[0]);
    assert.equal(
      fixed,
      '{\n  "plugin_settings": {\n    "dfaas": {\n      "rate_strategy": {\n        "type": "linear",\n        "min_rate": 10,\n        "max_rate": 100,\n        "step": 30\n      },\n      "duration": "30s"\n    }\n  }\n}',
    );
    assert.deepEqual((await open(fixed)).diagnostics, []);
  });

  test('removes rates when rate_strategy is already set', async () => {
    const text = '{"plugin_settings": {"dfaas": {"rate_strategy": {"type": "linear"}, "rates": {"min_rate": 1}}}}';
    const { actions } = await quickFixes(text, 'dfaas-deprecated-rates');
    assert.equal(actions[0].title, 'Remove the deprecated "rates"');
    assert.equal(applyTextEdits(text, Object.values(actions[0].edit!.changes!)[0]), '{"plugin_settings": {"dfaas": {"rate_strategy": {"type": "linear"}}}}');
  });

  test('changes a misspelt plugin name', async () => {
    const text = '{"workloads": {"disk": {"plugin": "fioo"}}}';
    const { actions } = await quickFixes(text, 'unknown-plugin');
    assert.equal(actions[0].title, 'Change to "fio"');
    assert.equal(applyTextEdits(text, Object.values(actions[0].edit!.changes!)[0]), '{"workloads": {"disk": {"plugin": "fio"}}}');
  });
});

describe('document symbols', () => {
  test('outline lists top-level keys and workloads', async () => {
    const { uri } = await open('{\n  "repetitions": 3,\n  "workloads": {"cpu": {"plugin": "stress_ng"}}\n}');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['repetitions', 'workloads']);
    assert.deepEqual(symbols[1].children?.map((s) => s.name), ['cpu']);
  });
});
