// LogQL's label warnings against the workspace label model, in-process: unknown stream and grouping labels with
// did-you-mean, structured metadata in a selector with its fix, Loki's own labels, Grafana variables, the Alloy
// stage.match selectors, and silence when nothing tells which labels exist or Loki has not answered yet.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadAlloyParser } from '../../core/alloy/syntaxWasm';
import { WorkspaceLabels } from '../../core/labels/workspaceLabels';
import { labelWarnings } from '../../core/logql/labelWarnings';
import { loadLokiParser } from '../../core/logql/lokiParser';
import { validateDocument } from '../../core/validation/validateDocument';
import { FIXTURES } from '../support/paths';

const WORKSPACE = path.join(FIXTURES, 'labels-workspace');
let labels: WorkspaceLabels;

before(async () => {
  assert.equal(await loadAlloyParser(), true, 'dist/wasm/alloy.wasm loads (node scripts/build.mjs)');
  assert.equal(await loadLokiParser(), true);
  labels = new WorkspaceLabels();
  for (const file of ['benchmark_config.json', 'pipeline.alloy']) labels.setDocument(path.join(WORKSPACE, file), fs.readFileSync(path.join(WORKSPACE, file), 'utf8'));
});

/** Each warning as `code "text" message`, and its fix applied to the query when it has one. */
function warnings(query: string, model = labels, options = {}): string[] {
  return labelWarnings(query, model, options).flatMap((p) => [
    `${p.code} ${JSON.stringify(query.slice(p.start, p.end))} ${p.message}`,
    ...(p.fix ? [`fix "${p.fix.title}": ${query.slice(0, p.fix.start)}${p.fix.newText}${query.slice(p.fix.end)}`] : []),
  ]);
}

const SOURCES = 'labels here come from lb (benchmark_config.json), Alloy (pipeline.alloy), Kubernetes discovery (pipeline.alloy)';

describe('stream selectors', () => {
  test('labels every source produces pass', () => {
    assert.deepEqual(warnings('{namespace="airflow", dag_id="x", run_id=~"r.*", env="lab"}'), []);
  });

  test('an unknown label, with did-you-mean', () => {
    assert.deepEqual(warnings('{run_id="r", compnent="runner"}'), [
      `logql/unknown-label "compnent" no label source produces \`compnent\` (${SOURCES}): the selector matches no stream; did you mean \`component\`?`,
    ]);
  });

  test('a negative matcher on a label nobody sends matches every stream: no warning', () => {
    assert.deepEqual(warnings('{run_id="r", container!="istio-proxy"}'), []);
  });

  test("Loki's own labels and internal names are never reported", () => {
    assert.deepEqual(warnings('{service_name="web", __stream_shard__="1", k8s_pod_name="p"} | detected_level="error"'), []);
  });

  test('structured metadata in a selector: moved to a label filter after it', () => {
    assert.deepEqual(warnings('{namespace="airflow", try_number="1"} |= "x"'), [
      'logql/structured-metadata-in-selector "try_number" `try_number` reaches Loki as structured metadata (stage.structured_metadata in loki.process "airflow" (under stage.match {namespace="airflow"})), not as a stream label: a stream selector cannot match it, so this selects no stream; filter it after the selector: `| try_number="1"`',
      'fix "Move `try_number` to a label filter after the selector": {namespace="airflow"} | try_number="1" |= "x"',
    ]);
    assert.deepEqual(warnings('count_over_time({try_number=~"1|2", namespace="airflow"}[5m])').slice(1), [
      'fix "Move `try_number` to a label filter after the selector": count_over_time({namespace="airflow"} | try_number=~"1|2"[5m])',
    ]);
  });

  test('structured metadata alone in a selector: no fix (a selector needs a matcher)', () => {
    assert.equal(warnings('{try_number="1"}').length, 1);
  });

  test('Grafana variables as values and as label names are left alone', () => {
    assert.deepEqual(warnings('{namespace="$ns", $label="x"}'), []);
  });
});

describe('grouping', () => {
  test('an unknown `by` label, with did-you-mean; structured metadata may be grouped by', () => {
    assert.deepEqual(warnings('sum by (hots, try_number) (count_over_time({run_id="r"}[5m]))'), [
      `logql/unknown-label "hots" no label source produces \`hots\` (${SOURCES}): no series has it, so grouping by it changes nothing; did you mean \`host\`?`,
    ]);
  });

  test('after a parser the labels it extracts may be grouped by', () => {
    assert.deepEqual(warnings('sum by (status) (count_over_time({run_id="r"} | json [5m]))'), []);
  });
});

describe('when nothing tells which labels exist', () => {
  test('no source and no Loki: no warning', () => {
    assert.deepEqual(warnings('{anything="x"}', new WorkspaceLabels()), []);
  });

  test("Loki's names alone: unknown labels reported as unseen", () => {
    const model = new WorkspaceLabels();
    model.setLokiLabels(['app', 'job']);
    assert.deepEqual(warnings('{ap="x"}', model), [
      "logql/unknown-label \"ap\" no label source produces `ap` (labels here come from Loki's labels of the last 24 hours), and Loki has not seen it in the last 24 hours: the selector matches no stream; did you mean `app`?",
    ]);
  });

  test('a configured Loki that has not answered yet: no warning', () => {
    const model = new WorkspaceLabels();
    model.setDocument('/ws/p.alloy', 'loki.process "p" {\n  stage.labels {\n    values = { a = "" }\n  }\n  forward_to = []\n}\n');
    model.setLokiPending(true);
    assert.deepEqual(warnings('{b="x"}', model), []);
  });
});

describe('documents', () => {
  function diagnostics(file: string, text = fs.readFileSync(path.join(WORKSPACE, file), 'utf8')): string[] {
    const doc = TextDocument.create(`file://${path.join(WORKSPACE, file)}`, file.endsWith('.alloy') ? 'alloy' : '', 1, text);
    return validateDocument(doc, { labels }).diagnostics.map(
      (d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${JSON.stringify(doc.getText(d.range))}${d.data ? ` fix ${JSON.stringify((d.data as { fix: { newText: string } }).fix.newText)}` : ''}`,
    );
  }

  test('a dashboard: the fix written through JSON escapes', () => {
    assert.deepEqual(diagnostics('dashboards/airflow.json'), [
      'logql/structured-metadata-in-selector 10:75-10:85 "try_number" fix "{namespace=\\\\\\"airflow\\\\\\", dag_id=\\\\\\"$dag\\\\\\"} | try_number=\\\\\\"1\\\\\\""',
    ]);
  });

  test('a .logql file', () => {
    assert.deepEqual(diagnostics('queries/typo.logql'), ['logql/unknown-label 1:9-1:13 "hots"', 'logql/unknown-label 1:49-1:57 "compnent"']);
    assert.deepEqual(diagnostics('queries/airflow.logql'), []);
  });

  test('an Alloy stage.match selector: the warning without a fix', () => {
    const text = 'loki.process "q" {\n  stage.match {\n    selector = "{namespase=\\"airflow\\"}"\n    action   = "drop"\n  }\n  forward_to = []\n}\n';
    assert.deepEqual(diagnostics('match.alloy', text).filter((d) => d.startsWith('logql/')), ['logql/unknown-label 3:18-3:27 "namespase"']);
  });

  test('a stage.match selector in a ConfigMap: at its characters in the YAML', () => {
    const yaml = fs.readFileSync(path.join(FIXTURES, 'labels-configmap', 'alloy.yaml'), 'utf8');
    assert.deepEqual(diagnostics('alloy-configmap.yaml', yaml).filter((d) => d.startsWith('logql/')), ['logql/structured-metadata-in-selector 12:45-12:55 "try_number"']);
  });
});

describe('a label a pipeline only extracts', () => {
  const model = (file: string, text: string) => {
    const m = new WorkspaceLabels();
    m.setDocument(`/ws/${file}`, text);
    return m;
  };
  const ALLOY = [
    'loki.process "p" {',
    '  stage.json {',
    '    expressions = { dag_id = "", task = "task_id" }',
    '  }',
    '  stage.logfmt {',
    '    mapping = { run_id = "" }',
    '  }',
    '  stage.regex {',
    '    source     = "message"',
    '    expression = "try=(?P<try_number>\\\\d+)"',
    '  }',
    '  stage.static_labels {',
    '    values = { namespace = "airflow" }',
    '  }',
    '  forward_to = []',
    '}',
    '',
  ].join('\n');

  test('stage.json and stage.logfmt reading the line: the parser and a label filter after the selector, checked by Loki', () => {
    const m = model('p.alloy', ALLOY);
    assert.deepEqual(warnings('{namespace="airflow", dag_id="x"}', m), [
      'logql/extracted-not-label "dag_id" `dag_id` is only extracted by stage.json in loki.process "p" at p.alloy:3, and no stage makes it a label: a stream selector cannot match it, so this selects no stream; parse it after the selector: `| json | dag_id="x"`',
      'fix "Parse `dag_id` with `json` and filter it after the selector": {namespace="airflow"} | json | dag_id="x"',
    ]);
    assert.deepEqual(warnings('sum(count_over_time({run_id=~"r.*", namespace="airflow"} |= "x" [5m]))', m).slice(1), [
      'fix "Parse `run_id` with `logfmt` and filter it after the selector": sum(count_over_time({namespace="airflow"} | logfmt | run_id=~"r.*" |= "x" [5m]))',
    ]);
  });

  test('no fix where LogQL cannot extract the same way (a JMESPath expression, a stage reading an extracted field) or the matcher is alone', () => {
    const m = model('p.alloy', ALLOY);
    assert.deepEqual(warnings('{namespace="airflow", task="t"}', m), [
      'logql/extracted-not-label "task" `task` is only extracted by stage.json in loki.process "p" at p.alloy:3, and no stage makes it a label: a stream selector cannot match it, so this selects no stream; parse it after the selector and filter it there',
    ]);
    assert.equal(warnings('{namespace="airflow", try_number="1"}', m).length, 1);
    assert.equal(warnings('{dag_id="x"}', m).length, 1);
  });

  test("Promtail's regex stage: `| regexp` with the stage's own regex", () => {
    const m = model(
      'promtail.yaml',
      ['scrape_configs:', '  - job_name: a', '    pipeline_stages:', '      - regex:', "          expression: '(?P<dag_id>\\w+) done'", '      - static_labels:', '          app: af', ''].join('\n'),
    );
    assert.deepEqual(warnings('{app="af", dag_id="x"}', m).slice(1), ['fix "Parse `dag_id` with `regexp` and filter it after the selector": {app="af"} | regexp `(?P<dag_id>\\w+) done` | dag_id="x"']);
  });
});
