// The LogQL snippets, accepted with their default text, are valid LogQL (Grafana variables allowed).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { loadLokiParser } from '../../core/logql/lokiParser';
import { validateLogQL } from '../../core/logql/validateQuery';
import { REPO_ROOT } from '../support/paths';

// Validation as it ships: Loki's own parser loaded.
before(async () => assert.ok(await loadLokiParser()));

const snippets: Record<string, { prefix: string; body: string[] }> = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets', 'logql.json'), 'utf8'));

/** The text after pressing Tab through the snippet: placeholders (nested ones too) at their defaults. */
function accept(body: string): string {
  let text = body;
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\$\{\d+:((?:\\.|[^${}\\])*)\}/g, '$1');
  }
  return text.replace(/\$\d+/g, '').replace(/\\(.)/g, '$1');
}

test('there are snippets for a run, errors by component, Airflow, Flyte and log volume', () => {
  assert.deepEqual(Object.values(snippets).map((s) => s.prefix), [
    'lb-run-logs',
    'lb-errors-by-component',
    'airflow-dag-logs',
    'airflow-dag-logs-line-filter',
    'flyte-all-workflow-logs',
    'log-volume-by-level',
  ]);
});

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet "${name}" with its defaults is valid LogQL`, () => {
    const query = accept(snippet.body.join('\n'));
    assert.deepEqual(validateLogQL(query), [], query);
  });
}

test('the Flyte snippet selects all pods of the execution, with no empty line filter', () => {
  assert.equal(accept(snippets['Flyte execution: all workflow logs'].body.join('\n')), '{app=~"execution_id.*"}');
});
