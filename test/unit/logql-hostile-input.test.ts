// Issue 13: runs of quotes and huge queries are checked in bounded time (a generous bound: this file times
// itself on purpose; scripts/bench/logql.ts prints the actual numbers).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadLokiParser } from '../../core/logql/lokiParser';
import { explainQuery } from '../../core/logql/explain';
import { hoverLogQL } from '../../core/logql/hover';
import { validateLogQL } from '../../core/logql/validateQuery';

const TOO_DEEP = "parentheses nested more than 256 levels deep: checked by Loki's own parser only (no hover, completion or hints inside)";

before(async () => assert.ok(await loadLokiParser()));

function timed<T>(run: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = run();
  return { result, ms: performance.now() - started };
}

test('80,000 quotes in a matcher: one syntax error, found in linear time', () => {
  const query = `{app="${'"'.repeat(80_000)}"} |= "a"`;
  const { result, ms } = timed(() => validateLogQL(query));
  assert.deepEqual(result.map((p) => [p.code, p.start, p.end]), [['logql/syntax', 7, 9]]);
  assert.ok(ms < 5000, `${Math.round(ms)} ms`);
});

test('a 2.6 MB query is refused as too long at once, as Loki refuses it', () => {
  const query = `{app="api"} |= "${'"'.repeat(2_600_000)}"`;
  const { result, ms } = timed(() => validateLogQL(query));
  assert.deepEqual(result.map((p) => p.code), ['logql/too-long']);
  assert.ok(ms < 5000, `${Math.round(ms)} ms`);
});

test("a query on which Loki's own lexer is quadratic is left to the grammar, with a note", () => {
  const query = `{app="a"} | json${' | bytes > 1'.repeat(400)}`;
  const { result, ms } = timed(() => validateLogQL(query));
  assert.deepEqual(result.map((p) => [p.severity, p.code]), [['information', 'logql/loki-skipped']]);
  assert.ok(ms < 5000, `${Math.round(ms)} ms`);
});

test("parentheses nested 10,000 deep: Loki's verdict alone, with a note at the first level past the limit", () => {
  const valid = `${'('.repeat(10_000)}sum(rate({a="b"}[1m]))${')'.repeat(10_000)}`;
  assert.deepEqual(validateLogQL(valid).map((p) => [p.severity, p.code, p.start, p.end, p.message]), [
    ['information', 'logql/too-deep', 256, 257, TOO_DEEP],
  ]);
  const broken = `${'('.repeat(10_000)}{a="b"} |= ${')'.repeat(10_000)}`;
  assert.deepEqual(validateLogQL(broken).map((p) => [p.severity, p.code, p.start, p.end, p.message]), [
    ['information', 'logql/too-deep', 256, 257, TOO_DEEP],
    ['error', 'logql/loki', 10_011, 10_012, 'Loki: syntax error: unexpected ), expecting STRING or ip'],
  ]);
  assert.equal(hoverLogQL(valid, 10_005), undefined);
  assert.equal(explainQuery(valid), undefined);
});
