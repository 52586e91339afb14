// `lb-obs link airflow|flyte --workspace DIR --explain`: the link's form follows the workspace's pipeline, and
// --explain says why on stderr while stdout keeps only the URL (the built CLI, decoded links).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyHomeEnv } from '../support/emptyHome';
import { decodeExploreUrl } from '../support/grafanaLinks';
import { runLbObsSync } from '../support/lbObsCli';
import { FIXTURES } from '../support/paths';

const WORKSPACE = path.join(FIXTURES, 'validate-folder');
const GRAFANA = ['--grafana-url', 'http://grafana.test:3000', '--datasource-uid', 'lb-loki'];
const env = { ...process.env, ...emptyHomeEnv(), LB_OBS_LOKI_URL: '', LB_OBS_GRAFANA_URL: '', LB_OBS_DATASOURCE_UID: '' };

function link(...args: string[]): { expr: string; stderr: string; code: number | null } {
  const r = runLbObsSync(['link', ...args, ...GRAFANA], { cwd: FIXTURES, env });
  return { code: r.code, expr: r.code === 0 ? decodeExploreUrl(r.stdout.trimEnd()).expr : '', stderr: r.stderr };
}

const RELABEL = 'a relabel rule (target_label) in discovery.relabel "airflow"';

test('Airflow: label matchers for the labels the pipeline promotes, with the producers named', () => {
  assert.deepEqual(link('airflow', '--dag-id', 'etl', '--task-id', 'load', '--workspace', 'validate-folder', '--explain'), {
    code: 0,
    expr: '{namespace="airflow", dag_id="etl", task_id="load"}',
    stderr: `lb-obs link airflow: mode labels: stream labels dag_id from validate-folder/collector/airflow.alloy:15 (${RELABEL}) and task_id from validate-folder/collector/airflow.alloy:19 (${RELABEL})\n`,
  });
});

test('Airflow: a run id the pipeline does not promote makes it a line filter (lb\'s own run_id label is not about Airflow pods)', () => {
  assert.deepEqual(link('airflow', '--dag-id', 'etl', '--run-id', 'manual_1', '--workspace', WORKSPACE, '--explain'), {
    code: 0,
    expr: '{namespace="airflow"} |= "dag_id=etl" |= "run_id=manual_1"',
    stderr: "lb-obs link airflow: mode line-filter: the workspace's pipelines do not make run_id a stream label (and no Loki was asked): matching the ids in the log text\n",
  });
});

test('Airflow: --mode wins and says so; without a workspace nor Loki the default, labels', () => {
  assert.deepEqual(link('airflow', '--dag-id', 'etl', '--mode', 'line-filter', '--workspace', WORKSPACE, '--explain'), {
    code: 0,
    expr: '{namespace="airflow"} |= "dag_id=etl"',
    stderr: 'lb-obs link airflow: mode line-filter: --mode is "line-filter": a choice you make always wins over the labels found\n',
  });
  assert.deepEqual(link('airflow', '--dag-id', 'etl'), { code: 0, expr: '{namespace="airflow", dag_id="etl"}', stderr: '' });
});

test('Flyte: the default workflow label when the workspace has none of the candidates, said why', () => {
  assert.deepEqual(link('flyte', '--execution', 'f6a1b2c3', '--workspace', WORKSPACE, '--explain'), {
    code: 0,
    expr: '{app=~"f6a1b2c3.*"}',
    stderr:
      "lb-obs link flyte: workflow label app: the workspace's pipelines do not make app, execution_id and pod a stream label (and no Loki was asked): the default app (set the workflow label to a label whose value starts with the execution id)\n",
  });
});

test('flyte-templates: the workflow template matches the label the workspace\'s pipeline promotes, said why', () => {
  const r = runLbObsSync(['flyte-templates', '--workspace', 'flyte-pipeline', '--explain', ...GRAFANA], { cwd: FIXTURES, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stderr,
    'lb-obs flyte-templates: workflow label execution_id: stream label execution_id from flyte-pipeline/flyte.alloy:10 (a relabel rule (target_label) in discovery.relabel "flyte")\n',
  );
  // Flyte's variables stand as X (its start time as a number): the pod link selects the pod, the workflow link
  // the promoted label.
  const filled = (uri: string) => uri.replace('{{ .podUnixStartTime }}', '1700000000').replace(/\{\{ \.\w+ \}\}/g, 'X');
  const exprs = [...r.stdout.matchAll(/- "(http[^"]+)"/g)].map((m) => decodeExploreUrl(filled(m[1])).expr);
  assert.deepEqual(exprs, ['{pod="X"}', '{execution_id=~"X.*"}']);
});
