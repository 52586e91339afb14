// The schemas as plain VS Code uses them through `jsonValidation` (vscode-json-languageservice, the engine of VS
// Code's JSON support): no false problems on valid configs, the deprecation message, a problem on each invalid
// fixture, and workload options / rate strategies typed by their discriminator for completion.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity, getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { configFixtures, SCHEMA_FILES } from '../support/configFixtures';

const service = getLanguageService({
  schemaRequestService: async (uri) => fs.readFileSync(fileURLToPath(uri), 'utf8'),
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
});
// The associations of package.json `contributes.jsonValidation`.
service.configure({
  validate: true,
  schemas: [
    { uri: pathToFileURL(SCHEMA_FILES['lb-run-config']).href, fileMatch: ['benchmark_config*.json'] },
    { uri: pathToFileURL(SCHEMA_FILES['lb-platform-config']).href, fileMatch: ['**/.config/lb/platform.json', '**/lb/platform.json'] },
  ],
});

function open(file: string, text: string): TextDocument {
  return TextDocument.create(pathToFileURL(file).href, 'json', 1, text);
}

async function problems(file: string, text: string): Promise<Diagnostic[]> {
  const document = open(file, text);
  return service.doValidation(document, service.parseJSONDocument(document));
}

const show = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('\n');

for (const fixture of configFixtures('valid')) {
  test(`VS Code reports no problem in ${fixture.name}`, async () => {
    const found = await problems(fixture.file, fixture.text);
    assert.deepEqual(found, [], show(found));
  });
}

test('VS Code shows the deprecation message on each deprecated `rates` block, as a warning', async () => {
  const fixture = configFixtures('valid-with-warnings').find((f) => f.name.endsWith('dfaas-rates.json'));
  assert.ok(fixture);
  const found = await problems(fixture.file, fixture.text);
  const lines = fixture.text.split('\n');
  assert.deepEqual(
    found.map((d) => ({ severity: d.severity, line: lines[d.range.start.line].trim(), message: d.message })),
    [
      { severity: DiagnosticSeverity.Warning, line: '"rates": {', message: '"rates" is deprecated: use "rate_strategy": {"type": "linear", "min_rate": ..., "max_rate": ..., "step": ...}.' },
      { severity: DiagnosticSeverity.Warning, line: '"rates": {', message: '"rates" is deprecated: use "rate_strategy": {"type": "linear", "min_rate": ..., "max_rate": ..., "step": ...}.' },
    ],
  );
});

test('VS Code accepts a user plugin\'s workload and settings', async () => {
  const fixture = configFixtures('valid-with-warnings').find((f) => f.name.endsWith('user-plugin.json'));
  assert.ok(fixture);
  assert.deepEqual(await problems(fixture.file, fixture.text), []);
});

for (const fixture of configFixtures('invalid')) {
  test(`VS Code reports a problem in ${fixture.name}`, async () => {
    assert.notDeepEqual(await problems(fixture.file, fixture.text), []);
  });
}

test('VS Code explains a bad dfaas duration with the schema\'s message, on the value', async () => {
  const fixture = configFixtures('invalid').find((f) => f.name.endsWith('dfaas-duration.json'));
  assert.ok(fixture);
  const [problem, ...rest] = await problems(fixture.file, fixture.text);
  assert.deepEqual(rest, []);
  assert.equal(problem.message, 'The duration must be a positive number followed by ms, s, m or h, e.g. "30s" or "1m".');
  const document = open(fixture.file, fixture.text);
  assert.equal(document.getText(problem.range), '"30 seconds"');
});

async function completionLabels(text: string): Promise<string[]> {
  const offset = text.indexOf('|');
  const document = open('/work/benchmark_config.json', text.replace('|', ''));
  const list = await service.doComplete(document, document.positionAt(offset), service.parseJSONDocument(document));
  return (list?.items ?? []).map((i) => i.label).sort();
}

test('in plain VS Code, a workload\'s options complete with its plugin\'s settings', async () => {
  const fio = await completionLabels('{"workloads": {"disk": {"plugin": "fio", "options": {|}}}}');
  assert.deepEqual(fio, ['bs', 'debug', 'directory', 'iodepth', 'job_file', 'max_retries', 'name', 'numjobs', 'output_format', 'runtime', 'rw', 'size', 'tags', 'timeout_buffer']);
  const baseline = await completionLabels('{"workloads": {"idle": {"plugin": "baseline", "options": {|}}}}');
  assert.deepEqual(baseline, ['duration', 'max_retries', 'tags', 'timeout_buffer']);
});

test('in plain VS Code, a rate strategy completes with the keys of its type', async () => {
  const labels = await completionLabels('{"plugin_settings": {"dfaas": {"rate_strategy": {"type": "exponential", |}}}}');
  assert.deepEqual(labels, ['base', 'max_power', 'max_rate', 'min_power']);
});
