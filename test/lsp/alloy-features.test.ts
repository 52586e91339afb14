// Alloy through the real language server: diagnostics at exact ranges in a .alloy file and in a Flux
// HelmRelease (block scalar), the stream-explosion quick fix applied, completion (components, arguments and
// blocks, forward_to receivers) and hover (component docs, argument types and defaults, regex groups).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lspClient';
import { FIXTURES } from '../support/paths';
import { applyTextEdits, positionAt, rangeOfText } from '../support/textRanges';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-alloy-lsp-'));
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, 'alloy', name), 'utf8');

let client: LspClient;
let counter = 0;
before(async () => {
  client = await LspClient.start({ workspaceFolders: [workspace], env: { LB_OBS_LOKI_URL: '' } });
});
after(() => client.stop());

const uriOf = (name: string) => `file://${workspace}/${++counter}-${name}`;

function offsetOf(text: string, p: { line: number; character: number }): number {
  return text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

const summary = (text: string, ds: Diagnostic[]) =>
  ds.map((d) => ({ code: d.code, severity: d.severity, text: text.slice(offsetOf(text, d.range.start), offsetOf(text, d.range.end)) }));

describe('diagnostics', () => {
  for (const [file, language] of [
    ['airflow-seed.alloy', 'alloy'],
    ['airflow-helmrelease.yaml', 'yaml'],
  ] as const) {
    test(`${file}: the lookahead error and the execution_date warning at their characters; the quick fix applies`, async () => {
      const text = fixture(file);
      const uri = uriOf(file);
      const diagnostics = await client.open(uri, language, text);
      assert.deepEqual(summary(text, diagnostics), [
        { code: 'alloy/regex', severity: 1, text: '(?=' },
        { code: 'alloy/unbounded-label', severity: 2, text: 'execution_date' },
      ]);
      assert.deepEqual(diagnostics[0].range, rangeOfText(text, '(?='));
      assert.equal(
        diagnostics[1].message,
        'label `execution_date` takes a date or time as its value: each distinct value creates a new Loki stream (stream explosion: rate limits, tiny chunks, slow queries). Keep it as structured metadata, which LogQL still filters on',
      );
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostics[1].range,
        context: { diagnostics: [diagnostics[1]], only: ['quickfix'] },
      });
      assert.equal(actions.length, 1);
      assert.equal(actions[0].title, 'Move `execution_date` to stage.structured_metadata');
      const fixed = applyTextEdits(text, [actions[0].edit!.changes![uri][0]]);
      const after = await client.open(uriOf(file), language, fixed);
      assert.deepEqual(summary(fixed, after), [{ code: 'alloy/regex', severity: 1, text: '(?=' }]);
    });
  }

  test('a ConfigMap named anything: its .alloy data entry is checked', async () => {
    const text = fixture('configmap.yaml');
    const diagnostics = await client.open(uriOf('whatever.yaml'), 'yaml', text);
    assert.deepEqual(summary(text, diagnostics), [
      { code: 'alloy/label-name', severity: 2, text: 'bad-label' },
      { code: 'alloy/unknown-component', severity: 1, text: 'loki.wrte' },
    ]);
    assert.equal(diagnostics[1].message, 'unknown component `loki.wrte`; did you mean `loki.write`?');
  });
});

describe('hostile input: a clear diagnostic, and the server keeps answering', () => {
  for (const [name, text, expected] of [
    ['binary', '\u0000\u0001\u0002\uFFFD\u0007 loki.echo "x" {}\n', 'alloy/syntax'],
    // Deep nesting: the server's own guard for every kind of document may answer first.
    ['deep nesting', `a = ${'['.repeat(50_000)}\n`, undefined],
    ['a long operator chain', `a = 1${' + 1'.repeat(50_000)}\n`, 'alloy/syntax'],
    ['a huge configuration', 'loki.echo "x" {}\n'.repeat(300_000), 'alloy/syntax'],
  ] as const) {
    test(name, async () => {
      const diagnostics = await client.open(uriOf(`${name.replace(/ /g, '-')}.alloy`), 'alloy', text);
      assert.ok(diagnostics.length > 0 && diagnostics.every((d) => expected === undefined || d.code === expected), JSON.stringify(diagnostics.slice(0, 2)));
      assert.deepEqual(await client.open(uriOf('after.alloy'), 'alloy', 'loki.echo "ok" {}\n'), []);
    });
  }
});

/** Opens `text` with `‸` marking the cursor and asks for completion there. */
async function complete(marked: string): Promise<{ items: CompletionItem[]; text: string }> {
  const offset = marked.indexOf('‸');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const uri = uriOf('c.alloy');
  await client.open(uri, 'alloy', text);
  const list = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, offset) });
  assert.ok(list);
  return { items: list.items, text };
}

describe('completion', () => {
  test('component names at the top level, with a label snippet', async () => {
    const { items, text } = await complete('loki.proc‸\n');
    const item = items.find((i) => i.label === 'loki.process');
    assert.ok(item);
    assert.equal(applyTextEdits(text, [item.textEdit as TextEdit]), 'loki.process "${1:default}" {\n\t$0\n}\n');
  });
  test('arguments and stage blocks inside loki.process, with types and defaults', async () => {
    const { items } = await complete('loki.process "p" {\n  ‸\n}\n');
    assert.ok(items.some((i) => i.label === 'forward_to' && i.detail === 'list(capsule(loki.LogsReceiver)) (required)'));
    assert.ok(items.some((i) => i.label === 'stage.regex' && i.detail === 'block, repeatable'));
    const nested = await complete('loki.process "p" {\n  stage.timestamp {\n    ‸\n  }\n}\n');
    assert.deepEqual(nested.items.map((i) => i.label).sort(), ['action_on_failure', 'fallback_formats', 'format', 'location', 'source']);
    assert.equal(nested.items.find((i) => i.label === 'action_on_failure')?.detail, 'string = "fudge"');
  });
  test('stage.match selectors complete label names like LogQL (lb’s names without a Loki), escaped for the Alloy string', async () => {
    const { items, text } = await complete('loki.process "p" {\n  forward_to = []\n  stage.match {\n    selector = "{‸"\n  }\n}\n');
    const item = items.find((i) => i.label === 'run_id');
    assert.ok(item, items.map((i) => i.label).join(', '));
    assert.equal(applyTextEdits(text, [item.textEdit as TextEdit]), 'loki.process "p" {\n  forward_to = []\n  stage.match {\n    selector = "{run_id"\n  }\n}\n');
  });
  test('forward_to offers the receivers of the components in the file', async () => {
    const { items } = await complete('loki.write "default" {\n  endpoint {\n    url = "http://x"\n  }\n}\nloki.echo "e" {}\ndiscovery.relabel "r" {\n  targets = []\n}\nloki.process "p" {\n  forward_to = [‸]\n}\n');
    assert.deepEqual(items.map((i) => i.label).sort(), ['loki.echo.e.receiver', 'loki.process.p.receiver', 'loki.write.default.receiver']);
  });
});

describe('hover', () => {
  async function hover(text: string, word: string, nth = 0): Promise<string> {
    const uri = uriOf('h.alloy');
    await client.open(uri, 'alloy', text);
    let at = -1;
    for (let i = 0; i <= nth; i++) at = text.indexOf(word, at + 1);
    const result = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, at + 1) });
    assert.ok(result, `a hover on ${word}`);
    return (result.contents as { value: string }).value;
  }
  const text = fixture('airflow-seed.alloy');
  test('a component: its doc and exports', async () => {
    const value = await hover(text, 'loki.process "airflow" {');
    assert.match(value, /^\*\*loki\.process\*\* \(Alloy v1\.11\.0, generallyavailable\)/);
    assert.match(value, /`receiver` \(capsule\(loki\.LogsReceiver\)\)/);
  });
  test('an argument: type, required or default, doc', async () => {
    assert.match(await hover(text, 'role'), /^\*\*role\*\*: `string`, required/);
  });
  test('a reference: the export of the component it names', async () => {
    assert.match(await hover(text, 'loki.write.default.receiver'), /^\*\*loki\.write "default"\*\*\n\nexport `receiver`/);
  });
});
