// Issue 13: runs of quotes and a 2.6 MB query do not hold the language server up: their diagnostics come (within
// the client's 10 s wait) and the server answers the next request.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lspClient';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(() => client.stop());

const uri = (name: string) => `file:///tmp/lb-obs-logql-hostile-${process.pid}/${name}`;

test('80,000 quotes in a matcher: one syntax error', async () => {
  const diagnostics = await client.open(uri('quotes.logql'), 'logql', `{app="${'"'.repeat(80_000)}"} |= "a"`);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.character, d.range.end.character]), [['logql/syntax', 7, 9]]);
});

test('a 2.6 MB query is refused as too long, and the server goes on answering', async () => {
  const diagnostics = await client.open(uri('huge.logql'), 'logql', `{app="api"} |= "${'"'.repeat(2_600_000)}"`);
  assert.deepEqual(diagnostics.map((d) => d.code), ['logql/too-long']);
  const small = uri('small.logql');
  assert.deepEqual(await client.open(small, 'logql', 'rate({app="api"}[5m])'), []);
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 1 } });
  assert.ok(hover, 'hover on rate');
});
