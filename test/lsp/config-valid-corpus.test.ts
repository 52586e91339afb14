// Valid configs (every plugin, every key) must give no diagnostics at all: a false alarm teaches users to
// ignore the real ones.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { emptyHomeEnv } from '../support/emptyHome';
import { LspClient } from '../support/lspClient';
import { FIXTURES } from '../support/paths';

const corpus = path.join(FIXTURES, 'configs', 'valid');
let client: LspClient;

before(async () => {
  client = await LspClient.start({ env: emptyHomeEnv() });
});
after(() => client.stop());

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.json') ? [path.relative(corpus, p)] : [];
  });
}

const files = walk(corpus).sort();

test('the corpus covers run and platform configs', () => {
  assert.ok(files.length >= 10, `only ${files.length} valid fixtures`);
  assert.ok(files.some((f) => f.includes('platform')));
});

for (const file of files) {
  test(`${file} has no diagnostics`, async () => {
    const absolute = path.join(corpus, file);
    const diagnostics = await client.open(pathToFileURL(absolute).toString(), 'json', fs.readFileSync(absolute, 'utf8'));
    assert.deepEqual(diagnostics, [], JSON.stringify(diagnostics, null, 1));
  });
}

const withWarnings: Record<string, string[]> = {
  'benchmark_config.user-plugin.json': ['unknown-plugin'],
  'benchmark_config.dfaas-rates.json': ['dfaas-deprecated-rates', 'dfaas-deprecated-rates'],
  'benchmark_config.intensity-unknown.json': ['unknown-intensity'],
};

for (const [file, codes] of Object.entries(withWarnings)) {
  test(`${file} gives only the expected warnings`, async () => {
    const absolute = path.join(FIXTURES, 'configs', 'valid-with-warnings', file);
    const diagnostics = await client.open(pathToFileURL(absolute).toString(), 'json', fs.readFileSync(absolute, 'utf8'));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), codes.map((c) => [c, 2]));
  });
}
