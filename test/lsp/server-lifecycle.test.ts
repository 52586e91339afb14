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
