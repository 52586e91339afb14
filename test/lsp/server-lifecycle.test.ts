import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LspClient } from '../support/lspClient';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(() => client.stop());

test('an unrecognised JSON document gets an empty diagnostics list', async () => {
  const diagnostics = await client.open('file:///tmp/some-other.json', 'json', '{"a": 1}');
  assert.deepEqual(diagnostics, []);
});

test('with dynamic registration, formatting is registered for LogQL only (no extra JSON/YAML formatter)', async () => {
  const dynamic = await LspClient.start({ dynamicFormatting: true });
  try {
    await dynamic.open('file:///tmp/lb-obs-fmt/q.logql', 'logql', '{app="x"}');
    const formatting = dynamic.registrations.filter((r) => r.method === 'textDocument/formatting');
    assert.deepEqual(formatting.map((r) => r.registerOptions), [{ documentSelector: [{ language: 'logql' }] }]);
  } finally {
    await dynamic.stop();
  }
});
