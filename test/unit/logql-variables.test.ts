// Grafana variables: replaced by same-length placeholders that fit their place, so that offsets need no
// mapping; errors at a variable are not reported (its value decides), errors elsewhere are.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadLokiParser } from '../../core/logql/lokiParser';
import { substituteVariables } from '../../core/logql/grafanaVariables';
import { validateLogQL } from '../../core/logql/validateQuery';

// Validation as it ships: Loki's own parser loaded.
before(async () => assert.ok(await loadLokiParser()));

test('placeholders keep the length and fit the context: duration, number, identifier; strings are untouched', () => {
  const query = 'topk($k, sum by ($group) (count_over_time({app="$app"} |= "${search:regex}" [$__auto] offset $off))) > $min';
  const { text, variables } = substituteVariables(query);
  assert.equal(text.length, query.length);
  assert.equal(text, 'topk(1 , sum by (_group) (count_over_time({app="$app"} |= "${search:regex}" [1s     ] offset 1s  ))) > 1   ');
  assert.deepEqual(
    variables.map((v) => [query.slice(v.start, v.end), v.name, v.inString]),
    [
      ['$k', 'k', false],
      ['$group', 'group', false],
      ['$app', 'app', true],
      ['${search:regex}', 'search', true],
      ['$__auto', '__auto', false],
      ['$off', 'off', false],
      ['$min', 'min', false],
    ],
  );
  assert.deepEqual(validateLogQL(query), []);
});

test('legacy [[var]] and ${var.field} forms are variables; `#` comments are not searched', () => {
  const query = '{app="[[app]]", env="${env.text}"} # $not_a_variable';
  assert.deepEqual(
    substituteVariables(query).variables.map((v) => v.name),
    ['app', 'env'],
  );
});

test('a matcher whose value is a variable is not reported as matching everything', () => {
  assert.deepEqual(validateLogQL('{job=~"$job"}'), []);
  assert.deepEqual(validateLogQL('{job=~"${job:regex}", instance=~"$instance"}'), []);
});

test('an error away from the variables is still reported at its place', () => {
  const query = 'sum by ($group) (count_over_time({app="$app"} | jsonn [$__auto]))';
  const problems = validateLogQL(query);
  assert.deepEqual(problems.map((p) => [p.code, query.slice(p.start, p.end)]), [['logql/unknown-stage', 'jsonn']]);
});

test('regexes with variables are not compiled (the value is unknown); without variables they are', () => {
  assert.deepEqual(validateLogQL('{app="api"} |~ "(?i)$search"'), []);
  assert.equal(validateLogQL('{app="api"} |~ "(?=x)"')[0].code, 'logql/invalid-regex');
});
