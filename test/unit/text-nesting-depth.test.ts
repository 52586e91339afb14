// The bracket depth scan that guards the recursive parsers: brackets inside strings, raw strings and comments
// do not count; the offset returned is the bracket that opens the first level past the limit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonNestingBeyond } from '../../core/documents/jsonDepth';
import { logqlNestingBeyond } from '../../core/logql/nesting';

test('JSON: braces and brackets count, those in strings (escaped quotes included) do not', () => {
  assert.equal(jsonNestingBeyond('{"a": [{"b": "[[[{{{"}]}', 2), 7);
  assert.equal(jsonNestingBeyond('{"a": [{"b": "[[[{{{"}]}', 3), undefined);
  assert.equal(jsonNestingBeyond('{"q": "\\"[[[", "r": [1]}', 1), 20);
  // An unterminated string ends at its line: the brackets on the next line count.
  assert.equal(jsonNestingBeyond('["open\n[[', 2), 8);
});

test('LogQL: parentheses count; strings, raw strings and # comments do not', () => {
  const query = 'sum(rate({a="(("} |~ `((` # ((((\n [1m]))';
  assert.equal(logqlNestingBeyond(query, 1), 8);
  assert.equal(logqlNestingBeyond(query, 2), undefined);
  assert.equal(logqlNestingBeyond('((("))))")', 2), 2);
});
