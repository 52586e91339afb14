// LogQL diagnostics through the real language server: the valid corpus is clean, every invalid query gets its
// error at the exact range, and LogQL embedded in a dashboard (nested row panel, JSON escapes before the error)
// and in alert rule YAML (every quoting style) gets its diagnostic at the exact characters; quick fixes apply.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { parse as parseYaml } from 'yaml';
import { LspClient } from '../support/lspClient';
import { FIXTURES } from '../support/paths';
import { applyTextEdits, rangeOfText } from '../support/textRanges';

interface InvalidCase {
  query: string;
  code: string;
  range: [number, number];
  message: string;
  /** Loki's parser accepts it (it fails only on data): a warning. */
  lokiAccepts?: string;
}

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, 'logql', name), 'utf8');

let client: LspClient;
let counter = 0;
before(async () => {
  client = await LspClient.start();
});
after(() => client.stop());

const uri = (name: string) => `file:///tmp/lb-obs-logql-${process.pid}-${++counter}/${name}`;

async function quickFix(docUri: string, diagnostic: Diagnostic): Promise<CodeAction> {
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: docUri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  assert.equal(actions.length, 1, `one quick fix for ${diagnostic.code}`);
  return actions[0];
}

test('the valid corpus (at least 150 queries, one .logql file) has no diagnostic', async () => {
  const text = fixture('valid.logql');
  assert.ok(text.split(/\n\s*\n/).filter((b) => b.split('\n').some((l) => l.trim() && !l.trim().startsWith('#'))).length >= 150);
  assert.deepEqual(await client.open(uri('valid.logql'), 'logql', text), []);
});

describe('each invalid query, alone in a .logql file, gets its error at the exact range', () => {
  const cases: InvalidCase[] = JSON.parse(fixture('invalid.json'));
  // A blank query cannot be written as a block of a .logql file; the CLI and unit tests cover it.
  for (const c of cases.filter((c) => c.query.trim() !== '')) {
    test(JSON.stringify(c.query), async () => {
      const diagnostics = await client.open(uri('q.logql'), 'logql', c.query);
      const first = diagnostics.find((d) => d.severity === (c.lokiAccepts ? 2 : 1));
      assert.ok(first, `an ${c.lokiAccepts ? 'warning' : 'error'} diagnostic`);
      assert.deepEqual(
        { code: first.code, source: first.source, range: first.range, message: first.message },
        {
          code: c.code,
          source: 'lb-obs',
          range: { start: { line: 0, character: c.range[0] }, end: { line: 0, character: c.range[1] } },
          message: c.message,
        },
      );
    });
  }
});

test("a query only Loki's own parser refuses gets Loki's message at Loki's position", async () => {
  const text = '# reserved in Loki 3.7\nsum by (variants) (rate({app="a"}[5m]))\n\n{app="a"} | logfmt x="a.b"\n';
  const diagnostics = await client.open(uri('loki.logql'), 'logql', text);
  assert.deepEqual(
    diagnostics.map((d) => [d.severity, d.code, d.range, d.message]),
    [
      [1, 'logql/loki', rangeOfText(text, 'variants'), 'Loki: syntax error: unexpected variants, expecting IDENTIFIER or )'],
      [1, 'logql/loki', rangeOfText(text, '| logfmt x="a.b"'), 'Loki: stage \'| logfmt x="a.b"\' : cannot parse expression [a.b]: unexpected char .'],
    ],
  );
});

describe('a Grafana dashboard', () => {
  const text = fixture('dashboard-nested-row.json');
  let docUri: string;
  let diagnostics: Diagnostic[];
  before(async () => {
    docUri = uri('lb-run-logs.json');
    diagnostics = await client.open(docUri, 'json', text);
  });

  test('the broken regex of a query in a collapsed row is marked at its characters in the JSON string', () => {
    const regex = diagnostics.find((d) => d.code === 'logql/invalid-regex');
    assert.ok(regex);
    // The query's JSON string has \t, \" and \u00e9 escapes before the error.
    assert.deepEqual(regex.range, rangeOfText(text, '(?='));
    assert.equal(regex.message, 'invalid regex for Loki (RE2 syntax): invalid or unsupported Perl syntax `(?=`; lookahead assertions are not supported by RE2');
  });

  test('`| count by (component)` in a nested panel is explained, and its quick fix writes a JSON-escaped metric query', async () => {
    const aggregation = diagnostics.find((d) => d.code === 'logql/aggregation-on-logs');
    assert.ok(aggregation);
    assert.deepEqual(aggregation.range, rangeOfText(text, '| count by (component)'));
    const action = await quickFix(docUri, aggregation);
    const fixed = JSON.parse(applyTextEdits(text, action.edit!.changes![docUri]));
    assert.equal(fixed.panels[1].panels[1].targets[0].expr, 'sum by (component) (count_over_time({run_id=~"$run_id"} |= "ERROR" | json [$__auto]))');
  });

  test('the Prometheus panel and the valid Loki variable are not reported', () => {
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['logql/aggregation-on-logs', 'logql/invalid-regex']);
  });
});

describe('alert rule YAML in every quoting style', () => {
  const text = fixture('alert-rules.yaml');
  let docUri: string;
  let diagnostics: Diagnostic[];
  before(async () => {
    docUri = uri('alerting.yaml');
    diagnostics = await client.open(docUri, 'yaml', text);
  });

  test('each style gets its diagnostic at the exact characters', () => {
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range]),
      [
        ['logql/empty-line-filter', rangeOfText(text, '|=', 0)],
        ['logql/single-quotes', rangeOfText(text, "''runner''")],
        ['logql/invalid-regex', rangeOfText(text, '(?!')],
        ['logql/unknown-stage', rangeOfText(text, 'jsonn')],
      ],
    );
  });

  test('quick fixes keep the YAML valid and give the intended queries', async () => {
    let current = text;
    for (const code of ['logql/empty-line-filter', 'logql/single-quotes', 'logql/unknown-stage']) {
      const diagnostic = diagnostics.find((d) => d.code === code)!;
      const action = await quickFix(docUri, diagnostic);
      current = applyTextEdits(text, action.edit!.changes![docUri]);
      const rules = parseYaml(current).groups[0].rules;
      const exprs = rules.map((r: { data: Array<{ model: { expr?: string } }> }) => r.data[0].model.expr);
      const expected: Record<string, [number, string]> = {
        'logql/empty-line-filter': [0, 'sum(count_over_time({component="runner"} [5m])) > 0'],
        'logql/single-quotes': [1, 'sum(count_over_time({component="runner"} |= "it\'s" [5m])) > 0'],
        'logql/unknown-stage': [3, 'sum by (host) (\n  count_over_time({component="runner"} | json [5m])\n) > 0\n'],
      };
      const [index, expr] = expected[code];
      assert.equal(exprs[index], expr, code);
    }
  });
});
