// Which documents VS Code's JSON support serves from our package.json `jsonValidation`: there the extension leaves
// completion and hover to VS Code; configs recognised by content or the user's globs keep ours.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { classifyDocument } from '../../core/documents/kind';
import { isJsonLanguage, jsonValidationCoverage } from '../../core/documents/jsonValidationCoverage';
import { REPO_ROOT } from '../support/paths';

const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const servedByVsCode = jsonValidationCoverage(packageJson.contributes.jsonValidation);

test('a run config named by the file-name glob benchmark_config*.json is served by VS Code, in any folder', () => {
  assert.equal(servedByVsCode('/home/ana/bench/benchmark_config.json', 'json'), true);
  assert.equal(servedByVsCode('/home/ana/bench/benchmark_config.dev.json', 'json'), true);
  assert.equal(servedByVsCode('/benchmark_config.json', 'json'), true);
  assert.equal(servedByVsCode('/home/ana/.hidden/benchmark_config.json', 'jsonc'), true);
});

test('the file-name glob matches the name only, not a folder of that name', () => {
  assert.equal(servedByVsCode('/home/ana/benchmark_config/run.json', 'json'), false);
  assert.equal(servedByVsCode('/home/ana/bench/my_benchmark_config.json', 'json'), false);
});

test('platform configs match the path globs **/.config/lb/platform.json and **/lb/platform.json', () => {
  assert.equal(servedByVsCode('/home/ana/.config/lb/platform.json', 'json'), true);
  assert.equal(servedByVsCode('/etc/lb/platform.json', 'json'), true);
  assert.equal(servedByVsCode('/home/ana/.config/platform.json', 'json'), false);
  assert.equal(servedByVsCode('/home/ana/lb/other/platform.json', 'json'), false);
});

test('a run config recognised by its content (my-bench.json) is not served by VS Code, so it keeps our completion', () => {
  const file = '/home/ana/bench/my-bench.json';
  assert.equal(classifyDocument(file, '{"workloads": {"cpu": {"plugin": "stress_ng"}}}'), 'lb-run-config');
  assert.equal(servedByVsCode(file, 'json'), false);
});

test('only JSON and JSON with comments documents are VS Code JSON support\'s', () => {
  assert.equal(servedByVsCode('/home/ana/bench/benchmark_config.json', 'plaintext'), false);
  assert.equal(isJsonLanguage('json'), true);
  assert.equal(isJsonLanguage('jsonc'), true);
  assert.equal(isJsonLanguage('yaml'), false);
  assert.equal(isJsonLanguage('logql'), false);
});

test('as in VS Code, a leading ! excludes, the last matching pattern decides, and an entry without url is ignored', () => {
  const coverage = jsonValidationCoverage([
    { fileMatch: ['*.json', '!secret*.json', 'secret-but-shared.json'], url: './a.json' },
    { fileMatch: 'single.jsonc', url: './b.json' },
    { fileMatch: ['*.lb'] },
  ]);
  assert.equal(coverage('/p/a.json', 'json'), true);
  assert.equal(coverage('/p/secret.json', 'json'), false);
  assert.equal(coverage('/p/secret-but-shared.json', 'json'), true);
  assert.equal(coverage('/p/single.jsonc', 'jsonc'), true);
  assert.equal(coverage('/p/x.lb', 'json'), false);
});
