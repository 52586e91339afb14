// The schemas package.json `jsonValidation` gives VS Code's own JSON support, run by vscode-json-languageservice
// (the engine of that support) configured as VS Code configures it. Our language server reports every problem in
// lb's terms, so VS Code must report none (each would show twice), while its completion and hover keep working
// from the annotation-only variants in schemas/vscode/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ClientCapabilities,
  CompletionItem,
  Diagnostic,
  getLanguageService,
  LanguageService,
  MarkupContent,
  SchemaConfiguration,
  TextDocument,
} from 'vscode-json-languageservice';
import { annotationsOnly } from '../../scripts/schemas/annotationsOnly';
import { configFixtures, SCHEMA_FILES } from '../support/configFixtures';
import { REPO_ROOT } from '../support/paths';

const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const contributions = packageJson.contributes.jsonValidation as { fileMatch: string[]; url: string }[];

/** The associations VS Code's JSON client builds from `jsonValidation`: a `./` url inside the extension, `/` before a bare glob. */
function associations(urlOf: (url: string) => string): SchemaConfiguration[] {
  return contributions.map((c) => ({
    uri: urlOf(c.url),
    fileMatch: c.fileMatch.map((glob) => (/^(\w+:\/\/|\/|!)/.test(glob) ? glob : `/${glob}`)),
  }));
}

function vscodeJsonService(schemas: SchemaConfiguration[]): LanguageService {
  const service = getLanguageService({
    schemaRequestService: async (uri) => fs.readFileSync(fileURLToPath(uri), 'utf8'),
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
    clientCapabilities: ClientCapabilities.LATEST,
  });
  service.configure({ validate: true, schemas });
  return service;
}

const vscode = vscodeJsonService(associations((url) => pathToFileURL(path.join(REPO_ROOT, url)).href));

function open(file: string, text: string): TextDocument {
  return TextDocument.create(pathToFileURL(file).href, 'json', 1, text);
}

/** VS Code's JSON server validates a .json document with comments and trailing commas as errors. */
async function problems(service: LanguageService, file: string, text: string): Promise<Diagnostic[]> {
  const document = open(file, text);
  return service.doValidation(document, service.parseJSONDocument(document), { comments: 'error', trailingCommas: 'error' });
}

const show = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('\n');

test('package.json jsonValidation gives VS Code the annotation-only variants', () => {
  assert.deepEqual(contributions, [
    { fileMatch: ['benchmark_config*.json'], url: './schemas/vscode/lb-run-config.schema.json' },
    { fileMatch: ['**/.config/lb/platform.json', '**/lb/platform.json'], url: './schemas/vscode/lb-platform-config.schema.json' },
  ]);
});

test('the generator refuses a keyword it has not classified, naming where it is, rather than guess', () => {
  assert.throws(
    () => annotationsOnly({ properties: { tags: { type: 'object', propertyNames: { pattern: '^[a-z]+$' } } } }),
    /#\/properties\/tags\/propertyNames: keyword "propertyNames" is neither an annotation nor known to report problems/,
  );
});

const TYPO = '{\n  "repetiton": 3,\n  "workloads": {}\n}\n';

test('with the full schema VS Code would repeat the server\'s unknown-key warning (why the variants exist)', async () => {
  const full = vscodeJsonService([
    { uri: pathToFileURL(SCHEMA_FILES['lb-run-config']).href, fileMatch: ['/benchmark_config*.json'] },
  ]);
  const found = await problems(full, '/work/benchmark_config.json', TYPO);
  assert.deepEqual(found.map((d) => d.message), ['Property repetiton is not allowed.']);
});

test('VS Code reports nothing on a "repetiton" typo: the server\'s did-you-mean warning is the only one', async () => {
  const found = await problems(vscode, '/work/benchmark_config.json', TYPO);
  assert.deepEqual(found, [], show(found));
});

for (const group of ['invalid', 'valid-with-warnings', 'valid']) {
  for (const fixture of configFixtures(group)) {
    test(`VS Code reports nothing in ${fixture.name}`, async () => {
      const found = await problems(vscode, fixture.file, fixture.text);
      assert.deepEqual(found, [], show(found));
    });
  }
}

async function complete(text: string, file = '/work/benchmark_config.json'): Promise<CompletionItem[]> {
  const offset = text.indexOf('|');
  const document = open(file, text.replace('|', ''));
  const list = await vscode.doComplete(document, document.positionAt(offset), vscode.parseJSONDocument(document));
  return list?.items ?? [];
}

const labels = async (text: string, file?: string) => (await complete(text, file)).map((i) => i.label).sort();

test('VS Code completes the top-level keys, inserting lb\'s default', async () => {
  const items = await complete('{|}');
  assert.deepEqual(
    items.map((i) => i.label).sort(),
    [
      '$schema', 'collect_system_info', 'collectors', 'cooldown_seconds', 'data_export_dir', 'influxdb_bucket', 'influxdb_enabled',
      'influxdb_org', 'influxdb_token', 'influxdb_url', 'loki', 'metrics_interval_seconds', 'output_dir', 'plugin_assets',
      'plugin_settings', 'remote_execution', 'remote_hosts', 'repetitions', 'report_dir', 'test_duration_seconds',
      'warmup_seconds', 'workloads',
    ],
  );
  const insert = (label: string) => items.find((i) => i.label === label)?.insertText;
  assert.equal(insert('repetitions'), '"repetitions": ${1:3}');
  assert.equal(insert('output_dir'), '"output_dir": "${1:./benchmark_results}"');
  assert.equal(insert('collectors'), '"collectors": {$1}');
  // A boolean key leaves the value open and opens the suggestions, which offer true and false.
  assert.equal(insert('collect_system_info'), '"collect_system_info": $1');
});

test('VS Code completes a workload\'s options with its plugin\'s settings (the if/then on "plugin" still applies)', async () => {
  const fio = await labels('{"workloads": {"disk": {"plugin": "fio", "options": {|}}}}');
  assert.deepEqual(fio, ['bs', 'debug', 'directory', 'iodepth', 'job_file', 'max_retries', 'name', 'numjobs', 'output_format', 'runtime', 'rw', 'size', 'tags', 'timeout_buffer']);
  const baseline = await labels('{"workloads": {"idle": {"plugin": "baseline", "options": {|}}}}');
  assert.deepEqual(baseline, ['duration', 'max_retries', 'tags', 'timeout_buffer']);
});

test('VS Code completes a rate strategy with the keys of its type', async () => {
  assert.deepEqual(await labels('{"plugin_settings": {"dfaas": {"rate_strategy": {"type": "exponential", |}}}}'), ['base', 'max_power', 'max_rate', 'min_power']);
});

test('VS Code proposes the values of lb\'s enums (intensity, rate strategy type) and the built-in plugins', async () => {
  assert.deepEqual(await labels('{"workloads": {"w": {"plugin": "fio", "intensity": |}}}'), ['"high"', '"low"', '"medium"', '"user_defined"']);
  assert.deepEqual(await labels('{"plugin_settings": {"dfaas": {"rate_strategy": {"type": |}}}}'), ['"custom"', '"exponential"', '"linear"', '"random"']);
  const plugins = await labels('{"workloads": {"w": {"plugin": |}}}');
  assert.ok(plugins.includes('"stress_ng"') && plugins.includes('"peva_faas"') && plugins.length === 17, plugins.join(' '));
});

test('VS Code proposes true and false for booleans, in run and platform configs', async () => {
  assert.deepEqual(await labels('{"collect_system_info": |}'), ['false', 'true']);
  assert.deepEqual(await labels('{"loki": {"enabled": |}}'), ['false', 'true']);
  assert.deepEqual(await labels('{"plugins": {"fio": |}}', '/home/ana/.config/lb/platform.json'), ['false', 'true']);
});

test('VS Code does not propose the deprecated dfaas "rates"', async () => {
  const keys = await labels('{"plugin_settings": {"dfaas": {|}}}');
  assert.ok(keys.includes('rate_strategy'));
  assert.ok(!keys.includes('rates'), keys.join(' '));
});

async function hoverText(text: string, file = '/work/benchmark_config.json'): Promise<string> {
  const offset = text.indexOf('|');
  const document = open(file, text.replace('|', ''));
  const hover = await vscode.doHover(document, document.positionAt(offset), vscode.parseJSONDocument(document));
  const markdown = [hover?.contents ?? []].flat().map((c) => (typeof c === 'string' ? c : (c as MarkupContent).value)).join('\n');
  // A plain description is shown escaped for markdown.
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
}

test('VS Code\'s hover shows the schema\'s description', async () => {
  assert.match(await hoverText('{"repe|titions": 3}'), /How many times each workload runs\./);
  assert.match(await hoverText('{"workloads": {"w": {"plugin": "fio", "options": {"io|depth": 8}}}}'), /I\/O units kept in flight per job \(`--iodepth`\)\./);
  assert.match(await hoverText('{"output|_dir": null}', '/home/ana/.config/lb/platform.json'), /replaces the run config's `output_dir`/);
});

test('VS Code\'s hover ends with the type, default and bounds line of our own hover, from the full schema', async () => {
  assert.equal(await hoverText('{"repe|titions": 3}'), 'How many times each workload runs.\n\nType: integer · Default: `3` · Allowed: > 0');
  assert.match(
    await hoverText('{"workloads": {"w": {"plugin": "fio", "options": {"io|depth": 8}}}}'),
    /I\/O units kept in flight per job \(`--iodepth`\)\.\n\nType: integer · Default: `16` · Allowed: > 0$/,
  );
  assert.match(
    await hoverText('{"workloads": {"w": {"int|ensity": "low"}}}'),
    // lb takes any string (it logs an unknown one and runs the options): the levels are proposed, not imposed.
    /\n\nType: string · Default: `"user_defined"`$/,
  );
  // A key defined by reference takes its facts from the definition, as the server's hover does.
  assert.match(await hoverText('{"lo|ki": {}}'), /replaces this whole block\.\n\nType: object$/);
  assert.match(await hoverText('{"plugins": {"f|io": false}}', '/home/ana/.config/lb/platform.json'), /\n\nType: boolean · Default: `true`$/);
});
