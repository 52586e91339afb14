// When the editor says at start-up that its own JSON support runs beside the server (VS Code does, with our
// package.json `jsonValidation`), the server leaves it what it serves: JSON syntax errors and outlines of every
// JSON file, completion and hover in the files that `jsonValidation` covers. Without it, the server serves all.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { emptyHomeEnv } from '../support/emptyHome';
import { LspClient } from '../support/lspClient';
import { REPO_ROOT } from '../support/paths';
import { positionAt } from '../support/textRanges';

const jsonValidation = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).contributes.jsonValidation;
const INCOMPLETE = '{\n  "workloads": {"cpu": {"enabled": true}}\n}\n';
const BROKEN = '{\n  "workloads": {},\n}\n';
const CONFIG = '{\n  "workloads": {},\n  "repetitions": 3\n}\n';

let withEditor: LspClient;
let alone: LspClient;
let counter = 0;
const uri = (name: string) => `file:///tmp/lb-obs-editor-json-${++counter}/${name}`;

before(async () => {
  [withEditor, alone] = await Promise.all([
    LspClient.start({ env: emptyHomeEnv(), initializationOptions: { editorJson: { jsonValidation } } }),
    LspClient.start({ env: emptyHomeEnv() }),
  ]);
});
after(() => Promise.all([withEditor.stop(), alone.stop()]));

async function completionLabels(client: LspClient, docUri: string, text: string, at: string): Promise<string[]> {
  await client.open(docUri, 'json', text);
  const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', {
    textDocument: { uri: docUri },
    position: positionAt(text, text.indexOf(at)),
  });
  return (Array.isArray(result) ? result : (result?.items ?? [])).map((i) => i.label);
}

describe('diagnostics', () => {
  test('JSON syntax errors are left to the editor', async () => {
    assert.deepEqual(await withEditor.open(uri('benchmark_config.json'), 'json', BROKEN), []);
  });

  test('the config checks stay', async () => {
    const codes = (await withEditor.open(uri('benchmark_config.json'), 'json', INCOMPLETE)).map((d) => d.code);
    assert.deepEqual(codes, ['missing-required']);
  });

  test('without the editor, the server reports JSON syntax errors', async () => {
    const codes = (await alone.open(uri('benchmark_config.json'), 'json', BROKEN)).map((d) => d.code);
    assert.deepEqual(codes, ['json-syntax']);
  });
});

describe('completion and hover', () => {
  test('in a file jsonValidation covers, the editor completes and hovers: the server answers nothing', async () => {
    const docUri = uri('benchmark_config.json');
    assert.deepEqual(await completionLabels(withEditor, docUri, CONFIG, '"repetitions"'), []);
    const hover = await withEditor.request<Hover | null>('textDocument/hover', { textDocument: { uri: docUri }, position: positionAt(CONFIG, CONFIG.indexOf('repetitions')) });
    assert.equal(hover, null);
  });

  test('in a config recognised by content, the server completes and hovers', async () => {
    const docUri = uri('nightly.json');
    assert.ok((await completionLabels(withEditor, docUri, CONFIG, '"repetitions"')).includes('collectors'));
    const hover = await withEditor.request<Hover | null>('textDocument/hover', { textDocument: { uri: docUri }, position: positionAt(CONFIG, CONFIG.indexOf('repetitions')) });
    assert.match(JSON.stringify(hover?.contents), /repetitions/);
  });

  test('without the editor, the server completes a file jsonValidation covers', async () => {
    assert.ok((await completionLabels(alone, uri('benchmark_config.json'), CONFIG, '"repetitions"')).includes('collectors'));
  });
});

describe('document symbols', () => {
  const symbols = async (client: LspClient) => {
    const docUri = uri('nightly.json');
    await client.open(docUri, 'json', CONFIG);
    return (await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: docUri } })).map((s) => s.name);
  };

  test('the editor outlines every JSON file: the server gives no symbols', async () => {
    assert.deepEqual(await symbols(withEditor), []);
  });

  test('without the editor, the server outlines a config', async () => {
    assert.deepEqual(await symbols(alone), ['workloads', 'repetitions']);
  });
});

test('settings are read again for a document that closed and opens again', async () => {
  const settings: { config?: { runConfigGlobs: string[] } } = {};
  const client = await LspClient.start({ env: emptyHomeEnv(), settings });
  try {
    const docUri = 'file:///tmp/lb-obs-editor-json-globs/suite/cpu.json';
    // Without "workloads" it is not recognised as a run config by content: only the user's glob makes it one.
    const text = '{\n  "repetitons": 3\n}\n';
    assert.deepEqual(await client.open(docUri, 'json', text), []);
    client.close(docUri);
    settings.config = { runConfigGlobs: ['**/suite/*.json'] };
    assert.deepEqual((await client.open(docUri, 'json', text)).map((d) => d.code), ['unknown-key']);
  } finally {
    await client.stop();
  }
});
