// Valid configs (every plugin, every key) must give no diagnostics at all: a false alarm teaches users to
// ignore the real ones.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspClient } from '../support/lspClient';
import { FIXTURES } from '../support/paths';

const corpus = path.join(FIXTURES, 'configs', 'valid');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-home-'));
let client: LspClient;

before(async () => {
  client = await LspClient.start({ env: { XDG_CONFIG_HOME: path.join(home, 'xdg'), HOME: home } });
});
after(() => client.stop());

const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.json')).sort();

test('the corpus covers run and platform configs', () => {
  assert.ok(files.length >= 10, `only ${files.length} valid fixtures`);
  assert.ok(files.some((f) => f.includes('platform')));
});

for (const file of files) {
  test(`${file} has no diagnostics`, async () => {
    const text = fs.readFileSync(path.join(corpus, file), 'utf8');
    // Platform fixtures are opened where lb reads them; run configs under lb's default name.
    const dir = `/tmp/lb-obs-corpus/${file.replace(/\.json$/, '')}`;
    const uri = pathToFileURL(file.includes('platform') ? `${dir}/.config/lb/platform.json` : `${dir}/benchmark_config.json`).toString();
    const diagnostics = await client.open(uri, 'json', text);
    assert.deepEqual(diagnostics, [], JSON.stringify(diagnostics, null, 1));
  });
}
