// The validator's verdict equals Loki's own parser's (the WebAssembly build of pkg/logql/syntax) on every query
// of the public corpus: Loki's tests, docs and mixin dashboards at the version the tests run.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadLokiParser, lokiVerdict } from '../../core/logql/lokiParser';
import { validateLogQL } from '../../core/logql/validateQuery';
import { interpolate, loadCorpus } from '../fixtures/logql/corpus/corpus';
import { REPO_ROOT } from '../support/paths';

const corpus = loadCorpus(REPO_ROOT);

before(async () => assert.ok(await loadLokiParser()));

test('the corpus holds at least 1,000 public queries, Grafana-templated ones among them', () => {
  assert.ok(corpus.length >= 1000, `${corpus.length} queries`);
  assert.ok(corpus.some((e) => e.templated));
});

test("on every corpus query, the validator rejects exactly when Loki's parser does", () => {
  const disagreements: string[] = [];
  let rejected = 0;
  for (const e of corpus) {
    const loki = lokiVerdict(e.templated ? interpolate(e.query) : e.query)!;
    const errors = validateLogQL(e.query, { grafanaVariables: e.templated }).filter((p) => p.severity === 'error');
    if (!loki.ok) rejected++;
    if (loki.ok !== (errors.length === 0)) {
      disagreements.push(`${e.source}: Loki ${loki.ok ? 'accepts' : `rejects (${loki.error})`}, we ${errors.length ? `reject (${errors[0].message})` : 'accept'}: ${e.query}`);
    }
  }
  console.log(`corpus: ${corpus.length} queries, Loki's parser rejects ${rejected}, disagreements ${disagreements.length}`);
  assert.deepEqual(disagreements, []);
});
