// LogQL inside other documents: which strings are LogQL (datasource detection), and that every character of
// a decoded query maps back to its exact place through JSON escapes and each YAML quoting style; edits are
// written back in the host's own escaping.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument, isScalar, visit, Scalar } from 'yaml';
import { classifyDocument } from '../../core/documents/kind';
import { dashboardQueries } from '../../core/logql/embedded/dashboardQueries';
import type { EmbeddedQuery } from '../../core/logql/embedded/embeddedQuery';
import { logqlFileQueries } from '../../core/logql/embedded/logqlFile';
import { provisioningQueries } from '../../core/logql/embedded/provisioningQueries';
import { yamlScalarQuery } from '../../core/logql/embedded/yamlScalar';

/** Every visible character of the query is the same character at its document offset. */
function assertCharactersMapped(document: string, query: EmbeddedQuery, decodedElsewhere = new Set<number>()): void {
  assert.ok(query.exact, 'the query should be mapped exactly');
  for (let i = 0; i < query.text.length; i++) {
    const c = query.text[i];
    if (/\s/.test(c) || decodedElsewhere.has(i)) continue;
    assert.equal(document[query.toDocument(i)], c, `character ${i} (${JSON.stringify(c)}) of ${JSON.stringify(query.text)}`);
  }
}

function applyEdit(document: string, edit: { start: number; end: number; newText: string }): string {
  return document.slice(0, edit.start) + edit.newText + document.slice(edit.end);
}

describe('.logql files', () => {
  test('one query per blank-line separated block; leading comment lines are not part of it, trailing blanks are', () => {
    const text = '# errors\n{app="api"} |= "error"\n\n# a metric\n# over two comment lines\nsum by (level) (\n  count_over_time({app="api"}[5m])\n)\n\n\n# only a comment\n\n  {app="web"}  \n';
    const queries = logqlFileQueries(text);
    assert.deepEqual(queries.map((q) => q.text), ['{app="api"} |= "error"', 'sum by (level) (\n  count_over_time({app="api"}[5m])\n)', '{app="web"}  ']);
    for (const q of queries) assert.equal(text.slice(q.toDocument(0), q.toDocument(q.text.length)), q.text);
  });
});

describe('Grafana dashboards', () => {
  const dashboard = JSON.stringify(
    {
      __inputs: [{ name: 'DS_LOKI', type: 'datasource', pluginId: 'loki' }],
      templating: {
        list: [
          { name: 'ds', type: 'datasource', query: 'loki' },
          { name: 'host', type: 'query', datasource: { type: 'loki', uid: '${ds}' }, query: 'label_values({app="api"}, host)' },
          { name: 'pod', type: 'query', datasource: '${ds}', query: { type: 1, label: 'pod', stream: '{app="api"}' } },
        ],
      },
      annotations: { list: [{ name: 'deploys', datasource: { type: 'loki', uid: 'L1' }, expr: '{app="deployer"} |= "deployed"' }] },
      panels: [
        { type: 'timeseries', datasource: { type: 'prometheus', uid: 'P1' }, targets: [{ expr: 'rate(http_requests_total{job=~".*"}[5m])' }] },
        { type: 'logs', datasource: { type: 'loki', uid: 'L1' }, targets: [{ refId: 'A', expr: '{app="a"}' }] },
        { type: 'logs', datasource: { uid: 'L1' }, targets: [{ refId: 'A', expr: '{app="by-uid"}' }] },
        { type: 'logs', datasource: '${DS_LOKI}', targets: [{ refId: 'A', expr: '{app="by-input"}' }] },
        { type: 'logs', datasource: 'Loki', targets: [{ refId: 'A', expr: '{app="by-name"}' }] },
        { type: 'logs', datasource: { type: 'datasource', uid: '-- Mixed --' }, targets: [
          { refId: 'A', datasource: { type: 'loki', uid: 'L1' }, expr: '{app="mixed-loki"}' },
          { refId: 'B', datasource: { type: 'prometheus', uid: 'P1' }, expr: 'up{job="x"}' },
        ] },
        { type: 'row', collapsed: true, panels: [{ type: 'logs', datasource: { type: 'loki', uid: 'L1' }, targets: [{ expr: '{app="nested"}' }] }] },
        { type: 'timeseries', targets: [{ expr: 'sum(rate({app="unknown-ds"} |= "x" [5m]))' }, { expr: 'up' }] },
      ],
      rows: [{ panels: [{ datasource: 'loki', targets: [{ expr: '{app="legacy-row"}' }] }] }],
    },
    null,
    2,
  );

  test('finds the LogQL of Loki targets, rows, annotations and variables, and nothing of Prometheus', () => {
    assert.deepEqual(dashboardQueries(dashboard).map((q) => q.text).sort(), [
      'sum(rate({app="unknown-ds"} |= "x" [5m]))',
      '{app="a"}',
      '{app="api"}',
      '{app="api"}',
      '{app="by-input"}',
      '{app="by-name"}',
      '{app="by-uid"}',
      '{app="deployer"} |= "deployed"',
      '{app="legacy-row"}',
      '{app="mixed-loki"}',
      '{app="nested"}',
    ]);
  });

  test('the dashboard wrapper of the HTTP API (`{"dashboard": {...}}`) is understood', () => {
    const wrapped = `{"dashboard": ${dashboard}, "overwrite": true}`;
    assert.equal(dashboardQueries(wrapped).length, 11);
  });

  test('characters map through JSON escapes, and edits are written JSON-escaped', () => {
    const text = '{"panels": [{"datasource": {"type": "loki"}, "targets": [{"expr": "{app=\\"x\\", msg=~\\"tab\\\\there\\\\u00e9\\"} |= \\"\\u00e9\\" |~ \\"a(?=b)\\""}]}]}';
    const [query] = dashboardQueries(text);
    assert.equal(query.text, '{app="x", msg=~"tab\\there\\u00e9"} |= "é" |~ "a(?=b)"');
    const decoded = new Set([...query.text].map((c, i) => (c === '"' || c === '\\' || c === 'é' ? i : -1)).filter((i) => i >= 0));
    assertCharactersMapped(text, query, decoded);
    const at = query.text.indexOf('(?=');
    assert.equal(text.slice(query.toDocument(at), query.toDocument(at + 3)), '(?=');
    const edit = query.edit(0, query.text.indexOf('}') + 1, '{app="y"}');
    assert.equal(JSON.parse(applyEdit(text, edit)).panels[0].targets[0].expr, '{app="y"} |= "é" |~ "a(?=b)"');
  });
});

describe('YAML scalars in every style', () => {
  const source = [
    'plain: sum(count_over_time({app="x"} |= "a"',
    '  [5m]))',
    "single: 'sum(count_over_time({app=''x''}",
    "  |= \"a\" [5m]))'",
    'double: "sum(count_over_time({app=\\"x\\"} |= \\"\\\\\\\\d\\u00e9\\"',
    '  [5m]))"',
    'literal: |',
    '  sum by (host) (',
    '    count_over_time({app="x"} |= "a" [5m])',
    '  )',
    'folded: >-',
    '  sum by (host) (count_over_time({app="x"}',
    '  |= "a" [5m]))',
    'strip: |-',
    '    {app="x"}',
    '      |= "indented"',
    '',
  ].join('\n');
  const doc = parseDocument(source, { keepSourceTokens: true });
  const scalars = new Map<string, Scalar>();
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && isScalar(pair.value)) scalars.set(String(pair.key.value), pair.value);
    },
  });

  for (const style of ['plain', 'single', 'double', 'literal', 'folded', 'strip']) {
    test(`${style}: the decoded value is the parsed value and every character maps to its source`, () => {
      const scalar = scalars.get(style)!;
      const query = yamlScalarQuery(scalar, {})!;
      assert.equal(query.text, scalar.value);
      const decoded = new Set<number>();
      if (style === 'single') decoded.add(query.text.indexOf("'")).add(query.text.lastIndexOf("'"));
      if (style === 'double') [...query.text].forEach((c, i) => (c === '"' || c === '\\' || c === 'é') && decoded.add(i));
      assertCharactersMapped(source, query, decoded);
    });
  }

  test('edits keep each style valid and read back as the intended query', () => {
    for (const style of ['plain', 'single', 'double', 'literal', 'folded', 'strip']) {
      const scalar = scalars.get(style)!;
      const query = yamlScalarQuery(scalar, {})!;
      const at = query.text.indexOf('{app=');
      const end = query.text.indexOf('}', at) + 1;
      const replacement = `{app="y", msg='it''s'}`;
      const edited = applyEdit(source, query.edit(at, end, replacement));
      const expected = query.text.slice(0, at) + replacement + query.text.slice(end);
      assert.equal(parseDocument(edited).get(style), expected, style);
    }
  });
});

describe('provisioning and alert rule YAML', () => {
  test('Grafana alert rules: Loki model exprs only; Loki ruler rules: LogQL-looking exprs only', () => {
    const alerting = [
      'apiVersion: 1',
      'datasources:',
      '  - name: Logs',
      '    type: loki',
      '    uid: logs-uid',
      'groups:',
      '  - name: g',
      '    rules:',
      '      - title: by type',
      '        data:',
      '          - refId: A',
      '            datasourceUid: whatever',
      '            model: {datasource: {type: loki, uid: whatever}, expr: "count_over_time({app=\\"a\\"}[5m])"}',
      '          - refId: B',
      '            datasourceUid: logs-uid',
      "            model: {expr: 'count_over_time({app=\"b\"}[5m])'}",
      '          - refId: C',
      '            datasourceUid: prom',
      '            model: {datasource: {type: prometheus}, expr: "rate(x[5m])"}',
      '          - refId: D',
      '            datasourceUid: __expr__',
      '            model: {expression: A, type: threshold}',
      '      - alert: LokiRuler',
      '        expr: sum(rate({app="c"} |= "error" [5m])) > 1',
      '      - alert: PromRuler',
      '        expr: sum(rate(http_requests_total[5m])) > 1',
      '',
    ].join('\n');
    assert.deepEqual(provisioningQueries(alerting).map((q) => q.text), [
      'count_over_time({app="a"}[5m])',
      'count_over_time({app="b"}[5m])',
      'sum(rate({app="c"} |= "error" [5m])) > 1',
    ]);
  });
});

describe('recognising the files by content', () => {
  test('a dashboard of the old rows layout, and rule files without apiVersion', () => {
    const rowsOnly = '{"title": "old", "rows": [{"panels": [{"datasource": "Loki", "targets": [{"expr": "{app=\\"x\\"} |= \\"y\\""}]}]}]}';
    assert.equal(classifyDocument('file:///d/old-dashboard.json', rowsOnly), 'grafana-dashboard');
    assert.deepEqual(dashboardQueries(rowsOnly).map((q) => q.text), ['{app="x"} |= "y"']);
    const ruler = 'groups:\n  - name: lb\n    rules:\n      - alert: Errors\n        expr: sum(rate({app="x"} |= "error" [5m])) > 0\n';
    assert.equal(classifyDocument('file:///r/rules.yaml', ruler), 'grafana-provisioning');
    const prometheus = 'groups:\n  - name: node\n    rules:\n      - alert: Down\n        expr: up == 0\n';
    assert.equal(classifyDocument('file:///r/prom.yml', prometheus), 'grafana-provisioning');
    assert.deepEqual(provisioningQueries(prometheus), []);
  });
});
