// The language server's `lbObs/linkChoice` (what the extension asks before building an Airflow or Flyte link when
// the user set no mode): decided from the workspace's files, read at start-up, and answered with the reason the
// extension shows; malformed parameters are refused with what is wrong.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { LINK_CHOICE_REQUEST } from '../../protocol/linkChoice';
import { LspClient } from '../support/lspClient';
import { FIXTURES } from '../support/paths';

const RELABEL = 'a relabel rule (target_label) in discovery.relabel "airflow"';
let client: LspClient;
let empty: LspClient;

before(async () => {
  client = await LspClient.start({ workspaceFolders: [path.join(FIXTURES, 'validate-folder')], env: { LB_OBS_LOKI_URL: '' } });
  empty = await LspClient.start({ workspaceFolders: [fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-link-mode-'))], env: { LB_OBS_LOKI_URL: '' } });
});
after(async () => {
  await client?.stop();
  await empty?.stop();
});

test("Airflow: labels from the workspace's pipeline, with the producers named relative to the folder", async () => {
  assert.deepEqual(await client.request(LINK_CHOICE_REQUEST, { link: 'airflow', needed: ['dag_id', 'task_id'], fallback: 'labels' }), {
    value: 'labels',
    reason: `stream labels dag_id from collector/airflow.alloy:15 (${RELABEL}) and task_id from collector/airflow.alloy:19 (${RELABEL})`,
    decidedBy: 'workspace',
  });
  assert.deepEqual(await client.request(LINK_CHOICE_REQUEST, { link: 'airflow', needed: ['dag_id', 'try_number'], fallback: 'labels' }), {
    value: 'line-filter',
    reason: "the workspace's pipelines do not make try_number a stream label (and no Loki was asked): matching the ids in the log text",
    decidedBy: 'workspace',
  });
});

test('Flyte and an empty workspace: the defaults, said why', async () => {
  assert.deepEqual(await empty.request(LINK_CHOICE_REQUEST, { link: 'flyte', fallback: 'app' }), {
    value: 'app',
    reason: 'no collector pipeline (Alloy, Promtail, Kubernetes relabel rules) in the workspace and no Loki label names to go by: the default app',
    decidedBy: 'default',
  });
  assert.deepEqual(await empty.request(LINK_CHOICE_REQUEST, { link: 'airflow', needed: ['dag_id'], fallback: 'line-filter' }), {
    value: 'line-filter',
    reason: 'no collector pipeline (Alloy, Promtail, Kubernetes relabel rules) in the workspace and no Loki label names to go by: the default line-filter',
    decidedBy: 'default',
  });
});

test('malformed parameters are refused with where and what', async () => {
  await assert.rejects(client.request(LINK_CHOICE_REQUEST, { link: 'airflow', needed: 'dag_id', fallback: 'labels' }), {
    message: 'lbObs/linkChoice: params.needed: expected an array',
  });
  await assert.rejects(client.request(LINK_CHOICE_REQUEST, { link: 'flyte', fallback: 'app', extra: 1 }), { message: 'lbObs/linkChoice: params.extra: unknown field' });
});
