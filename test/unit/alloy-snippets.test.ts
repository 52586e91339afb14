// Each snippet of snippets/alloy.json, accepted as inserted (placeholders at their text), is a configuration
// the checks find nothing wrong with: no error, no warning, not even a hint.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { checkAlloy } from '../../core/alloy/check';
import { loadAlloyParser } from '../../core/alloy/syntaxWasm';
import { REPO_ROOT } from '../support/paths';

const snippets: Record<string, { prefix: string; body: string[] }> = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets', 'alloy.json'), 'utf8'));

before(async () => {
  assert.equal(await loadAlloyParser(), true);
});

test('the Airflow, lb JSONL and Flyte snippets are there', () => {
  assert.deepEqual(Object.values(snippets).map((s) => s.prefix).sort(), ['alloy-airflow', 'alloy-flyte', 'alloy-lb-jsonl']);
});

for (const [name, snippet] of Object.entries(snippets)) {
  test(`${name}: clean when accepted as inserted`, () => {
    const text = snippet.body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '') + '\n';
    assert.deepEqual(checkAlloy(text).problems.map((p) => `${p.code} ${text.slice(p.start, p.end)}: ${p.message}`), []);
  });
}

test('the lb JSONL snippet keeps lb’s push labels as labels, so the product’s run links find its streams', () => {
  const text = snippets['Alloy: lb JSONL run logs pipeline'].body.join('\n');
  const labels = /stage\.labels \{\n\s+values = \{\n([\s\S]*?)\n\s+\}/.exec(text)![1];
  assert.deepEqual(
    [...labels.matchAll(/(\w+)\s+=/g)].map((m) => m[1]),
    ['component', 'host', 'run_id', 'workload', 'package', 'plugin', 'scenario', 'repetition', 'phase'],
  );
});
