// Relabel rules whose label names are known only when they run (labelmap, a `$1` target_label), in Alloy and in
// Prometheus/Promtail YAML: which names the model lets them produce (a superset, never fewer than the rule can
// give), what it says about them, and that the label warnings never call such a name unknown.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadAlloyParser } from '../../core/alloy/syntaxWasm';
import { loadLokiParser } from '../../core/logql/lokiParser';
import { labelWarnings } from '../../core/logql/labelWarnings';
import { WorkspaceLabels } from '../../core/labels/workspaceLabels';

before(async () => {
  assert.equal(await loadAlloyParser(), true, 'dist/wasm/alloy.wasm loads (node scripts/build.mjs)');
  await loadLokiParser();
});

/** An Alloy discovery.relabel with the namespace rule and one more rule made of `lines`. */
function alloyModel(...lines: string[]): WorkspaceLabels {
  const model = new WorkspaceLabels();
  const text = [
    'discovery.relabel "pods" {',
    '  targets = []',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_namespace"]',
    '    target_label  = "namespace"',
    '  }',
    '  rule {',
    ...lines.map((l) => `    ${l}`),
    '  }',
    '}',
    '',
  ].join('\n');
  model.setDocument('/ws/pods.alloy', text);
  return model;
}

const may = (model: WorkspaceLabels, names: string[]) => names.filter((n) => model.mayProduce(n));

describe('which names a rule may produce', () => {
  test("labelmap of the pods' labels with `(.+)`: any label name, named as the rule at its action", () => {
    const model = alloyModel('action = "labelmap"', 'regex  = "__meta_kubernetes_pod_label_(.+)"');
    assert.deepEqual(may(model, ['dag_id', 'task_id', 'x', '_a1']), ['dag_id', 'task_id', 'x', '_a1']);
    assert.deepEqual(
      model.producers('dag_id').map((p) => [p.name, p.range?.start.line, p.detail]),
      [['dag_id', 7, 'the labelmap rule (regex "__meta_kubernetes_pod_label_(.+)", replacement "$1") in discovery.relabel "pods"']],
    );
    assert.deepEqual(model.streamLabelNames(), ['namespace'], 'a template is no label name');
  });

  test('a group of alternatives: only those names; a replacement with a prefix: only names with it', () => {
    assert.deepEqual(may(alloyModel('action = "labelmap"', 'regex  = "__meta_kubernetes_pod_label_(app|team)"'), ['app', 'team', 'dag_id']), ['app', 'team']);
    const prefixed = alloyModel('action = "labelmap"', 'regex  = "__meta_kubernetes_pod_label_(.+)"', 'replacement = "k8s_${1}"');
    assert.deepEqual(may(prefixed, ['k8s_app', 'app', 'k8s_']), ['k8s_app', 'k8s_']);
    const named = alloyModel('action = "labelmap"', 'regex  = "__meta_kubernetes_pod_label_(?P<key>[a-z]+)_id"', 'replacement = "$key"');
    assert.deepEqual(may(named, ['dag', 'dag_id', 'Dag']), ['dag']);
  });

  test('what cannot be read that way may give any name: flags, a regex written as an expression', () => {
    assert.deepEqual(may(alloyModel('action = "labelmap"', 'regex  = "(?i)__META_(app)"'), ['dag_id']), ['dag_id']);
    assert.deepEqual(may(alloyModel('action = "labelmap"', 'regex  = env("RE")'), ['dag_id']), ['dag_id']);
    assert.deepEqual(may(alloyModel('action = "labelmap"'), ['dag_id']), ['dag_id'], 'the default regex (.*) maps every label');
  });

  test('a replace rule whose target_label is `${1}`: the names its regex group gives; labeldrop gives none', () => {
    const model = alloyModel('source_labels = ["__meta_kubernetes_pod_annotation_team"]', 'regex = "team-(dev|ops)"', 'target_label = "${1}"');
    assert.deepEqual(may(model, ['dev', 'ops', 'team']), ['dev', 'ops']);
    assert.deepEqual(may(alloyModel('action = "labeldrop"', 'regex = "(.+)"'), ['dag_id']), []);
  });

  test('Prometheus/Promtail YAML: a labelmap rule, at its action', () => {
    const model = new WorkspaceLabels();
    model.setDocument(
      '/ws/promtail.yaml',
      [
        'scrape_configs:',
        '  - job_name: pods',
        '    relabel_configs:',
        '      - action: labelmap',
        "        regex: '__meta_kubernetes_pod_label_(app|dag_id)'",
        '',
      ].join('\n'),
    );
    assert.deepEqual(may(model, ['dag_id', 'app', 'task_id']), ['dag_id', 'app']);
    assert.deepEqual(
      model.producers('app').map((p) => [p.kind, p.range?.start, p.detail]),
      [['kubernetes', { line: 3, character: 16 }, 'the labelmap rule (regex "__meta_kubernetes_pod_label_(app|dag_id)", replacement "$1") in relabel_configs of scrape config "pods"']],
    );
  });
});

describe('label warnings', () => {
  test("the issue's Airflow query against Kubernetes discovery + labelmap: no warning for names the rule may give, one for others", () => {
    const model = alloyModel('action = "labelmap"', 'regex  = "__meta_kubernetes_pod_label_(.+)"');
    assert.deepEqual(labelWarnings('{namespace="airflow", dag_id="x"}', model), []);
    assert.deepEqual(labelWarnings('sum by (task_id) (count_over_time({namespace="airflow", dag_id="x"}[5m]))', model), []);
    const narrow = alloyModel('action = "labelmap"', 'regex  = "__meta_kubernetes_pod_label_(dag_id|task_id)"');
    assert.deepEqual(
      labelWarnings('{namespace="airflow", dag_id="x", run_idd="r"}', narrow).map((p) => p.message),
      ['no label source produces `run_idd` (labels here come from Kubernetes discovery (pods.alloy)): the selector matches no stream'],
    );
  });
});
