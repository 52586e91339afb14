// Loki's parser decides (issue 12): what the grammar refused although Loki accepts it is no error any more, and
// what the grammar let through although Loki refuses it is an error with Loki's message at Loki's position.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadLokiParser } from '../../core/logql/lokiParser';
import { validateLogQL } from '../../core/logql/validateQuery';

before(async () => assert.ok(await loadLokiParser()));

/** [severity, code, the query text the problem covers, message] of each problem. */
function problems(query: string): Array<[string, string, string, string]> {
  return validateLogQL(query).map((p) => [p.severity, p.code, query.slice(p.start, p.end), p.message]);
}

describe('no error where Loki accepts', () => {
  for (const query of [
    '{app="a"} | foo="x" bar!="y"',
    'max_over_time(({app="a"} | logfmt | unwrap foo)[5m])',
    '{app="a"} |= ip("10.0.0.1") or "text"',
    `{app="api"} |= "${'x'.repeat(5335 - 17)}"`,
    'sum(count_over_time({app="a"}[$__range])) / $__range_s',
    'sum(rate({app="a"}[5m])) * $__interval_ms / $__range_ms',
  ]) {
    test(query.length > 80 ? `${query.slice(0, 40)}... (${query.length} bytes)` : query, () => assert.deepEqual(problems(query), []));
  }

  test('label_replace with empty strings: a warning about the destination Loki checks only on data', () => {
    const query = 'label_replace(rate({app="a"}[5m]), "", "", "", "")';
    assert.deepEqual(problems(query), [['warning', 'logql/invalid-label-name', '""', '`` cannot be a label name: use letters, digits and `_`, not starting with a digit']]);
  });
});

describe("Loki's error where the grammar saw none, at Loki's position", () => {
  const cases: Array<[string, string, string]> = [
    ['sum(rate({app="a"}[5m])) or 1', 'sum(rate({app="a"}[5m])) or 1', 'Loki: unexpected literal for right leg of logical/set binary operation (or): 1.000000'],
    ['1 unless sum(rate({app="a"}[5m]))', '1 unless sum(rate({app="a"}[5m]))', 'Loki: unexpected literal for left leg of logical/set binary operation (unless): 1.000000'],
    ['approx_topk(2, count_over_time({app="a"}[5h])) by (foo)', 'approx_topk(2, count_over_time({app="a"}[5h])) by (foo)', 'Loki: grouping not allowed for approx_topk aggregation'],
    ['sum by (variants) (rate({app="a"}[5m]))', 'variants', 'Loki: syntax error: unexpected variants, expecting IDENTIFIER or )'],
    ['{app="a"} | of="x"', 'of', 'Loki: syntax error: unexpected of'],
    ['{app="a"} | logfmt x="a.b"', '| logfmt x="a.b"', 'Loki: stage \'| logfmt x="a.b"\' : cannot parse expression [a.b]: unexpected char .'],
    ['{app="a"} |= ip("1.1.1.1/40")', '|= ip("1.1.1.1/40")', 'Loki: stage \'|= ip("1.1.1.1/40")\' : ip: invalid pattern: "1.1.1.1/40"'],
    ['{app="a"} | json | bytes < 0B', '0B', 'Loki: decimal literal has no digits'],
    ['sum(rate({app="a"}[1y]))', 'sum(rate({app="a"}[1y]))', "Loki: the range [1y] is longer than Loki's default max_query_length (30d1h): a Loki with default limits refuses the query"],
  ];
  for (const [query, text, message] of cases) {
    test(query, () => assert.deepEqual(problems(query), [['error', 'logql/loki', text, message]]));
  }

  test('on the second line of a query, after a multi-byte character', () => {
    const query = '{app="é"}\n  | json | bytes < 0B';
    assert.deepEqual(problems(query), [['error', 'logql/loki', '0B', 'Loki: decimal literal has no digits']]);
  });
});

test("Grafana variables: an error at a variable's placeholder is left to its value, as Grafana does", () => {
  assert.deepEqual(problems('sum by ($groupby) (rate({app="a"}[$__auto]))'), []);
  assert.deepEqual(problems('{app="a"} | json | $filter'), []);
});
