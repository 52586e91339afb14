// The committed outputs of the Alloy generators are exactly what they produce from Alloy's source today: the
// component catalog (scripts/alloy/catalog, from Alloy v1.11.0's struct tags and reference pages) and the
// verdicts of Alloy's native parser on the agreement corpus (scripts/alloy/verdicts). Both run Go programs on
// modules from the Go module proxy (cached after the first run); without Go the tests say so and skip.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, REPO_ROOT } from '../support/paths';

const env = { ...process.env, PATH: `${process.env.PATH}:/usr/local/go/bin` };
let goMissing: string | false = false;
try {
  execFileSync('go', ['version'], { env, stdio: 'ignore' });
} catch {
  goMissing = 'Go is not installed (https://go.dev/dl/): the generators cannot run here';
}

test('schemas/alloy/components.json is what scripts/alloy/generate-catalog.sh generates', { skip: goMissing, timeout: 600_000 }, () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-alloy-catalog-')), 'components.json');
  execFileSync(path.join(REPO_ROOT, 'scripts', 'alloy', 'generate-catalog.sh'), [out], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  assert.ok(
    fs.readFileSync(out, 'utf8') === fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'alloy', 'components.json'), 'utf8'),
    'schemas/alloy/components.json differs from the generator output: run scripts/alloy/generate-catalog.sh',
  );
});

test("test/fixtures/alloy/corpus/verdicts.json is Alloy's native parser's verdict on the corpus", { skip: goMissing, timeout: 600_000 }, () => {
  const corpus = path.join(FIXTURES, 'alloy', 'corpus');
  const verdicts = execFileSync('go', ['run', '.', corpus], { cwd: path.join(REPO_ROOT, 'scripts', 'alloy', 'verdicts'), env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(verdicts === fs.readFileSync(path.join(corpus, 'verdicts.json'), 'utf8'), 'verdicts.json differs: run node scripts/alloy/corpus.mjs');
});
