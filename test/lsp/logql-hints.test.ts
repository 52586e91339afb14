// Query hints as code actions and Explain as hover, through the real language server without a Loki: hints come
// from lb's schema (lb streams) and the query itself; every edited query passes the validator.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { loadLokiParser } from '../../core/logql/lokiParser';
import { validateLogQL } from '../../core/logql/validateQuery';
import { LspClient } from '../support/lspClient';
import { applyTextEdits, positionAt } from '../support/textRanges';

let client: LspClient;
let counter = 0;
before(async () => {
  assert.ok(await loadLokiParser());
  client = await LspClient.start({ env: { LB_OBS_LOKI_URL: '' } });
});
after(() => client.stop());

/** The hint actions at `at` in a document, each as [title, kind, edited text]. */
async function hints(text: string, at: number, name = 'q.logql', language = 'logql', only?: string[]): Promise<Array<[string, string, string]>> {
  const uri = `file:///tmp/lb-obs-hints-${process.pid}-${++counter}-${name}`;
  await client.open(uri, language, text);
  const position = positionAt(text, at);
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: position, end: position },
    context: { diagnostics: [], only },
  });
  return actions.map((a) => {
    const edits = a.edit!.changes![uri];
    assert.equal(edits.length, 1);
    return [a.title, a.kind!, applyTextEdits(text, [edits[0]])];
  });
}

function assertValid(queries: string[]): void {
  for (const q of queries) assert.deepEqual(validateLogQL(q).filter((p) => p.severity !== 'information'), [], q);
}

describe('hints in .logql files without a Loki', () => {
  test('an lb stream: json by lb schema, level and phase filters, metric wraps', async () => {
    const actions = await hints('{run_id="run-1"}\n', 3);
    assert.deepEqual(actions, [
      ['Add | json: lines of this stream are JSON (lb records), by lb\'s schema', 'quickfix', '{run_id="run-1"} | json\n'],
      ['Filter errors only (lb\'s levels are DEBUG, INFO, WARNING, ERROR, CRITICAL): | json | level=~"ERROR|CRITICAL"', 'refactor.rewrite', '{run_id="run-1"} | json | level=~"ERROR|CRITICAL"\n'],
      ['Filter warnings and errors: | json | level=~"WARNING|ERROR|CRITICAL"', 'refactor.rewrite', '{run_id="run-1"} | json | level=~"WARNING|ERROR|CRITICAL"\n'],
      ['Filter the setup phase (lb\'s tags.phase): | json | tags_phase="setup"', 'refactor.rewrite', '{run_id="run-1"} | json | tags_phase="setup"\n'],
      ['Filter the teardown phase (lb\'s tags.phase): | json | tags_phase="teardown"', 'refactor.rewrite', '{run_id="run-1"} | json | tags_phase="teardown"\n'],
      ['Wrap in count_over_time(... [5m]): lines per stream in each 5m window, for a metric panel', 'refactor.rewrite', 'count_over_time({run_id="run-1"} [5m])\n'],
      ['Wrap in rate(... [5m]): lines per second per stream, for a metric panel', 'refactor.rewrite', 'rate({run_id="run-1"} [5m])\n'],
    ]);
    assertValid(actions.map(([, , text]) => text.trim()));
  });

  test('an lb stream already parsed: the filter goes after the parser; sum by (level) is offered', async () => {
    const actions = await hints('{component="runner"} | json | level="ERROR"', 0);
    assert.deepEqual(actions.map(([title]) => title), [
      'Add |= "ERROR" before | json: only lines containing "ERROR" can have level="ERROR", and filtering them first spares parsing the others',
      'Filter the setup phase (lb\'s tags.phase): | tags_phase="setup"',
      'Filter the teardown phase (lb\'s tags.phase): | tags_phase="teardown"',
      'Wrap in count_over_time(... [5m]): lines per stream in each 5m window, for a metric panel',
      'Wrap in rate(... [5m]): lines per second per stream, for a metric panel',
      'Wrap in sum by (level) (count_over_time(... [5m])): lines per level, for a metric panel',
    ]);
    assert.equal(actions[0][2], '{component="runner"} |= "ERROR" | json | level="ERROR"');
    assert.equal(actions[1][2], '{component="runner"} | json | tags_phase="setup" | level="ERROR"');
    assert.equal(actions[5][2], 'sum by (level) (count_over_time({component="runner"} | json | level="ERROR" [5m]))');
    assertValid(actions.map(([, , text]) => text));
  });

  test('a regex line filter without regex characters becomes |= (and !~ becomes !=); a real regex stays', async () => {
    const actions = await hints('{app="api"} |~ "timeout" !~ "health check" |~ "err.r"', 0);
    assert.deepEqual(actions.slice(0, 2), [
      ['Use |= "timeout": the pattern has no regex characters, and a plain string match is faster', 'refactor.rewrite', '{app="api"} |= "timeout" !~ "health check" |~ "err.r"'],
      ['Use != "health check": the pattern has no regex characters, and a plain string match is faster', 'refactor.rewrite', '{app="api"} |~ "timeout" != "health check" |~ "err.r"'],
    ]);
    assert.equal(actions.length, 4, 'and the two metric wraps');
    assertValid(actions.map(([, , text]) => text));
  });

  test('no parser hint for a stream lb does not write without a sample; no line filter for a stream label', async () => {
    const titles = (await hints('{app="api"} | json | host="web-1" | job="nightly"', 0)).map(([title]) => title);
    assert.ok(!titles.some((t) => t.startsWith('Add | ')));
    assert.ok(!titles.some((t) => t.includes('"web-1"')), 'host is a stream label: the line need not contain it');
    assert.ok(titles.includes('Add |= "nightly" before | json: only lines containing "nightly" can have job="nightly", and filtering them first spares parsing the others'));
  });

  test('a query with an error gets no hints; `only` limits the kinds', async () => {
    assert.deepEqual(await hints('{run_id="run-1"} | json |', 0), []);
    const quickfixes = await hints('{run_id="run-1"}', 0, 'only.logql', 'logql', ['quickfix']);
    assert.deepEqual(quickfixes.map(([, kind]) => kind), ['quickfix']);
  });
});

describe('hints in dashboards', () => {
  test('edits are JSON-escaped in place and ranges use $__auto', async () => {
    const text = '{"panels": [{"datasource": {"type": "loki"}, "targets": [{"expr": "{run_id=\\"run-1\\"}"}]}]}';
    const actions = await hints(text, text.indexOf('run_id'), 'dash.json', 'json');
    const byTitle = new Map(actions.map(([title, , edited]) => [title, edited]));
    assert.equal(byTitle.get('Add | json: lines of this stream are JSON (lb records), by lb\'s schema'), text.replace('\\"}"', '\\"} | json"'));
    const level = byTitle.get('Filter errors only (lb\'s levels are DEBUG, INFO, WARNING, ERROR, CRITICAL): | json | level=~"ERROR|CRITICAL"')!;
    assert.equal(JSON.parse(level).panels[0].targets[0].expr, '{run_id="run-1"} | json | level=~"ERROR|CRITICAL"');
    const rate = byTitle.get('Wrap in rate(... [$__auto]): lines per second per stream, for a metric panel')!;
    assert.equal(JSON.parse(rate).panels[0].targets[0].expr, 'rate({run_id="run-1"} [$__auto])');
    for (const edited of byTitle.values()) assert.deepEqual(validateLogQL(JSON.parse(edited).panels[0].targets[0].expr, { defaultRange: '$__auto' }), []);
  });
});

describe('hints in rule files', () => {
  test('edits in a double-quoted YAML scalar are escaped; metric queries get parser and filter hints, no wraps', async () => {
    const text = 'groups:\n  - name: g\n    rules:\n      - alert: Timeouts\n        expr: "sum(rate({run_id=\\"r\\"} |~ \\"timeout\\" [5m])) > 1"\n';
    const actions = await hints(text, text.indexOf('run_id'), 'rules.yaml', 'yaml');
    const exprs = actions.map(([title, , edited]) => [title, parse(edited).groups[0].rules[0].expr as string]);
    assert.deepEqual(exprs, [
      ["Add | json: lines of this stream are JSON (lb records), by lb's schema", 'sum(rate({run_id="r"} |~ "timeout" | json [5m])) > 1'],
      ['Use |= "timeout": the pattern has no regex characters, and a plain string match is faster', 'sum(rate({run_id="r"} |= "timeout" [5m])) > 1'],
      ["Filter errors only (lb's levels are DEBUG, INFO, WARNING, ERROR, CRITICAL): | json | level=~\"ERROR|CRITICAL\"", 'sum(rate({run_id="r"} |~ "timeout" | json | level=~"ERROR|CRITICAL" [5m])) > 1'],
      ['Filter warnings and errors: | json | level=~"WARNING|ERROR|CRITICAL"', 'sum(rate({run_id="r"} |~ "timeout" | json | level=~"WARNING|ERROR|CRITICAL" [5m])) > 1'],
      ["Filter the setup phase (lb's tags.phase): | json | tags_phase=\"setup\"", 'sum(rate({run_id="r"} |~ "timeout" | json | tags_phase="setup" [5m])) > 1'],
      ["Filter the teardown phase (lb's tags.phase): | json | tags_phase=\"teardown\"", 'sum(rate({run_id="r"} |~ "timeout" | json | tags_phase="teardown" [5m])) > 1'],
    ]);
    for (const [, expr] of exprs) assert.deepEqual(validateLogQL(expr, { grafanaVariables: false }), [], expr);
  });
});

describe('Explain', () => {
  test('hover on the first character explains each step; elsewhere the usual hover', async () => {
    const text = 'sum by (level) (count_over_time({run_id="run-1"} |= "fio" | json | level=~"ERROR|CRITICAL" [5m]))\n';
    const uri = `file:///tmp/lb-obs-hints-${process.pid}-explain.logql`;
    await client.open(uri, 'logql', text);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, 0) });
    assert.deepEqual(hover.range, { start: positionAt(text, 0), end: positionAt(text, 1) });
    assert.equal(
      (hover.contents as { value: string }).value,
      [
        '**Explain**',
        '',
        '1. `{run_id="run-1"}` — Picks the streams whose labels satisfy all of: `run_id` equals `run-1`.',
        '2. `|= "fio"` — Keeps lines that contain the string (case-sensitive). Here: `"fio"`.',
        '3. `| json` — Extracts the fields of a JSON log line as labels (nested keys joined with `_`); `json a="path.to.field"` extracts only the listed fields. Lines it cannot parse get an `__error__` label.',
        '4. `| level=~"ERROR|CRITICAL"` — Keeps the lines whose labels satisfy `level=~"ERROR|CRITICAL"` (regexes are anchored at both ends).',
        '5. `count_over_time(... [5m])` — Number of log lines per stream in each range window. The window is 5 minutes, evaluated at every step of the graph.',
        '6. `sum by (level) (...)` — ' + 'SUM_DOC' + ' One series per distinct value of the labels in `by (level)`.',
      ].join('\n').replace('SUM_DOC', (await import('../../core/logql/catalog')).vectorOperator('sum')!.doc),
    );
    const other = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('json') + 1) });
    assert.match((other.contents as { value: string }).value, /^\*\*json\*\* — pipeline stage/);
  });
});
