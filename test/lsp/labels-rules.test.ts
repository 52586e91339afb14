// Through the real language server: the Airflow query against Kubernetes discovery + a labelmap of the
// pods' labels (no warning; hover and Go to Definition name the rule), and hover at a producer in Promtail YAML.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Hover, Location } from 'vscode-languageserver-protocol';
import { emptyHomeEnv } from '../support/emptyHome';
import { LspClient } from '../support/lspClient';
import { FIXTURES } from '../support/paths';
import { rangeOfText } from '../support/textRanges';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-label-rules-'));
fs.copyFileSync(path.join(FIXTURES, 'labels-labelmap', 'pods.alloy'), path.join(workspace, 'pods.alloy'));
const PROMTAIL = ['scrape_configs:', '  - job_name: web', '    static_configs:', '      - targets: [localhost]', '        labels:', '          app: web', ''].join('\n');
fs.writeFileSync(path.join(workspace, 'promtail.yaml'), PROMTAIL);
const QUERY = '{namespace="airflow", dag_id="hello_world", app="web"}\n';
fs.writeFileSync(path.join(workspace, 'airflow.logql'), QUERY);
const uri = (name: string) => pathToFileURL(path.join(workspace, name)).toString();

let client: LspClient;
before(async () => {
  client = await LspClient.start({ workspaceFolders: [workspace], env: { ...emptyHomeEnv(), LB_OBS_LOKI_URL: '' } });
});
after(async () => {
  await client.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
});

const hoverText = async (name: string, text: string, needle: string) =>
  ((await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri(name) }, position: rangeOfText(text, needle).start }))?.contents as { value: string } | undefined)?.value;

test("{namespace=\"airflow\", dag_id=\"x\"} with a labelmap of the pods' labels: no warning; hover and definition name the rule", async () => {
  assert.deepEqual(await client.open(uri('airflow.logql'), 'logql', QUERY), []);
  assert.equal(
    await hoverText('airflow.logql', QUERY, 'dag_id'),
    `**dag\\_id**\n\n- [pods.alloy:8](${uri('pods.alloy')}#L8): may come from the labelmap rule (regex "\\_\\_meta\\_kubernetes\\_pod\\_label\\_(.+)", replacement "$1") in discovery.relabel "pods" (stream label)`,
  );
  const locations = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri('airflow.logql') }, position: rangeOfText(QUERY, 'dag_id').start });
  const pods = fs.readFileSync(path.join(workspace, 'pods.alloy'), 'utf8');
  assert.deepEqual(locations, [{ uri: uri('pods.alloy'), range: rangeOfText(pods, 'labelmap') }]);
});

test('hover at a label where Promtail YAML produces it', async () => {
  await client.open(uri('promtail.yaml'), 'yaml', PROMTAIL);
  assert.equal(await hoverText('promtail.yaml', PROMTAIL, 'app'), `**app**\n\n- [promtail.yaml:6](${uri('promtail.yaml')}#L6): a static\\_configs label of scrape config "web" (stream label)`);
});
