// LogQL hints and Explain on Alloy stage.match selectors through the real language server, without a Loki: in a
// .alloy file (edits written with Alloy's string escapes) and in a HelmRelease (through the YAML block scalar),
// each edited selector accepted by Alloy's own selector parser (a stream selector and line filters only).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { loadAlloyParser, matchSelectorError } from '../../core/alloy/syntaxWasm';
import { LspClient } from '../support/lspClient';
import { applyTextEdits, positionAt } from '../support/textRanges';

let client: LspClient;
let counter = 0;
before(async () => {
  assert.ok(await loadAlloyParser());
  client = await LspClient.start({ env: { LB_OBS_LOKI_URL: '' } });
});
after(() => client.stop());

async function open(text: string, name: string, language: string): Promise<string> {
  const uri = `file:///tmp/lb-obs-alloy-hints-${process.pid}-${++counter}-${name}`;
  await client.open(uri, language, text);
  return uri;
}

/** The hint actions at `at`, each as [title, kind, the edited document's selector line]. */
async function hints(text: string, at: number, name: string, language: string, only?: string[]): Promise<Array<[string, string, string]>> {
  const uri = await open(text, name, language);
  const position = positionAt(text, at);
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: position, end: position },
    context: { diagnostics: [], only },
  });
  return actions.map((a) => {
    const edits = a.edit!.changes![uri];
    assert.equal(edits.length, 1);
    const edited = applyTextEdits(text, [edits[0]]);
    return [a.title, a.kind!, edited.split('\n').find((l) => l.includes('selector'))!.trim()];
  });
}

/** The selector of an edited `selector = "..."` line, decoded as Alloy reads it. */
function selectorOf(line: string): string {
  return JSON.parse(line.replace(/^selector\s*=\s*/, '')) as string;
}

const alloy = (selector: string) => `loki.process "airflow" {
  forward_to = []

  stage.match {
    selector = "${selector}"
    stage.static_labels {
      values = { severity = "error" }
    }
  }
}
`;

const LITERAL_TITLE = 'Use |= "error": the pattern has no regex characters, and a plain string match is faster';
describe('hints on stage.match selectors in .alloy files', () => {
  test('|~ with a literal becomes |=, written with the escaped quotes untouched; no parser, __error__ or metric hints', async () => {
    const text = alloy('{namespace=\\"airflow\\"} |~ \\"error\\"');
    const actions = await hints(text, text.indexOf('{namespace') + 3, 'match.alloy', 'alloy');
    assert.deepEqual(actions, [[LITERAL_TITLE, 'refactor.rewrite', 'selector = "{namespace=\\"airflow\\"} |= \\"error\\""']]);
    assert.equal(matchSelectorError(selectorOf(actions[0][2])), undefined);
  });

  test('an lb stream: no level or phase filters, which need | json, a syntax error for Alloy\'s selector parser', async () => {
    const text = alloy('{run_id=\\"run-1\\"}');
    assert.deepEqual(await hints(text, text.indexOf('run_id'), 'lb.alloy', 'alloy'), []);
    assert.match(matchSelectorError('{run_id="run-1"} | json | level=~"ERROR|CRITICAL"')!.message, /syntax error/);
  });

  test('only the kinds asked for: the |= rewrite is a refactoring, not a quick fix', async () => {
    const text = alloy('{namespace=\\"airflow\\"} |~ \\"error\\"');
    assert.deepEqual(await hints(text, text.indexOf('{namespace'), 'quickfix.alloy', 'alloy', ['quickfix']), []);
    assert.equal((await hints(text, text.indexOf('{namespace'), 'refactor.alloy', 'alloy', ['refactor'])).length, 1);
  });

  test('no hints outside a selector', async () => {
    const text = alloy('{namespace=\\"airflow\\"} |~ \\"error\\"');
    assert.deepEqual(await hints(text, text.indexOf('severity'), 'outside.alloy', 'alloy'), []);
  });
});

describe('hints on stage.match selectors in a HelmRelease', () => {
  test('the edit lands inside the YAML block scalar, at the selector\'s characters; Explain on its first character', async () => {
    const text = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: alloy
spec:
  values:
    alloy:
      configMap:
        content: |
${alloy('{namespace=\\"airflow\\"} !~ \\"debug\\"').replace(/^(?=.)/gm, '          ')}`;
    const uri = await open(text, 'helmrelease.yaml', 'yaml');
    const at = positionAt(text, text.indexOf('{namespace'));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: at, end: at },
      context: { diagnostics: [] },
    });
    const op = text.indexOf('!~');
    assert.deepEqual(
      actions.map((a) => [a.title, a.edit!.changes![uri]]),
      [['Use != "debug": the pattern has no regex characters, and a plain string match is faster', [{ range: { start: positionAt(text, op), end: positionAt(text, op + 2) }, newText: '!=' }]]],
    );
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at });
    assert.deepEqual(hover.range, { start: at, end: positionAt(text, text.indexOf('{namespace') + 1) });
    assert.match((hover.contents as { value: string }).value, /^\*\*Explain\*\*\n\n1\. `\{namespace="airflow"\}` — .*\n2\. `!~ "debug"` — /);
  });
});

describe('hints on stage.match selectors in a ConfigMap with a double-quoted YAML scalar', () => {
  test('the edit is written with YAML\'s escapes around Alloy\'s, and the edited YAML holds the edited selector', async () => {
    const config = 'loki.process "a" {\n  forward_to = []\n  stage.match {\n    selector = "{namespace=\\"airflow\\"} |~ \\"error\\""\n    stage.drop {}\n  }\n}\n';
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alloy\ndata:\n  config.alloy: ${JSON.stringify(config)}\n`;
    const uri = await open(text, 'configmap.yaml', 'yaml');
    const at = positionAt(text, text.indexOf('{namespace') + 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: at, end: at },
      context: { diagnostics: [] },
    });
    assert.deepEqual(actions.map((a) => a.title), [LITERAL_TITLE]);
    const edit = actions[0].edit!.changes![uri][0];
    const op = text.indexOf('|~');
    assert.deepEqual(edit, { range: { start: positionAt(text, op), end: positionAt(text, op + 2) }, newText: '|=' });
    const edited = applyTextEdits(text, [edit]);
    assert.equal((parse(edited) as { data: Record<string, string> }).data['config.alloy'], config.replace('|~', '|='));
  });
});

describe('Explain on stage.match selectors', () => {
  test('hover on the selector\'s first character explains each step; on its second, no Explain', async () => {
    const text = alloy('{namespace=\\"airflow\\"} |~ \\"error\\"');
    const uri = await open(text, 'explain.alloy', 'alloy');
    const first = text.indexOf('{namespace');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, first) });
    assert.deepEqual(hover.range, { start: positionAt(text, first), end: positionAt(text, first + 1) });
    assert.equal(
      (hover.contents as { value: string }).value,
      [
        '**Explain**',
        '',
        '1. `{namespace="airflow"}` — Picks the streams whose labels satisfy all of: `namespace` equals `airflow`.',
        '2. `|~ "error"` — Keeps lines in which the RE2 regex matches somewhere (use `(?i)` for case-insensitive). Here: `"error"`.',
      ].join('\n'),
    );
    const second = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, first + 1) });
    assert.doesNotMatch(JSON.stringify(second?.contents ?? ''), /Explain/);
  });
});
