// Loki's own LogQL parser, compiled to WebAssembly (wasm/logql), through the generic Go loader.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadGoWasm } from '../../core/wasm/goWasm';

interface LokiParser {
  parse(query: string): { ok: boolean; kind?: string; error?: string; line?: number; col?: number };
}

describe("Loki's LogQL parser in WebAssembly", () => {
  test('is loaded once and answers synchronously', async () => {
    const [a, b] = await Promise.all([loadGoWasm<LokiParser>('logql'), loadGoWasm<LokiParser>('logql')]);
    assert.equal(a, b);
    assert.deepEqual({ ...a.parse('{app="a"} |= "x"') }, { ok: true, kind: 'log' });
    assert.deepEqual({ ...a.parse('sum(rate({app="a"}[5m]))') }, { ok: true, kind: 'metric' });
  });

  test("gives Loki's message and position", async () => {
    const loki = await loadGoWasm<LokiParser>('logql');
    assert.deepEqual({ ...loki.parse('{app="a"} |= ') }, { ok: false, error: 'syntax error: unexpected $end, expecting STRING or ip', line: 1, col: 14 });
    assert.deepEqual({ ...loki.parse('{app=~".*"}') }, {
      ok: false, error: 'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will', line: 0, col: 0,
    });
  });
});
