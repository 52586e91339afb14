// The literal decoders under the checks: Go string literals (with offsets back into the literal) and RE2.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOffsetDuration, isRangeDuration } from '../../core/logql/durations';
import { decodeLogQLString } from '../../core/logql/goStrings';
import { checkRe2 } from '../../core/logql/re2';

test('double-quoted strings decode Go escapes and keep where each character came from', () => {
  const literal = String.raw`"a\"b\\c\td\u00e9\x41"`;
  const decoded = decodeLogQLString(literal);
  assert.equal(decoded.value, 'a"b\\c\tdéA');
  assert.deepEqual(decoded.offsets, [1, 2, 4, 5, 7, 8, 10, 11, 17, 21]);
  assert.deepEqual(decoded.badEscapes, []);
});

test('escapes Go rejects are reported with their place', () => {
  const decoded = decodeLogQLString(String.raw`"\d+\.x\q"`);
  assert.deepEqual(decoded.badEscapes.map((b) => [b.start, b.end, b.text]), [
    [1, 3, '\\d'],
    [4, 6, '\\.'],
    [7, 9, '\\q'],
  ]);
});

test('backtick strings are raw', () => {
  assert.deepEqual(decodeLogQLString('`\\d+"`'), { value: '\\d+"', offsets: [1, 2, 3, 4, 5], badEscapes: [] });
});

test('RE2 accepts its own syntax and tells whether the regex matches the empty string', () => {
  for (const [pattern, empty] of [['.*', true], ['.+', false], ['a|', true], ['(?i)api', false], ['[[:alpha:]]+', false], ['\\pL*', true], ['(?P<x>a)?', true]] as const) {
    const result = checkRe2(pattern);
    assert.ok(result.ok, pattern);
    assert.equal(result.matchesEmpty, empty, pattern);
  }
});

test('RE2 rejections point at the construct and explain PCRE features RE2 lacks', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['a(?=b)', '(?=', /lookahead assertions are not supported/],
    ['(?<=a)b', '(?<=', /lookbehind assertions are not supported/],
    ['(a)\\1', '\\1', /backreferences are not supported/],
    ['a++', '++', /possessive quantifiers/],
    ['(?>a)', '(?>', /atomic groups/],
    ['a{1001}', '{1001}', /invalid repeat count/],
  ];
  for (const [pattern, fragment, hint] of cases) {
    const result = checkRe2(pattern);
    assert.equal(result.ok, false, pattern);
    if (result.ok) continue;
    assert.equal(pattern.slice(result.index, result.index + result.length), fragment, pattern);
    assert.match(result.message, hint);
  }
});

test('durations: ranges take Prometheus durations only, offsets also Go durations', () => {
  for (const d of ['5m', '1h30m', '1d', '2w', '1y', '500ms', '0']) assert.ok(isRangeDuration(d), d);
  for (const d of ['1.5m', '5mins', '5', '', ' 5m', '1m5h', '10us']) assert.ok(!isRangeDuration(d), d);
  for (const d of ['1.5h', '10us', '-5m', '1h30m', '2d']) assert.ok(isOffsetDuration(d), d);
  assert.ok(!isOffsetDuration('1.5d'));
});
