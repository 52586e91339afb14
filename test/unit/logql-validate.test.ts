// validateLogQL in-process: the invalid corpus (exact code, range and message of the first error), the fixes
// it offers, and the options (plain Loki LogQL, log queries only).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { logqlFileQueries } from '../../core/logql/embedded/logqlFile';
import { loadLokiParser } from '../../core/logql/lokiParser';
import { validateLogQL } from '../../core/logql/validateQuery';
import { FIXTURES } from '../support/paths';

interface InvalidCase {
  query: string;
  code: string;
  range: [number, number];
  text: string;
  message: string;
  /** Why Loki's parser accepts it although the query fails at run time: reported as a warning. */
  lokiAccepts?: string;
}

const invalid: InvalidCase[] = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'logql', 'invalid.json'), 'utf8'));
const valid = logqlFileQueries(fs.readFileSync(path.join(FIXTURES, 'logql', 'valid.logql'), 'utf8'));

before(async () => assert.ok(await loadLokiParser()));

test('the corpora are large enough: at least 150 valid and 60 invalid queries', () => {
  assert.ok(valid.length >= 150, `${valid.length} valid queries`);
  assert.ok(invalid.length >= 60, `${invalid.length} invalid queries`);
});

test('every valid query gives no problem at all', () => {
  const failures = valid.map((q) => ({ query: q.text, problems: validateLogQL(q.text) })).filter((r) => r.problems.length > 0);
  assert.deepEqual(failures, []);
});

describe('every invalid query gives its error at the exact range with the expected message', () => {
  for (const c of invalid) {
    test(JSON.stringify(c.query), () => {
      const errors = validateLogQL(c.query).filter((p) => p.severity === (c.lokiAccepts ? 'warning' : 'error'));
      assert.ok(errors.length > 0, 'no error reported');
      const first = errors[0];
      assert.deepEqual(
        { code: first.code, range: [first.start, first.end], text: c.query.slice(first.start, first.end), message: first.message },
        { code: c.code, range: c.range, text: c.text, message: c.message },
      );
    });
  }
});

test('every offered fix removes the problem it was offered for', () => {
  let fixes = 0;
  for (const c of invalid) {
    const problems = validateLogQL(c.query);
    for (const problem of problems) {
      if (!problem.fix) continue;
      fixes++;
      const fixed = c.query.slice(0, problem.fix.start) + problem.fix.newText + c.query.slice(problem.fix.end);
      const count = (ps: typeof problems) => ps.filter((p) => p.code === problem.code).length;
      assert.equal(count(validateLogQL(fixed)), count(problems) - 1, `fix "${problem.fix.title}" of ${c.query} gave ${fixed}`);
    }
  }
  assert.ok(fixes >= 20, `only ${fixes} fixes offered`);
});

test('the fix for `| count by (x)` on a log stream is a sum of count_over_time with the default range', () => {
  const query = '{app="api"} |= "error" | json | count by (level)';
  const [problem] = validateLogQL(query);
  assert.equal(problem.code, 'logql/aggregation-on-logs');
  const fixed = query.slice(0, problem.fix!.start) + problem.fix!.newText + query.slice(problem.fix!.end);
  assert.equal(fixed, 'sum by (level) (count_over_time({app="api"} |= "error" | json [5m]))');
  const [inGrafana] = validateLogQL(query, { defaultRange: '$__auto' });
  assert.equal(inGrafana.fix!.newText, 'sum by (level) (count_over_time({app="api"} |= "error" | json [$__auto]))');
  assert.deepEqual(validateLogQL(inGrafana.fix!.newText), []);
});

test('the empty trailing line filter is explained and its fix removes it', () => {
  const query = '{app=~"f1b2c3.*"} |= ';
  const [problem] = validateLogQL(query);
  assert.equal(problem.code, 'logql/empty-line-filter');
  assert.match(problem.message, /remove the filter/);
  const fixed = query.slice(0, problem.fix!.start) + problem.fix!.newText + query.slice(problem.fix!.end);
  assert.equal(fixed, '{app=~"f1b2c3.*"} ');
  assert.deepEqual(validateLogQL(fixed), []);
});

describe('options', () => {
  test('grafanaVariables: false checks plain Loki LogQL, where $__auto is not a duration', () => {
    const query = 'count_over_time({app="api"}[$__auto])';
    assert.deepEqual(validateLogQL(query), []);
    const [problem] = validateLogQL(query, { grafanaVariables: false });
    assert.equal(problem.code, 'logql/invalid-duration');
    assert.equal(query.slice(problem.start, problem.end), '[$__auto]');
  });

  test('expect: log rejects a metric query where a stream selector is needed', () => {
    const [problem] = validateLogQL('rate({app="api"}[5m])', { expect: 'log' });
    assert.equal(problem.code, 'logql/log-query-expected');
    assert.deepEqual(validateLogQL('{app="api"} | json', { expect: 'log' }), []);
  });

  test('a query of 128 KiB or more is refused as Loki does, a 5,335-byte one is not', () => {
    assert.deepEqual(validateLogQL(`{app="api"} |= "${'x'.repeat(131072)}"`).map((p) => p.code), ['logql/too-long']);
    assert.deepEqual(validateLogQL(`{app="api"} |= "${'x'.repeat(5335 - 17)}"`), []);
  });
});

test('a comment-only or blank query is an empty query', () => {
  assert.deepEqual(validateLogQL('   ').map((p) => p.code), ['logql/empty-query']);
  assert.deepEqual(validateLogQL('# nothing here').map((p) => p.code), ['logql/empty-query']);
});
