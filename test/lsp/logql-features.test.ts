// LogQL completion, hover, quick fixes and formatting through the real language server, without a Loki:
// label names and values come from lb's labels and the local run logs of the workspace folder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CompletionItem, CompletionList, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lspClient';
import { positionAt } from '../support/textRanges';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-logql-ws-'));
const logs = path.join(workspace, 'benchmark_results', 'run-20261121-135639', 'logs');
fs.mkdirSync(logs, { recursive: true });
fs.writeFileSync(
  path.join(logs, 'controller-ctl.jsonl'),
  [
    { component: 'controller', host: 'ctl', run_id: 'run-20261121-135639', workload: 'cpu-stress', repetition: 1, tags: { phase: 'setup' } },
    { component: 'runner', host: 'node-1', run_id: 'run-20261121-135639', workload: 'disk-io', repetition: 2 },
  ]
    .map((r) => JSON.stringify({ timestamp: '2026-11-21T13:56:39.603580Z', level: 'INFO', logger: 'lb', message: 'm', ...r }))
    .join('\n') + '\n',
);

let client: LspClient;
let counter = 0;
before(async () => {
  client = await LspClient.start({ workspaceFolders: [workspace], env: { LB_OBS_LOKI_URL: '' } });
});
after(() => client.stop());

/** Opens `text` with `‸` marking the cursor and asks for completion there. */
async function complete(text: string, name = 'q.logql', language = 'logql'): Promise<{ list: CompletionList; text: string; uri: string }> {
  const offset = text.indexOf('‸');
  const clean = text.slice(0, offset) + text.slice(offset + 1);
  const uri = `file://${workspace}/${++counter}-${name}`;
  await client.open(uri, language, clean);
  const result = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: positionAt(clean, offset) });
  assert.ok(result, 'a completion list');
  return { list: result, text: clean, uri };
}

function apply(text: string, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit;
  const offset = (p: { line: number; character: number }) => text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(edit.range.start)) + edit.newText + text.slice(offset(edit.range.end));
}

describe('completion', () => {
  test('after `{` and `,`: lb label names, without the ones already used', async () => {
    const first = await complete('{‸}');
    assert.deepEqual(first.list.items.map((i) => i.label), ['component', 'host', 'run_id', 'workload', 'package', 'plugin', 'scenario', 'repetition', 'phase']);
    const second = await complete('{component="runner", ‸}');
    assert.ok(!second.list.items.some((i) => i.label === 'component'));
    assert.ok(second.list.items.some((i) => i.label === 'run_id'));
  });

  test('after `=`: values seen in the local run logs, quoted; inside quotes: the bare value', async () => {
    const unquoted = await complete('{component=‸}');
    assert.deepEqual(unquoted.list.items.map((i) => i.label), ['controller', 'runner']);
    assert.equal(apply(unquoted.text, unquoted.list.items[1]), '{component="runner"}');
    const quoted = await complete('{run_id="‸"}');
    assert.deepEqual(quoted.list.items.map((i) => i.label), ['run-20261121-135639']);
    assert.equal(apply(quoted.text, quoted.list.items[0]), '{run_id="run-20261121-135639"}');
    const regex = await complete('{workload=~"cpu‸"}');
    assert.equal(apply(regex.text, regex.list.items.find((i) => i.label === 'cpu-stress')!), '{workload=~"cpu-stress"}');
  });

  test('after `|`: parser and formatting stages, with snippets', async () => {
    const { list } = await complete('{component="runner"} | ‸');
    const line = list.items.find((i) => i.label === 'line_format')!;
    assert.equal(line.insertTextFormat, 2);
    assert.equal((line.textEdit as TextEdit).newText, 'line_format "${1:{{.message}}}"');
    assert.ok(list.items.some((i) => i.label === 'json') && list.items.some((i) => i.label === 'unwrap'));
  });

  test('at the start and inside aggregations: functions and aggregation operators as snippets', async () => {
    const { list } = await complete('sum by (host) (‸)');
    const count = list.items.find((i) => i.label === 'count_over_time')!;
    assert.equal((count.textEdit as TextEdit).newText, 'count_over_time(${1}[${2:5m}])');
    assert.equal(count.insertTextFormat, 2);
    assert.ok(list.items.some((i) => i.label === 'topk'));
  });

  test('inside a dashboard JSON string: label names, inserted as plain text at the right place', async () => {
    const dashboard = '{"panels": [{"datasource": {"type": "loki"}, "targets": [{"expr": "{component=\\"runner\\", ‸}"}]}]}';
    const { list, text } = await complete(dashboard, 'dash.json', 'json');
    const host = list.items.find((i) => i.label === 'host')!;
    assert.equal(host.insertTextFormat, 1);
    assert.equal(JSON.parse(apply(text, host)).panels[0].targets[0].expr, '{component="runner", host}');
  });
});

describe('hover', () => {
  test('a function, a stage and a duration in a .logql file', async () => {
    const text = 'sum by (host) (count_over_time({component="runner"} | json [1h30m]))';
    const uri = `file://${workspace}/hover.logql`;
    await client.open(uri, 'logql', text);
    const at = async (word: string) =>
      client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf(word) + 1) });
    const fn = await at('count_over_time');
    assert.deepEqual(fn!.range, { start: positionAt(text, 15), end: positionAt(text, 30) });
    assert.match((fn!.contents as { value: string }).value, /^\*\*count_over_time\(<log query> \[range\]\)\*\* — range function/);
    assert.match(((await at('json'))!.contents as { value: string }).value, /JSON log line/);
    assert.equal(((await at('1h30m'))!.contents as { value: string }).value, '**1h30m** — duration: 1 hour 30 minutes');
  });
});

describe('code actions and formatting', () => {
  test('a quick fix adds the missing range', async () => {
    const uri = `file://${workspace}/fix.logql`;
    const text = '# rate per second\nrate({component="runner"})\n';
    const [diagnostic] = await client.open(uri, 'logql', text);
    assert.equal(diagnostic.code, 'logql/missing-range');
    const [action] = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.equal(action.title, 'Add the range [5m]');
    assert.deepEqual(action.edit!.changes![uri], [{ range: { start: { line: 1, character: 25 }, end: { line: 1, character: 25 } }, newText: '[5m]' }]);
  });

  test('formatting without a configured Loki changes nothing', async () => {
    const uri = `file://${workspace}/format.logql`;
    await client.open(uri, 'logql', 'sum   by(host)(rate({component="runner"}[5m]))\n');
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.deepEqual(edits, []);
  });
});
