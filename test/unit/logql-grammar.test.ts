// The TextMate grammars as VS Code runs them (vscode-textmate with the Oniguruma regex engine): LogQL in
// .logql files, and the injection that highlights LogQL inside the "expr" strings of dashboard JSON without
// disturbing the JSON around it. The injection is tested with VS Code's own JSON grammar when code-server is
// installed, and with a JSON grammar of the same scope structure otherwise.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, IGrammar, Registry, parseRawGrammar } from 'vscode-textmate';
import { FIXTURES, REPO_ROOT } from '../support/paths';

const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

const VSCODE_JSON_GRAMMAR = path.join(
  process.env.LB_OBS_CACHE || path.join(os.homedir(), '.cache', 'lb-observability'),
  'code-server',
  '4.100.3',
  'node_modules/code-server/lib/vscode/extensions/json/syntaxes/JSON.tmLanguage.json',
);

const onigLib = (async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return { createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) };
})();

function contributedGrammarPath(scopeName: string): string {
  const entry = (packageJson.contributes.grammars as Array<{ scopeName: string; path: string }>).find((g) => g.scopeName === scopeName);
  assert.ok(entry, `package.json contributes a grammar for ${scopeName}`);
  return path.join(REPO_ROOT, entry.path);
}

async function load(scopeName: string, jsonGrammar: string): Promise<IGrammar> {
  const files: Record<string, string> = {
    'source.logql': contributedGrammarPath('source.logql'),
    'logql.injection.json': contributedGrammarPath('logql.injection.json'),
    'source.json': jsonGrammar,
  };
  const registry = new Registry({
    onigLib,
    loadGrammar: async (scope) => (files[scope] ? parseRawGrammar(fs.readFileSync(files[scope], 'utf8'), files[scope]) : null),
    getInjections: (scope) => (scope === 'source.json' ? ['logql.injection.json'] : undefined),
  });
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar);
  return grammar;
}

/** Each token's text and its innermost scope, for one line. */
function tokens(grammar: IGrammar, line: string): Array<[string, string[]]> {
  return grammar.tokenizeLine(line, INITIAL).tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes]);
}

function scopesOf(all: Array<[string, string[]]>, text: string, occurrence = 0): string[] {
  const found = all.filter(([t]) => t === text)[occurrence];
  assert.ok(found, `a token "${text}" in ${JSON.stringify(all.map(([t]) => t))}`);
  return found[1];
}

describe('the .logql grammar', () => {
  test('functions, operators, stages, labels, strings, durations, variables and comments', async () => {
    const grammar = await load('source.logql', VSCODE_JSON_GRAMMAR);
    const line = 'sum by (level) (count_over_time({app="api", env=~"p.*"} |= "err\\"or" | logfmt --strict | line_format "{{.msg}}" [$__auto] offset 1h)) > 5 # note';
    const t = tokens(grammar, line);
    const innermost = (text: string, occurrence = 0) => scopesOf(t, text, occurrence).at(-1);
    assert.equal(innermost('sum'), 'support.function.aggregation.logql');
    assert.equal(innermost('by'), 'keyword.other.logql');
    assert.equal(innermost('count_over_time'), 'support.function.range.logql');
    assert.equal(innermost('app'), 'entity.name.tag.label.logql');
    assert.equal(innermost('=~'), 'keyword.operator.comparison.logql');
    assert.equal(innermost('|='), 'keyword.operator.filter.logql');
    assert.equal(innermost('\\"'), 'constant.character.escape.logql');
    assert.equal(innermost('logfmt'), 'keyword.control.stage.logql');
    assert.equal(innermost('--strict'), 'keyword.other.flag.logql');
    assert.equal(innermost('line_format'), 'keyword.control.stage.logql');
    assert.equal(innermost('$__auto'), 'variable.other.grafana.logql');
    assert.equal(innermost('1h'), 'constant.numeric.duration.logql');
    assert.equal(innermost('5'), 'constant.numeric.logql');
    assert.equal(innermost('# note'), 'comment.line.number-sign.logql');
    assert.ok(scopesOf(t, '"', 0).some((s) => s === 'string.quoted.double.logql'));
  });

  test('an escape Loki rejects is marked invalid', async () => {
    const grammar = await load('source.logql', VSCODE_JSON_GRAMMAR);
    assert.equal(scopesOf(tokens(grammar, '{app=~"\\d+"}'), '\\d').at(-1), 'invalid.illegal.escape.logql');
  });
});

const jsonGrammars: Array<[string, string]> = [['a JSON grammar with VS Code\'s scope structure', path.join(FIXTURES, 'logql', 'json-structure.tmLanguage.json')]];
if (fs.existsSync(VSCODE_JSON_GRAMMAR)) jsonGrammars.push(["VS Code's JSON grammar", VSCODE_JSON_GRAMMAR]);
else console.log(`note: ${VSCODE_JSON_GRAMMAR} not found (code-server not installed): the injection is tested with a stand-in JSON grammar only`);

for (const [name, file] of jsonGrammars) {
  describe(`LogQL in dashboard "expr" strings, with ${name}`, () => {
    test('the query is highlighted as LogQL and the JSON around it stays intact', async () => {
      const grammar = await load('source.json', file);
      const line = '{"targets": [{"expr": "sum(count_over_time({app=\\"api\\"} |= \\"a\\\\\\\\d\\" | json [$__auto]))", "refId": "A", "legendFormat": "sum by"}]}';
      const t = tokens(grammar, line);
      assert.ok(scopesOf(t, 'count_over_time').includes('support.function.range.logql'));
      assert.ok(scopesOf(t, 'count_over_time').includes('meta.embedded.inline.logql'));
      assert.ok(scopesOf(t, 'app').includes('entity.name.tag.label.logql'));
      assert.ok(scopesOf(t, '|=').includes('keyword.operator.filter.logql'));
      assert.ok(scopesOf(t, 'json').includes('keyword.control.stage.logql'));
      assert.ok(scopesOf(t, '$__auto').includes('variable.other.grafana.logql'));
      assert.ok(scopesOf(t, '\\"', 0).some((s) => s === 'string.quoted.double.logql'));
      // After the query the JSON goes on as JSON: keys are keys and other strings are plain strings.
      assert.ok(scopesOf(t, 'refId').includes('support.type.property-name.json'));
      assert.ok(!scopesOf(t, 'sum by').includes('meta.embedded.inline.logql'));
      assert.deepEqual(t.filter(([, s]) => s.some((x) => x.startsWith('invalid'))), []);
    });
  });
}

test('package.json contributes the language, its configuration, both grammars and the snippets', () => {
  const c = packageJson.contributes;
  const language = c.languages.find((l: { id: string }) => l.id === 'logql');
  assert.deepEqual(language.extensions, ['.logql']);
  assert.ok(fs.existsSync(path.join(REPO_ROOT, language.configuration)));
  const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, language.configuration), 'utf8'));
  assert.deepEqual(config.comments, { lineComment: '#' });
  assert.ok(config.autoClosingPairs.some((p: { open: string }) => p.open === '`'));
  assert.ok(config.autoClosingPairs.some((p: { open: string }) => p.open === '"'));
  const injection = c.grammars.find((g: { scopeName: string }) => g.scopeName === 'logql.injection.json');
  assert.deepEqual(injection.injectTo, ['source.json', 'source.json.comments']);
  assert.ok(c.snippets.some((s: { language: string; path: string }) => s.language === 'logql' && fs.existsSync(path.join(REPO_ROOT, s.path))));
});
