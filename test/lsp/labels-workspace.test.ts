// The workspace label model through the real language server, on a workspace with an lb config, an Alloy
// pipeline, a dashboard and .logql files: the exact label warnings (ranges, messages) and the quick fix, hover and
// Go to Definition on label names, and changes of the pipeline (on disk, then edited in the editor) updating the
// diagnostics of the other files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, Hover, Location } from 'vscode-languageserver-protocol';
import { emptyHomeEnv } from '../support/emptyHome';
import { LspClient } from '../support/lspClient';
import { FIXTURES } from '../support/paths';
import { applyTextEdits, positionAt, rangeOfText } from '../support/textRanges';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-labels-lsp-'));
fs.cpSync(path.join(FIXTURES, 'labels-workspace'), workspace, { recursive: true });
const file = (name: string) => path.join(workspace, name);
const uri = (name: string) => pathToFileURL(file(name)).toString();
const read = (name: string) => fs.readFileSync(file(name), 'utf8');

let client: LspClient;
before(async () => {
  client = await LspClient.start({ workspaceFolders: [workspace], env: { ...emptyHomeEnv(), LB_OBS_LOKI_URL: '' } });
});
after(() => client.stop());

/** Each diagnostic as `code line:col-line:col "text" message` (lines and columns from 1). */
function show(text: string, diagnostics: Diagnostic[]): string[] {
  const offset = (p: { line: number; character: number }) => text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return diagnostics.map(
    (d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${JSON.stringify(text.slice(offset(d.range.start), offset(d.range.end)))} ${d.message}`,
  );
}

const SOURCES = 'labels here come from lb (benchmark_config.json), Alloy (pipeline.alloy), Kubernetes discovery (pipeline.alloy)';
const TRY_NUMBER_WARNING =
  'logql/structured-metadata-in-selector 10:75-10:85 "try_number" `try_number` reaches Loki as structured metadata (stage.structured_metadata in loki.process "airflow" (under stage.match {namespace="airflow"})), not as a stream label: a stream selector cannot match it, so this selects no stream; filter it after the selector: `| try_number="1"`';

function hover(name: string, text: string, needle: string, occurrence = 0): Promise<Hover | null> {
  const range = rangeOfText(text, needle, occurrence);
  return client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri(name) }, position: range.start });
}

describe('warnings', () => {
  test('a .logql file: unknown stream and grouping labels, with did-you-mean', async () => {
    const text = read('queries/typo.logql');
    assert.deepEqual(show(text, await client.open(uri('queries/typo.logql'), 'logql', text)), [
      `logql/unknown-label 1:9-1:13 "hots" no label source produces \`hots\` (${SOURCES}): no series has it, so grouping by it changes nothing; did you mean \`host\`?`,
      `logql/unknown-label 1:49-1:57 "compnent" no label source produces \`compnent\` (${SOURCES}): the selector matches no stream; did you mean \`component\`?`,
    ]);
  });

  test('a dashboard: structured metadata in a selector, with the fix written through JSON escapes; Loki\'s own labels pass', async () => {
    const text = read('dashboards/airflow.json');
    const diagnostics = await client.open(uri('dashboards/airflow.json'), 'json', text);
    assert.deepEqual(show(text, diagnostics), [TRY_NUMBER_WARNING]);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri('dashboards/airflow.json') },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    });
    assert.deepEqual(actions.map((a) => a.title), ['Move `try_number` to a label filter after the selector']);
    const fixed = applyTextEdits(text, actions[0].edit!.changes![uri('dashboards/airflow.json')]);
    assert.equal(JSON.parse(fixed).panels[0].targets[0].expr, '{namespace="airflow", dag_id="$dag"} | try_number="1"');
  });

  test('labels every source produces: no warning', async () => {
    const text = read('queries/airflow.logql');
    assert.deepEqual(await client.open(uri('queries/airflow.logql'), 'logql', text), []);
  });
});

describe('hover and definition', () => {
  test('hover on a label in LogQL: its producer, file and line', async () => {
    const result = await hover('queries/airflow.logql', read('queries/airflow.logql'), 'dag_id');
    assert.deepEqual(result, {
      contents: {
        kind: 'markdown',
        value: [
          '**dag\\_id**',
          '',
          `- [pipeline.alloy:30](${uri('pipeline.alloy')}#L30): stage.labels in loki.process "airflow" (under stage.match {namespace="airflow"}) (stream label)`,
        ].join('\n'),
      },
      range: rangeOfText(read('queries/airflow.logql'), 'dag_id'),
    });
  });

  test('hover on a label in the lb config that produces it', async () => {
    const text = read('benchmark_config.json');
    await client.open(uri('benchmark_config.json'), 'json', text);
    const result = await hover('benchmark_config.json', text, '"env"');
    assert.equal(
      (result?.contents as { value: string }).value,
      `**env**\n\n- [benchmark\\_config.json:9](${uri('benchmark_config.json')}#L9): loki.labels of lb (a static label of every stream lb sends) (stream label)`,
    );
    const lokiKey = await hover('benchmark_config.json', text, '"loki"');
    assert.doesNotMatch((lokiKey?.contents as { value: string }).value, /^\*\*component/, "the loki key keeps the schema's hover");
  });

  test('Go to Definition on a label jumps to its producers', async () => {
    const text = read('queries/typo.logql');
    const locations = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uri('queries/typo.logql') },
      position: rangeOfText(text, 'run_id').start,
    });
    assert.deepEqual(locations, [{ uri: uri('benchmark_config.json'), range: rangeOfText(read('benchmark_config.json'), '"loki"') }]);
    const dashboard = read('dashboards/airflow.json');
    const namespace = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uri('dashboards/airflow.json') },
      position: positionAt(dashboard, dashboard.indexOf('namespace') + 2),
    });
    const pipeline = read('pipeline.alloy');
    const target = pipeline.indexOf('"namespace"') + 1;
    assert.deepEqual(namespace, [{ uri: uri('pipeline.alloy'), range: { start: positionAt(pipeline, target), end: positionAt(pipeline, target + 'namespace'.length) } }]);
  });
});

describe('changes of the pipeline', () => {
  test('on disk (watched files): try_number made a stream label clears the dashboard warning', async () => {
    const pipeline = read('pipeline.alloy');
    const changed = pipeline.replace('        task_id = "",\n', '        task_id = "",\n        try_number = "",\n').replace('    stage.structured_metadata {\n      values = { try_number = "" }\n    }\n', '');
    fs.writeFileSync(file('pipeline.alloy'), changed);
    const next = client.nextDiagnostics(uri('dashboards/airflow.json'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('pipeline.alloy'), type: 2 }] });
    assert.deepEqual(await next, []);
    fs.writeFileSync(file('pipeline.alloy'), pipeline);
    const back = client.nextDiagnostics(uri('dashboards/airflow.json'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('pipeline.alloy'), type: 2 }] });
    assert.deepEqual(show(read('dashboards/airflow.json'), await back), [TRY_NUMBER_WARNING]);
  });

  test('edited in the editor: a label the pipeline extracts but no longer makes a label is reported in the .logql file, with the stage and the fix; the Alloy selector is checked too', async () => {
    const pipeline = read('pipeline.alloy');
    assert.deepEqual(show(pipeline, await client.open(uri('pipeline.alloy'), 'alloy', pipeline)), []);
    const next = client.nextDiagnostics(uri('queries/airflow.logql'));
    const edited = pipeline.replace('        dag_id  = "",\n', '').replace('{namespace=\\"airflow\\"}', '{namespase=\\"airflow\\"}');
    const own = await client.change(uri('pipeline.alloy'), edited);
    assert.deepEqual(show(edited, own), [
      `logql/unknown-label 24:18-24:27 "namespase" no label source produces \`namespase\` (${SOURCES}): the selector matches no stream; did you mean \`namespace\`?`,
      'alloy/unused-extracted 26:29-26:35 "dag_id" `dag_id` is extracted by stage.regex but no later stage uses it',
    ]);
    const query = read('queries/airflow.logql');
    const diagnostics = await next;
    const regexp = 'regexp `^\\{(?P<dag_id>[^}]+)\\} (?P<task_id>\\w+) try=(?P<try_number>\\d+)`';
    assert.deepEqual(show(query, diagnostics), [
      'logql/extracted-not-label 1:23-1:29 "dag_id" `dag_id` is only extracted by stage.regex in loki.process "airflow" (under stage.match {namespase="airflow"}) at pipeline.alloy:26, ' +
        `and no stage makes it a label: a stream selector cannot match it, so this selects no stream; parse it after the selector: \`| ${regexp} | dag_id="hello_world"\``,
    ]);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri('queries/airflow.logql') },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    });
    assert.deepEqual(actions.map((a) => a.title), ['Parse `dag_id` with `regexp` and filter it after the selector']);
    assert.equal(applyTextEdits(query, actions[0].edit!.changes![uri('queries/airflow.logql')]), `{namespace="airflow"} | ${regexp} | dag_id="hello_world" |= "error"\n`);
  });

  test('hover in the open Alloy pipeline: on a stage.match selector label, and on a structured metadata key', async () => {
    const pipeline = read('pipeline.alloy');
    await client.change(uri('pipeline.alloy'), pipeline);
    const selector = await hover('pipeline.alloy', pipeline, 'namespace', 2);
    assert.equal(
      (selector?.contents as { value: string }).value,
      `**namespace**\n\n- [pipeline.alloy:9](${uri('pipeline.alloy')}#L9): a relabel rule (target\\_label) in discovery.relabel "pods" (stream label)`,
    );
    assert.deepEqual(selector?.range, rangeOfText(pipeline, 'namespace', 2));
    const key = await hover('pipeline.alloy', pipeline, 'try_number = ""');
    assert.equal(
      (key?.contents as { value: string }).value,
      `**try\\_number**\n\n- [pipeline.alloy:35](${uri('pipeline.alloy')}#L35): stage.structured\\_metadata in loki.process "airflow" (under stage.match {namespace="airflow"}) (structured metadata)`,
    );
  });
});
