// How Airflow and Flyte links choose their form: every branch of the decision (a choice the user made wins, the
// workspace's pipeline has the labels, Loki has seen them, they are known to be absent, nothing is known), on
// the real workspace label model built from Alloy configurations.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadAlloyParser } from '../../core/alloy/syntaxWasm';
import { WorkspaceLabels } from '../../core/labels/workspaceLabels';
import { chooseAirflowMode, chooseFlyteWorkflowLabel, LabelKnowledge } from '../../core/links/linkMode';

const ROOT = '/ws';

const AIRFLOW_PIPELINE = `discovery.kubernetes "pods" {
  role = "pod"
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_label_dag_id"]
    target_label  = "dag_id"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_label_task_id"]
    target_label  = "task_id"
  }
}
`;

const NAMESPACE_ONLY = `discovery.relabel "pods" {
  targets = []
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
}
`;

const DAG_AS_METADATA = `loki.process "airflow" {
  stage.regex {
    expression = "dag_id=(?P<dag_id>\\\\S+)"
  }
  stage.structured_metadata {
    values = { dag_id = "" }
  }
  forward_to = []
}
${NAMESPACE_ONLY}`;

const FLYTE_PIPELINE = `discovery.relabel "flyte" {
  targets = []
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
}
`;

function workspace(files: Record<string, string>): LabelKnowledge {
  const labels = new WorkspaceLabels();
  for (const [name, text] of Object.entries(files)) labels.setDocument(`${ROOT}/${name}`, text);
  return { labels, root: ROOT };
}

/** The model's own words for where a label comes from (core/labels' to choose; this test checks where they go). */
function detail(knowledge: LabelKnowledge, name: string): string {
  return knowledge.labels!.producers(name).find((p) => p.as !== 'extracted')!.detail;
}

before(async () => {
  assert.equal(await loadAlloyParser(), true, 'dist/wasm/alloy.wasm loads (node scripts/build.mjs)');
});

describe('Airflow link mode', () => {
  test('a mode the user set wins over labels the pipeline has', () => {
    assert.deepEqual(chooseAirflowMode(['dag_id'], workspace({ 'airflow.alloy': AIRFLOW_PIPELINE }), { value: 'line-filter', where: 'setting lbObs.airflow.mode (workspace folder)' }), {
      value: 'line-filter',
      reason: 'setting lbObs.airflow.mode (workspace folder) is "line-filter": a choice you make always wins over the labels found',
      decidedBy: 'user',
    });
  });

  test("labels when the workspace's pipeline makes every label the link matches a stream label", () => {
    const knowledge = workspace({ 'collector/airflow.alloy': AIRFLOW_PIPELINE });
    assert.deepEqual(chooseAirflowMode(['dag_id', 'task_id'], knowledge), {
      value: 'labels',
      reason: `stream labels dag_id from collector/airflow.alloy:13 (${detail(knowledge, 'dag_id')}) and task_id from collector/airflow.alloy:17 (${detail(knowledge, 'task_id')})`,
      decidedBy: 'workspace',
    });
  });

  test('labels when Loki has seen them although no pipeline in the workspace makes them', () => {
    assert.deepEqual(chooseAirflowMode(['dag_id', 'task_id'], { lokiLabels: ['namespace', 'dag_id', 'task_id'] }), {
      value: 'labels',
      reason: 'Loki has seen dag_id and task_id in the last 24 hours',
      decidedBy: 'loki',
    });
    const mixed = chooseAirflowMode(['dag_id', 'run_id'], { ...workspace({ 'airflow.alloy': AIRFLOW_PIPELINE }), lokiLabels: ['run_id'] });
    assert.deepEqual([mixed.value, mixed.reason], ['labels', 'Loki has seen run_id in the last 24 hours']);
  });

  test('line filter when the pipeline and Loki are known and one needed label is missing', () => {
    assert.deepEqual(chooseAirflowMode(['dag_id'], { ...workspace({ 'ns.alloy': NAMESPACE_ONLY }), lokiLabels: ['namespace', 'pod'] }), {
      value: 'line-filter',
      reason: "neither the workspace's pipelines nor Loki (last 24 h) have dag_id as a stream label: matching the ids in the log text",
      decidedBy: 'workspace',
    });
    assert.deepEqual(chooseAirflowMode(['dag_id', 'run_id'], workspace({ 'airflow.alloy': AIRFLOW_PIPELINE })), {
      value: 'line-filter',
      reason: "the workspace's pipelines do not make run_id a stream label (and no Loki was asked): matching the ids in the log text",
      decidedBy: 'workspace',
    });
    assert.deepEqual(chooseAirflowMode(['dag_id', 'task_id'], { lokiLabels: ['namespace'] }), {
      value: 'line-filter',
      reason: 'Loki has not seen dag_id and task_id in the last 24 hours (and no pipeline in the workspace makes them): matching the ids in the log text',
      decidedBy: 'loki',
    });
  });

  test('line filter, naming the stage, when the pipeline keeps the label as structured metadata only', () => {
    const knowledge = workspace({ 'airflow.alloy': DAG_AS_METADATA });
    assert.deepEqual(chooseAirflowMode(['dag_id'], knowledge), {
      value: 'line-filter',
      reason: `dag_id is structured metadata, not a stream label, in airflow.alloy:6 (${detail(knowledge, 'dag_id')}): matching the ids in the log text`,
      decidedBy: 'workspace',
    });
  });

  test('the default when nothing tells which labels exist (lb configs say nothing about workflow pods)', () => {
    const lbOnly = workspace({ 'benchmark_config.json': '{"workloads": {}, "repetitions": 1}' });
    for (const knowledge of [{}, lbOnly]) {
      assert.deepEqual(chooseAirflowMode(['dag_id'], knowledge), {
        value: 'labels',
        reason: 'no collector pipeline (Alloy, Promtail, Kubernetes relabel rules) in the workspace and no Loki label names to go by: the default labels',
        decidedBy: 'default',
      });
    }
  });
});

describe('Airflow link mode: Promtail, and labelmap rules', () => {
  const PROMTAIL = [
    'scrape_configs:',
    '  - job_name: airflow',
    '    pipeline_stages:',
    '      - regex:',
    '          expression: "(?P<dag_id>\\\\S+)"',
    '      - labels:',
    '          dag_id:',
    '',
  ].join('\n');

  test("Promtail's pipeline_stages labels decide like Alloy's", () => {
    const knowledge = workspace({ 'promtail.yaml': PROMTAIL });
    assert.deepEqual(chooseAirflowMode(['dag_id'], knowledge), {
      value: 'labels',
      reason: 'stream label dag_id from promtail.yaml:7 (the labels stage of pipeline_stages of scrape config "airflow")',
      decidedBy: 'workspace',
    });
  });

  const LABELMAP = `${NAMESPACE_ONLY.replace(/}\n$/, '')}  rule {
    action = "labelmap"
    regex  = "__meta_kubernetes_pod_label_(.+)"
  }
}
`;

  test("Kubernetes discovery + labelmap of the pods' labels, no Loki: not claimed missing, the default with the rule named", () => {
    const knowledge = workspace({ 'airflow.alloy': LABELMAP });
    assert.deepEqual(chooseAirflowMode(['dag_id', 'task_id'], knowledge), {
      value: 'labels',
      reason:
        'dag_id and task_id may come from airflow.alloy:8 (the labelmap rule (regex "__meta_kubernetes_pod_label_(.+)", replacement "$1") in discovery.relabel "pods"), known only when it runs, and no Loki was asked: the default labels',
      decidedBy: 'default',
    });
    assert.equal(chooseAirflowMode(['dag_id'], knowledge, undefined, 'line-filter').value, 'line-filter', 'the default is the caller\'s');
  });

  test("labelmap with Loki's names: Loki decides", () => {
    const seen = { ...workspace({ 'airflow.alloy': LABELMAP }), lokiLabels: ['namespace', 'dag_id'] };
    assert.deepEqual(chooseAirflowMode(['dag_id'], seen), { value: 'labels', reason: 'Loki has seen dag_id in the last 24 hours', decidedBy: 'loki' });
    const unseen = { ...workspace({ 'airflow.alloy': LABELMAP }), lokiLabels: ['namespace'] };
    assert.deepEqual(chooseAirflowMode(['dag_id'], unseen), {
      value: 'line-filter',
      reason:
        'Loki has not seen dag_id in the last 24 hours (dag_id may come from airflow.alloy:8 (the labelmap rule (regex "__meta_kubernetes_pod_label_(.+)", replacement "$1") in discovery.relabel "pods"), known only when it runs): matching the ids in the log text',
      decidedBy: 'loki',
    });
  });

  test('Flyte: labelmap may give the workflow labels; without Loki the default, said why', () => {
    assert.deepEqual(chooseFlyteWorkflowLabel(workspace({ 'flyte.alloy': LABELMAP }), undefined, 'app'), {
      value: 'app',
      reason:
        'app, execution_id and pod may come from flyte.alloy:8 (the labelmap rule (regex "__meta_kubernetes_pod_label_(.+)", replacement "$1") in discovery.relabel "pods"), known only when it runs, and no Loki was asked: the default app',
      decidedBy: 'default',
    });
  });
});

describe('Flyte workflow label', () => {
  test('a label the user set wins', () => {
    const choice = chooseFlyteWorkflowLabel(workspace({ 'flyte.alloy': FLYTE_PIPELINE }), { value: 'app', where: '--workflow-label' });
    assert.deepEqual(choice, { value: 'app', reason: '--workflow-label is "app": a choice you make always wins over the labels found', decidedBy: 'user' });
  });

  test("the pipeline's pod label when it has no app label", () => {
    const knowledge = workspace({ 'flyte.alloy': FLYTE_PIPELINE });
    assert.deepEqual(chooseFlyteWorkflowLabel(knowledge), {
      value: 'pod',
      reason: `stream label pod from flyte.alloy:9 (${detail(knowledge, 'pod')})`,
      decidedBy: 'workspace',
    });
  });

  test('a label Loki has seen', () => {
    assert.deepEqual(chooseFlyteWorkflowLabel({ lokiLabels: ['namespace', 'execution_id', 'pod'] }), {
      value: 'execution_id',
      reason: 'Loki has seen execution_id in the last 24 hours',
      decidedBy: 'loki',
    });
  });

  test('the default, said to be a guess, when none of the labels exists', () => {
    assert.deepEqual(chooseFlyteWorkflowLabel({ ...workspace({ 'ns.alloy': NAMESPACE_ONLY }), lokiLabels: ['namespace'] }), {
      value: 'app',
      reason:
        "neither the workspace's pipelines nor Loki (last 24 h) have app, execution_id and pod as a stream label: the default app (set the workflow label to a label whose value starts with the execution id)",
      decidedBy: 'workspace',
    });
    assert.equal(chooseFlyteWorkflowLabel({}).decidedBy, 'default');
  });
});
