import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { generatedFiles } from '../../scripts/schemas/files';
import { REPO_ROOT } from '../support/paths';

for (const [file, expected] of Object.entries(generatedFiles())) {
  test(`${file} is exactly what scripts/schemas generates (edit the tables there, then run npm run schemas)`, () => {
    const actual = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
    assert.ok(actual === expected, `${file} differs from the generator's output: run \`npm run schemas\``);
  });
}
