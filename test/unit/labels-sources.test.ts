// The workspace label model's sources, in-process: lb configs (built-in labels and loki.labels), Alloy pipelines
// (stages per stage.match selector, relabel rules, file targets), Alloy embedded in YAML, and Loki's names; what
// counts as a change; files that produce nothing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { loadAlloyParser } from '../../core/alloy/syntaxWasm';
import { insideFolder, LabelProducer, WorkspaceLabels } from '../../core/labels/workspaceLabels';
import { FIXTURES } from '../support/paths';

before(async () => {
  assert.equal(await loadAlloyParser(), true, 'dist/wasm/alloy.wasm loads (node scripts/build.mjs)');
});

const WORKSPACE = path.join(FIXTURES, 'labels-workspace');

/** Each producer as `name as kind line:col-line:col detail` (lines and columns from 1). */
function show(producers: LabelProducer[]): string[] {
  return producers.map((p) => {
    const at = p.range ? ` ${p.range.start.line + 1}:${p.range.start.character + 1}-${p.range.end.line + 1}:${p.range.end.character + 1}` : '';
    return `${p.name} ${p.as} ${p.kind}${at} ${p.detail}`;
  });
}

function modelOf(files: Record<string, string>): WorkspaceLabels {
  const model = new WorkspaceLabels();
  for (const [file, text] of Object.entries(files)) model.setDocument(`/ws/${file}`, text);
  return model;
}

describe('lb configs', () => {
  test("lb's built-in labels at the loki key, loki.labels at their keys", () => {
    const model = modelOf({ 'benchmark_config.json': fs.readFileSync(path.join(WORKSPACE, 'benchmark_config.json'), 'utf8') });
    assert.deepEqual(show(model.producers('run_id')), ["run_id stream lb 6:3-6:9 lb's Loki handler (a built-in label, sent when the record has the field)"]);
    assert.deepEqual(show(model.producers('env')), ['env stream lb 9:17-9:22 loki.labels of lb (a static label of every stream lb sends)']);
    assert.deepEqual(model.streamLabelNames(), ['component', 'env', 'host', 'package', 'phase', 'plugin', 'repetition', 'run_id', 'scenario', 'workload']);
  });

  test('a platform config without a loki block: the built-in labels at the start of the file', () => {
    const model = modelOf({ '.config/lb/platform.json': '{"plugins": {}}' });
    assert.deepEqual(show(model.producers('host')), ["host stream lb 1:1-1:1 lb's Loki handler (a built-in label, sent when the record has the field)"]);
  });
});

describe('Alloy pipelines', () => {
  test('stages under their stage.match selector, relabel rules as Kubernetes discovery', () => {
    const model = modelOf({ 'pipeline.alloy': fs.readFileSync(path.join(WORKSPACE, 'pipeline.alloy'), 'utf8') });
    assert.deepEqual(show(model.producers('namespace')), ['namespace stream kubernetes 9:22-9:31 a relabel rule (target_label) in discovery.relabel "pods"']);
    assert.deepEqual(show(model.producers('dag_id')), [
      'dag_id extracted alloy 26:21-26:88 stage.regex in loki.process "airflow" (under stage.match {namespace="airflow"})',
      'dag_id stream alloy 30:9-30:15 stage.labels in loki.process "airflow" (under stage.match {namespace="airflow"})',
    ]);
    assert.equal(model.producers('dag_id')[0].parser, 'regexp `^\\{(?P<dag_id>[^}]+)\\} (?P<task_id>\\w+) try=(?P<try_number>\\d+)`');
    assert.deepEqual(show(model.producers('try_number')), [
      'try_number extracted alloy 26:21-26:88 stage.regex in loki.process "airflow" (under stage.match {namespace="airflow"})',
      'try_number structured_metadata alloy 35:18-35:28 stage.structured_metadata in loki.process "airflow" (under stage.match {namespace="airflow"})',
    ]);
    assert.equal(model.producers('dag_id')[1].selector, '{namespace="airflow"}');
    assert.deepEqual(model.streamLabelNames(), ['dag_id', 'namespace', 'pod', 'task_id']);
    assert.deepEqual(model.allLabelNames(), ['dag_id', 'namespace', 'pod', 'task_id', 'try_number']);
  });

  test('static labels, file targets and loki.source.file, skipping metric pipelines and internal names; a `$1` target may give any name', () => {
    const text = [
      'local.file_match "logs" {',
      '  path_targets = [{"__path__" = "/var/log/*.log", job = "varlogs"}]',
      '}',
      'loki.source.file "logs" {',
      '  targets    = local.file_match.logs.targets',
      '  forward_to = [loki.process.p.receiver]',
      '}',
      'loki.process "p" {',
      '  stage.static_labels {',
      '    values = { cluster = "lab" }',
      '  }',
      '  forward_to = []',
      '}',
      'loki.relabel "r" {',
      '  rule {',
      '    target_label = "$1"',
      '  }',
      '  rule {',
      '    action       = "labeldrop"',
      '    target_label = "dropped"',
      '  }',
      '  rule {',
      '    target_label = "__tmp"',
      '  }',
      '  forward_to = []',
      '}',
      'prometheus.relabel "m" {',
      '  rule {',
      '    target_label = "instance"',
      '  }',
      '  forward_to = []',
      '}',
      'loki.write "w" {',
      '  external_labels = { tenant = "a" }',
      '  endpoint { url = "http://loki:3100/loki/api/v1/push" }',
      '}',
      '',
    ].join('\n');
    const model = modelOf({ 'p.alloy': text });
    assert.deepEqual(model.streamLabelNames(), ['cluster', 'filename', 'job', 'tenant']);
    assert.deepEqual(show(model.producers('job')), [
      'job stream alloy 2:51-2:54 a target label of local.file_match "logs"',
      'job stream alloy 16:21-16:23 the replace rule whose target_label "$1" takes its name from the regex "(.*)" in loki.relabel "r"',
    ]);
    assert.deepEqual(show(model.producers('filename'))[0], 'filename stream alloy 4:1-4:17 loki.source.file "logs" (the path of the file it reads)');
  });

  test('Alloy in a ConfigMap: positions in the YAML file', () => {
    const model = modelOf({ 'alloy-configmap.yaml': fs.readFileSync(path.join(FIXTURES, 'labels-configmap', 'alloy.yaml'), 'utf8') });
    assert.deepEqual(show(model.producers('level')), ['level stream alloy 9:20-9:25 stage.labels in loki.process "p"']);
  });
});

describe('scrape configs in YAML (Promtail, Prometheus)', () => {
  test("relabel rules' target labels, quoted or not; static labels with filename for a __path__; pipeline stages under match", () => {
    const yaml = [
      'scrape_configs:',
      '  - job_name: kubernetes-pods',
      '    kubernetes_sd_configs:',
      '      - role: pod',
      '    relabel_configs:',
      '      - source_labels: [__meta_kubernetes_namespace]',
      '        target_label: namespace',
      '      - source_labels: [__meta_kubernetes_pod_container_name]',
      '        target_label: "container"',
      '      - action: labelmap',
      '        regex: __meta_kubernetes_pod_label_(.+)',
      '        target_label: ignored',
      '      - target_label: __tmp',
      '    pipeline_stages:',
      '      - match:',
      "          selector: '{namespace=\"airflow\"}'",
      '          stages:',
      '            - regex:',
      '                expression: "(?P<dag_id>\\\\S+) (?P<try>\\\\d+)"',
      '            - labels:',
      '                dag_id:',
      '            - structured_metadata:',
      '                try:',
      '      - static_labels:',
      '          cluster: lab',
      '  - job_name: varlogs',
      '    static_configs:',
      '      - targets: [localhost]',
      '        labels:',
      '          job: varlogs',
      '          __path__: /var/log/*.log',
      '',
    ].join('\n');
    const model = modelOf({ 'promtail.yaml': yaml, 'values.yaml': 'replicas: 2\n' });
    assert.deepEqual(model.streamLabelNames(), ['cluster', 'container', 'dag_id', 'filename', 'job', 'namespace']);
    assert.deepEqual(model.allLabelNames(), ['cluster', 'container', 'dag_id', 'filename', 'job', 'namespace', 'try']);
    assert.deepEqual(show(model.producers('container')), [
      'container stream kubernetes 9:24-9:33 a relabel rule (target_label) in relabel_configs of scrape config "kubernetes-pods"',
      'container stream kubernetes 10:17-10:25 the labelmap rule (regex "__meta_kubernetes_pod_label_(.+)", replacement "$1") in relabel_configs of scrape config "kubernetes-pods"',
    ]);
    assert.deepEqual(show(model.producers('try').filter((p) => p.as === 'extracted')), [
      'try extracted promtail 19:30-19:60 the regex stage of pipeline_stages of scrape config "kubernetes-pods" (under match {namespace="airflow"})',
    ]);
    assert.deepEqual(show(model.producers('namespace'))[0], 'namespace stream kubernetes 7:23-7:32 a relabel rule (target_label) in relabel_configs of scrape config "kubernetes-pods"');
    assert.deepEqual(show(model.producers('try').filter((p) => p.as === 'structured_metadata')), [
      'try structured_metadata promtail 23:17-23:20 the structured_metadata stage of pipeline_stages of scrape config "kubernetes-pods" (under match {namespace="airflow"})',
    ]);
    assert.deepEqual(show(model.producers('filename').filter((p) => p.kind === 'promtail')), ['filename stream promtail 31:11-31:19 Promtail (the path of the file it reads) of scrape config "varlogs"']);
    assert.equal(model.sourceSummary(), 'Promtail (promtail.yaml), Kubernetes discovery (promtail.yaml)');
  });
});

describe('the model', () => {
  test('changes count only when the label set changes; removing and unrelated files', () => {
    const model = new WorkspaceLabels();
    assert.equal(model.hasSources(), false);
    assert.equal(model.setDocument('/ws/notes.yaml', 'a: 1\n'), false);
    assert.equal(model.setDocument('/ws/p.alloy', 'loki.process "p" {\n  stage.labels {\n    values = { a = "" }\n  }\n  forward_to = []\n}\n'), true);
    assert.equal(model.version, 1);
    assert.equal(model.setDocument('/ws/p.alloy', 'loki.process "p" {\n  stage.labels {\n    values = { a = "" }\n  }\n  forward_to = []\n}\n'), false);
    assert.equal(model.setDocument('/ws/p.alloy', 'loki.process "p" {\n  stage.labels {\n    values = { a = "" }\n  }\n  forward_to = [ ]\n}\n'), false);
    assert.equal(model.hasSources(), true);
    assert.equal(model.setDocument('/ws/p.alloy', 'loki.process "p" {\n  stage.labels {\n    values = { a = "", b'), false, 'a syntax error keeps the last labels');
    assert.deepEqual(model.streamLabelNames(), ['a']);
    assert.equal(model.sourceSummary(), 'Alloy (p.alloy)');
    assert.equal(model.removeDocument('/ws/p.alloy'), true);
    assert.equal(model.removeDocument('/ws/p.alloy'), false);
    assert.equal(model.version, 2);
  });

  test("Loki's names join the stream labels", () => {
    const model = new WorkspaceLabels();
    assert.equal(model.setLokiLabels(['app', 'job']), true);
    assert.equal(model.setLokiLabels(['job', 'app']), false);
    assert.deepEqual(show(model.producers('app')), ['app stream loki seen by Loki in the last 24 hours']);
    assert.deepEqual(model.streamLabelNames(), ['app', 'job']);
    assert.equal(model.sourceSummary(), "Loki's labels of the last 24 hours");
    assert.equal(model.setLokiLabels(undefined), true);
    assert.equal(model.hasSources(), false);
  });
});

test('a file is inside a folder by its path, not by a shared prefix of names', () => {
  const cases: Array<[string, string, boolean]> = [
    ['/w/app/pipeline.alloy', '/w/app', true],
    ['/w/app/pipeline.alloy', '/w/app/', true],
    ['/w/app/deep/er/config.yaml', '/w/app', true],
    ['/w/app', '/w/app', true],
    ['/w/app/..hidden/x.alloy', '/w/app', true],
    ['/w/app-old/pipeline.alloy', '/w/app', false],
    ['/w/pipeline.alloy', '/w/app', false],
    ['/other/x.alloy', '/w/app', false],
  ];
  assert.deepEqual(cases.map(([file, folder]) => insideFolder(file, folder)), cases.map((c) => c[2]));
  const model = new WorkspaceLabels();
  model.setDocument('/w/app/lb.json', '{"loki": {"labels": {"team": "perf"}}}', { kind: 'lb-run-config' });
  model.setDocument('/w/app-old/lb.json', '{"loki": {"labels": {"squad": "perf"}}}', { kind: 'lb-run-config' });
  assert.equal(model.removeUnder('/w/app'), true);
  assert.deepEqual([model.producers('team').length, model.producers('squad').length], [0, 1]);
});
