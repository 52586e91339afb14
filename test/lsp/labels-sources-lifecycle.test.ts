// Where the language server's label model reads its sources beyond the files present at start: lb's own configs in
// its user folder ($XDG_CONFIG_HOME/lb), files that the run-config glob setting makes lb configs (and the setting
// changing), and workspace folders added and removed while the server runs: each seen in the exact warnings of an
// open .logql file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { emptyHomeEnv } from '../support/emptyHome';
import { LspClient } from '../support/lspClient';
import { rangeOfText } from '../support/textRanges';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-label-sources-'));
const workspace = path.join(root, 'workspace');
const later = path.join(root, 'collector');
const home = emptyHomeEnv();
const lbUserDir = path.join(home.XDG_CONFIG_HOME, 'lb');
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};
const uri = (file: string) => pathToFileURL(file).toString();

write(path.join(workspace, 'benchmark_config.json'), '{\n  "workloads": {},\n  "loki": { "enabled": true, "labels": { "env": "ci" } }\n}\n');
// Only a `loki` block: nothing in its content says lb config; the glob setting does.
write(path.join(workspace, 'runs/nightly.json'), '{\n  "loki": { "labels": { "suite": "nightly" } }\n}\n');
write(path.join(lbUserDir, 'platform.json'), '{\n  "loki": { "enabled": true, "labels": { "team": "perf" } }\n}\n');
write(path.join(later, 'pipeline.alloy'), 'loki.process "p" {\n  stage.labels {\n    values = { pod = "" }\n  }\n  forward_to = []\n}\n');
const query = path.join(workspace, 'queries/labels.logql');
const QUERY = 'sum by (team) (count_over_time({env="ci", suite="nightly", pod="x"} [5m]))\n';
write(query, QUERY);

const settings: { config: { runConfigGlobs: string[] } } = { config: { runConfigGlobs: ['**/runs/*.json'] } };
let client: LspClient;
before(async () => {
  client = await LspClient.start({ workspaceFolders: [workspace], env: { ...home, LB_OBS_LOKI_URL: '' }, settings, workspaceFeatures: true });
});
after(async () => {
  await client.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

const unknown = (name: string, sources: string) => `${name}: no label source produces \`${name}\` (labels here come from ${sources}): the selector matches no stream`;
const show = (diagnostics: Diagnostic[]) => diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value).replace(/^no label source produces `(\w+)`/, '$1: $&'));

function settled(expected: string[]): Promise<string[]> {
  return client.settledDiagnostics(uri(query), show, expected);
}

test("lb's platform.json in its user folder and a config named by runConfigGlobs are sources; a folder added later is read", async () => {
  const withoutCollector = [unknown('pod', 'lb (benchmark_config.json, nightly.json, platform.json)')];
  assert.deepEqual(show(await client.open(uri(query), 'logql', QUERY)), withoutCollector);
  await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uri(later), name: 'collector' }], removed: [] } });
  assert.deepEqual(await settled([]), []);
  await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uri(later), name: 'collector' }] } });
  assert.deepEqual(await settled(withoutCollector), withoutCollector);
});

test('hover on a label from the platform config names it; the watcher covers lb\'s user folder', async () => {
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri(query) }, position: rangeOfText(QUERY, 'team').start });
  const platform = path.join(lbUserDir, 'platform.json');
  assert.equal(
    (hover?.contents as { value: string }).value,
    `**team**\n\n- [~/xdg/lb/platform.json:2](${uri(platform)}#L2): loki.labels of lb (a static label of every stream lb sends) (stream label)`,
  );
  const watchers = client.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').flatMap((r) => (r.registerOptions as { watchers: unknown[] }).watchers);
  assert.deepEqual(watchers, [{ globPattern: '**/*.{alloy,yaml,yml,json}' }, { globPattern: { baseUri: uri(lbUserDir), pattern: '{platform.json,config.json,config_path}' } }]);
});

test('the run-config glob setting removed: the file it named is no source any more', async () => {
  settings.config.runConfigGlobs = [];
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  const expected = [unknown('suite', 'lb (benchmark_config.json, platform.json)'), unknown('pod', 'lb (benchmark_config.json, platform.json)')];
  assert.deepEqual(await settled(expected), expected);
});
