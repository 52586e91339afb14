// Alloy checks in-process with Alloy's own parser (dist/wasm/alloy.wasm): every diagnostic kind at its exact
// characters with its message, in .alloy text and in Alloy embedded in YAML (block and quoted scalars), the
// seed Airflow pipeline with its quick fix, and hostile input.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkAlloy } from '../../core/alloy/check';
import { loadAlloyParser } from '../../core/alloy/syntaxWasm';
import { AlloyDiagnosticData, validateAlloyFile, validateEmbeddedAlloy } from '../../core/alloy/validators';
import { classifyDocument } from '../../core/documents/kind';
import { FIXTURES } from '../support/paths';

before(async () => {
  assert.equal(await loadAlloyParser(), true, 'dist/wasm/alloy.wasm loads (node scripts/build.mjs)');
});

/** Each problem as `code line:col-line:col "text" message` (lines and columns from 1). */
function problems(text: string, minSeverity: 'hint' | 'warning' = 'hint'): string[] {
  const doc = TextDocument.create('file:///t.alloy', 'alloy', 1, text);
  return checkAlloy(text)
    .problems.filter((p) => minSeverity === 'hint' || p.severity === 'error' || p.severity === 'warning')
    .map((p) => {
      const s = doc.positionAt(p.start);
      const e = doc.positionAt(p.end);
      return `${p.code} ${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1} ${JSON.stringify(text.slice(p.start, p.end))} ${p.message}`;
    });
}

function diagnostics(file: string): string[] {
  const text = fs.readFileSync(path.join(FIXTURES, 'alloy', file), 'utf8');
  const doc = TextDocument.create(`file:///ws/${file}`, file.endsWith('.alloy') ? 'alloy' : 'yaml', 1, text);
  const validator = file.endsWith('.alloy') ? validateAlloyFile : validateEmbeddedAlloy;
  return validator(doc, {}).map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${JSON.stringify(doc.getText(d.range))}`);
}

const SINK = 'loki.echo "out" {}\n';

describe('components, blocks and arguments against Alloy v1.11.0', () => {
  test('unknown component, with the closest name', () => {
    assert.deepEqual(problems('loki.proces "a" {\n  forward_to = []\n}\n'), [
      'alloy/unknown-component 1:1-1:12 "loki.proces" unknown component `loki.proces`; did you mean `loki.process`?',
    ]);
  });
  test('unknown block and unknown argument, with the closest names', () => {
    const text = `${SINK}loki.source.api "in" {\n  forward_to = [loki.process.a.receiver]\n  http { listen_port = 3500 }\n}\nloki.process "a" {\n  forward_too = [loki.echo.out.receiver]\n  stage.regx {\n    expression = "a"\n  }\n}\n`;
    assert.deepEqual(problems(text), [
      'alloy/missing-required 6:1-6:13 "loki.process" `loki.process` is missing the required argument `forward_to`',
      'alloy/unknown-argument 7:3-7:14 "forward_too" unknown argument `forward_too` in `loki.process`; did you mean `forward_to`?',
      'alloy/unknown-block 8:3-8:13 "stage.regx" unknown block `stage.regx` in `loki.process`; did you mean `stage.regex`?',
    ]);
  });
  test('a literal of the wrong type', () => {
    assert.deepEqual(problems('loki.process "a" {\n  forward_to = "x"\n}\n', 'warning'), [
      'alloy/not-received 1:14-1:17 "\\"a\\"" nothing forwards entries to loki.process "a": no forward_to lists loki.process.a.receiver',
      'alloy/wrong-type 2:16-2:19 "\\"x\\"" `forward_to` expects list(capsule(loki.LogsReceiver)), got string',
    ]);
  });
  test('numbers and numeric strings convert as Alloy converts them: no error', () => {
    const text = `${SINK}loki.source.api "in" {\n  forward_to = [loki.echo.out.receiver]\n  http { listen_port = "3500" }\n  grpc { listen_port = 9095 }\n}\n`;
    assert.deepEqual(problems(text), []);
  });
  test('a duration Go and Prometheus both refuse', () => {
    assert.deepEqual(problems('local.file_match "m" {\n  path_targets = []\n  sync_period  = "10"\n}\nlocal.file_match "n" {\n  path_targets = []\n  sync_period  = "1m30s"\n}\n'), [
      'alloy/wrong-type 3:18-3:22 "\\"10\\"" `sync_period` expects a duration such as "30s" or "1m30s", got "10"',
    ]);
  });
  test('a duplicate component label', () => {
    assert.deepEqual(problems('loki.echo "a" {}\nloki.echo "a" {}\n'), [
      'alloy/duplicate-label 2:11-2:14 "\\"a\\"" loki.echo "a" is defined more than once: each component needs its own label',
    ]);
  });
  test('components of declare blocks and imported namespaces are not unknown', () => {
    const text = 'import.file "mods" {\n  filename = "m.alloy"\n}\nmods.pipeline "x" {}\ndeclare "mine" {\n  loki.echo "e" {}\n}\nmine "y" {}\n';
    assert.deepEqual(problems(text), []);
  });
});

describe('references and forwarding', () => {
  test('a reference to a missing component, and to a missing export', () => {
    const text = 'loki.source.file "f" {\n  targets    = []\n  forward_to = [loki.write.default.receiver, loki.echo.x.recever]\n}\nloki.echo "x" {}\n';
    assert.deepEqual(problems(text), [
      'alloy/missing-component 3:17-3:35 "loki.write.default" there is no loki.write "default" in this configuration',
      'alloy/missing-export 3:58-3:65 "recever" loki.echo exports `receiver`, not `recever`',
    ]);
  });
  test('a close label is suggested', () => {
    assert.deepEqual(problems(`loki.echo "output" {}\nloki.source.file "f" {\n  targets    = []\n  forward_to = [loki.echo.outptu.receiver]\n}\n`), [
      'alloy/missing-component 4:17-4:33 "loki.echo.outptu" there is no loki.echo "outptu" in this configuration; did you mean `loki.echo.output`?',
    ]);
  });
  test('components of the other .alloy files of the folder count (Alloy reads a folder as one configuration)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-alloy-folder-'));
    fs.writeFileSync(path.join(dir, 'write.alloy'), 'loki.write "default" {\n  endpoint {\n    url = "http://loki:3100/loki/api/v1/push"\n  }\n}\n');
    fs.writeFileSync(path.join(dir, 'source.alloy'), 'loki.source.api "in" {\n  forward_to = [loki.process.p.receiver]\n  http { listen_port = 3500 }\n}\n');
    const text = 'loki.process "p" {\n  forward_to = [loki.write.default.receiver, loki.write.other.receiver]\n}\n';
    fs.writeFileSync(path.join(dir, 'process.alloy'), text);
    const doc = TextDocument.create(pathToFileURL(path.join(dir, 'process.alloy')).toString(), 'alloy', 1, text);
    const env = { readFile: (p: string) => fs.readFileSync(p, 'utf8') };
    assert.deepEqual(
      validateAlloyFile(doc, env).map((d) => `${d.code} ${doc.getText(d.range)}: ${d.message}`),
      ['alloy/missing-component loki.write.other: there is no loki.write "other" in this configuration (nor in the other .alloy files of its folder)'],
    );
  });
  test('a loki.process that forwards to nothing and receives nothing', () => {
    assert.deepEqual(problems('loki.process "p" {\n  forward_to = []\n}\n'), [
      'alloy/not-received 1:14-1:17 "\\"p\\"" nothing forwards entries to loki.process "p": no forward_to lists loki.process.p.receiver',
      'alloy/not-forwarded 2:16-2:18 "[]" loki.process "p" forwards its output to nothing: the processed entries are dropped',
    ]);
  });
});

/** A loki.process receiving from loki.source.api and forwarding to loki.echo, around `stages`. */
function pipeline(stages: string): string {
  return `${SINK}loki.source.api "in" {\n  forward_to = [loki.process.p.receiver]\n  http { listen_port = 3500 }\n}\nloki.process "p" {\n  forward_to = [loki.echo.out.receiver]\n${stages}}\n`;
}
const FIRST_STAGE_LINE = 8;

describe('inside the strings of loki.process stages', () => {
  test('a lookahead in stage.regex is an error at its characters; later stages still see its groups', () => {
    const text = pipeline('  stage.regex {\n    expression = "(?P<level>\\\\w+)(?=x)"\n  }\n  stage.labels {\n    values = { level = "" }\n  }\n');
    assert.deepEqual(problems(text), [
      `alloy/regex ${FIRST_STAGE_LINE + 1}:34-${FIRST_STAGE_LINE + 1}:37 "(?=" stage.regex expression: invalid regex (RE2 syntax, Go's regexp as Alloy compiles it): invalid or unsupported Perl syntax \`(?=\`; lookahead assertions are not supported by RE2`,
    ]);
  });
  test("stage.match selectors are judged by Alloy's own parser (Promtail's LogQL: selector and line filters only)", () => {
    const text = pipeline(
      '  stage.match {\n    selector = "{namespace=\\"airflow\\""\n    stage.static_labels {\n      values = { team = "data" }\n    }\n  }\n' +
        '  stage.match {\n    selector = "{app=\\"x\\"} | json"\n    action   = "drop"\n  }\n',
    );
    assert.deepEqual(problems(text), [
      `alloy/match-selector ${FIRST_STAGE_LINE + 1}:37-${FIRST_STAGE_LINE + 1}:39 "\\\\\\"" stage.match selector: syntax error: unexpected $end, expecting } or ,`,
      `alloy/match-selector ${FIRST_STAGE_LINE + 7}:29-${FIRST_STAGE_LINE + 7}:30 "|" stage.match selector: syntax error: unexpected IDENTIFIER, expecting != or !~ or |~ or |=`,
    ]);
  });
  test('a keep match without stages and a drop match with stages are refused as Alloy refuses them', () => {
    const text = pipeline(
      '  stage.match {\n    selector = "{a=\\"b\\"}"\n  }\n  stage.match {\n    selector = "{a=\\"c\\"}"\n    action   = "drop"\n    stage.static_labels {\n      values = { x = "y" }\n    }\n  }\n',
    );
    assert.deepEqual(problems(text), [
      `alloy/match-without-stages ${FIRST_STAGE_LINE}:3-${FIRST_STAGE_LINE}:14 "stage.match" stage.match has no stage inside: Alloy refuses a "keep" match without stages`,
      `alloy/match-drop-with-stages ${FIRST_STAGE_LINE + 6}:5-${FIRST_STAGE_LINE + 6}:24 "stage.static_labels" stage.match with action "drop" cannot have stages inside: Alloy refuses it`,
    ]);
  });
  test('stage.json JMESPath (community edition, as Alloy), stage.timestamp layouts, label names', () => {
    const text = pipeline(
      '  stage.json {\n    expressions = { level = "foo.[", ts = "let $t = time in $t" }\n  }\n' +
        '  stage.timestamp {\n    source = "ts"\n    format = "%Y-%m-%d %H:%M:%S"\n  }\n' +
        '  stage.labels {\n    values = { level = "", "bad-name" = "level" }\n  }\n',
    );
    assert.deepEqual(problems(text), [
      `alloy/jmespath ${FIRST_STAGE_LINE + 1}:30-${FIRST_STAGE_LINE + 1}:35 "foo.[" stage.json: \`foo.[\` is not a valid JMESPath expression: Syntax error: invalid token (EOF): ""`,
      `alloy/timestamp-format ${FIRST_STAGE_LINE + 5}:15-${FIRST_STAGE_LINE + 5}:32 "%Y-%m-%d %H:%M:%S" stage.timestamp: \`%Y-%m-%d %H:%M:%S\` is not a Go time layout; Alloy formats are written with Go's reference time, e.g. \`2006-01-02T15:04:05Z07:00\`, or a name such as RFC3339 or UnixMs`,
      `alloy/label-name ${FIRST_STAGE_LINE + 8}:28-${FIRST_STAGE_LINE + 8}:38 "\\"bad-name\\"" label \`bad-name\` is not a valid Loki label name ([a-zA-Z_][a-zA-Z0-9_]*): LogQL cannot select it`,
    ]);
  });
  test('cross-stage: a label nothing extracts, a named group nothing uses', () => {
    const text = pipeline('  stage.regex {\n    expression = "(?P<unused>\\\\d+) (?P<lvl>\\\\w+)"\n  }\n  stage.labels {\n    values = { level = "lvl", app = "" }\n  }\n');
    assert.deepEqual(problems(text), [
      `alloy/unused-extracted ${FIRST_STAGE_LINE + 1}:23-${FIRST_STAGE_LINE + 1}:29 "unused" \`unused\` is extracted by stage.regex but no later stage uses it`,
      `alloy/never-extracted ${FIRST_STAGE_LINE + 4}:31-${FIRST_STAGE_LINE + 4}:34 "app" no earlier stage extracts \`app\`, so label \`app\` will never be set`,
    ]);
  });
  test('labels set by relabel rules elsewhere in the file count as present', () => {
    const text =
      'discovery.relabel "r" {\n  targets = []\n  rule {\n    target_label = "app"\n  }\n}\n' +
      pipeline('  stage.labels {\n    values = { app = "" }\n  }\n');
    assert.deepEqual(problems(text), []);
  });
  test("stage.template templates are parsed by Go's text/template with Alloy's functions (sprig's and its own)", () => {
    const text = pipeline(
      '  stage.template {\n    source   = "a"\n    template = "{{ .Value | ToLower | trim | nosuchfn }}"\n  }\n' +
        '  stage.template {\n    source   = "b"\n    template = "{{ if .Value }}x"\n  }\n',
    );
    assert.deepEqual(problems(text), [
      `alloy/template ${FIRST_STAGE_LINE + 2}:46-${FIRST_STAGE_LINE + 2}:54 "nosuchfn" stage.template: function "nosuchfn" not defined`,
      `alloy/template ${FIRST_STAGE_LINE + 6}:17-${FIRST_STAGE_LINE + 6}:33 "{{ if .Value }}x" stage.template: unexpected EOF`,
    ]);
  });
  test('more than 15 label names in one pipeline', () => {
    const names = Array.from({ length: 16 }, (_, i) => `l${i}`);
    const text = pipeline(`  stage.static_labels {\n    values = { ${names.map((n) => `${n} = "v"`).join(', ')} }\n  }\n`);
    assert.deepEqual(problems(text), [
      `alloy/too-many-labels ${FIRST_STAGE_LINE + 1}:171-${FIRST_STAGE_LINE + 1}:174 "l15" this pipeline sets 16 label names; Loki refuses streams with more than 15 (limits_config.max_label_names_per_series)`,
    ]);
  });
  test('syntax errors are those of Alloy’s parser, at its positions', () => {
    assert.deepEqual(problems('a = 1 + + 2\nb = "unterminated\n'), [
      'alloy/syntax 1:9-1:10 "+" expected expression, got +',
      'alloy/syntax 2:5-2:6 "\\"" string literal not terminated',
    ]);
  });
});

describe('the seed Airflow pipeline', () => {
  test('.alloy: the lookahead is an error at its characters; execution_date gets the stream-explosion warning', () => {
    assert.deepEqual(diagnostics('airflow-seed.alloy'), ['alloy/regex 22:97-22:100 "(?="', 'alloy/unbounded-label 28:9-28:23 "execution_date"']);
  });
  test('HelmRelease: the same diagnostics at the document characters inside the block scalar', () => {
    assert.deepEqual(diagnostics('airflow-helmrelease.yaml'), ['alloy/regex 32:107-32:110 "(?="', 'alloy/unbounded-label 38:19-38:33 "execution_date"']);
  });
  test('the quick fix moves execution_date to stage.structured_metadata, and the result is clean', () => {
    for (const file of ['airflow-seed.alloy', 'airflow-helmrelease.yaml']) {
      const text = fs.readFileSync(path.join(FIXTURES, 'alloy', file), 'utf8');
      const doc = TextDocument.create(`file:///ws/${file}`, file.endsWith('.alloy') ? 'alloy' : 'yaml', 1, text);
      const validator = file.endsWith('.alloy') ? validateAlloyFile : validateEmbeddedAlloy;
      const warning = validator(doc, {}).find((d) => d.code === 'alloy/unbounded-label')!;
      const fix = (warning.data as AlloyDiagnosticData).fix!;
      assert.equal(fix.title, 'Move `execution_date` to stage.structured_metadata');
      const fixed = TextDocument.applyEdits(doc, [{ range: fix.range, newText: fix.newText }]);
      const after = TextDocument.create(doc.uri, doc.languageId, 2, fixed);
      assert.deepEqual(
        validator(after, {}).map((d) => d.code),
        ['alloy/regex'],
        file,
      );
      assert.match(fixed, /stage\.structured_metadata \{\n\s+values = \{\n\s+execution_date = "",\n\s+\}\n\s+\}/);
    }
  });
});

describe('Alloy embedded in YAML, recognised by content', () => {
  test('classification: HelmRelease, Helm values, ConfigMap', () => {
    for (const file of ['airflow-helmrelease.yaml', 'values-quoted.yaml', 'configmap.yaml']) {
      const text = fs.readFileSync(path.join(FIXTURES, 'alloy', file), 'utf8');
      assert.equal(classifyDocument(`file:///ws/any-name.yaml`, text), 'alloy-yaml', file);
    }
    assert.equal(classifyDocument('file:///ws/pipeline.alloy', ''), 'alloy');
    assert.equal(classifyDocument('untitled:Untitled-1', 'x', {}, 'alloy'), 'alloy');
  });
  test('a double-quoted scalar: positions through YAML escapes and Alloy escapes', () => {
    assert.deepEqual(diagnostics('values-quoted.yaml'), ['alloy/not-received 3:50-3:55 "\\\\\\"p\\\\\\""', 'alloy/regex 3:136-3:140 "(?<!"']);
  });
  test('Helm values go through the chart’s `tpl`: actions in strings are masked, actions elsewhere leave the config unchecked', () => {
    const check = (content: string) => {
      const yaml = `alloy:\n  configMap:\n    content: |\n${content.split('\n').map((l) => (l ? `      ${l}` : l)).join('\n')}`;
      const doc = TextDocument.create('file:///ws/values.yaml', 'yaml', 1, yaml);
      return validateEmbeddedAlloy(doc, {}).map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1} ${JSON.stringify(doc.getText(d.range))}`);
    };
    assert.deepEqual(check('loki.write "default" {\n  endpoint {\n    url = "http://{{ .Release.Name }}-loki:3100/loki/api/v1/push"\n  }\n}\nloki.wrte "x" {}\n'), [
      'alloy/unknown-component 9:7 "loki.wrte"',
    ]);
    assert.deepEqual(check('loki.echo "e" {}\nloki.source.api "a" {\n  forward_to = [{{ .Values.receivers }}]\n  http { listen_port = 3500 }\n}\n'), ['alloy/helm-template 6:23 "{{"']);
  });
  test('a ConfigMap: only data entries ending in .alloy are read', () => {
    assert.deepEqual(diagnostics('configmap.yaml'), ['alloy/label-name 11:25-11:34 "bad-label"', 'alloy/unknown-component 14:5-14:14 "loki.wrte"']);
  });
});

describe('every kind of diagnostic at the same characters in a .alloy file and in YAML', () => {
  const config = fs.readFileSync(path.join(FIXTURES, 'alloy', 'every-diagnostic.alloy'), 'utf8');
  /** Each diagnostic as its code and the configuration text it marks (decoded from the host). */
  function marks(doc: TextDocument, decode: (s: string) => string): string[] {
    const validator = doc.languageId === 'alloy' ? validateAlloyFile : validateEmbeddedAlloy;
    return validator(doc, {}).map((d) => `${d.code} ${decode(doc.getText(d.range))}`);
  }
  let alone: string[] = [];
  before(() => {
    alone = marks(TextDocument.create('file:///ws/every.alloy', 'alloy', 1, config), (s) => s);
  });

  test('the .alloy file has 23 diagnostics of 21 kinds', () => {
    assert.equal(alone.length, 23);
    assert.equal(new Set(alone.map((m) => m.split(' ')[0])).size, 21);
  });
  // A ConfigMap, because Helm's `tpl` would render the template of the stage.template in Helm values.
  test('a ConfigMap block scalar: the same diagnostics at the same characters', () => {
    const indented = config.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alloy\ndata:\n  config.alloy: |\n${indented}`;
    assert.deepEqual(marks(TextDocument.create('file:///ws/configmap.yaml', 'yaml', 1, yaml), (s) => s.replace(/\n {4}/g, '\n')), alone);
  });
  test('a ConfigMap double-quoted scalar: the same diagnostics, through YAML escapes', () => {
    const yaml = `apiVersion: v1\nkind: ConfigMap\ndata:\n  config.alloy: ${JSON.stringify(config)}\n`;
    assert.deepEqual(marks(TextDocument.create('file:///ws/values.yaml', 'yaml', 1, yaml), (s) => JSON.parse(`"${s}"`) as string), alone);
  });
});

describe('hostile input: a clear diagnostic, never a crash', () => {
  test('binary bytes and invalid UTF-16', () => {
    const text = '\u0000\u0001\uFFFD\uD800 loki.echo "x" {}\n\u0007';
    assert.ok(problems(text).every((p) => p.startsWith('alloy/syntax ')));
  });
  test('deep nesting is refused before it reaches the parser, which stays usable', () => {
    const text = `a = ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    assert.deepEqual(problems(text), ['alloy/syntax 1:505-1:506 "[" brackets nest more than 500 levels deep here; such a configuration is not checked']);
    assert.deepEqual(problems('a = [[[1]]]\n'), []);
  });
  test('long operator chains are refused at the first operator too many, and the parser stays usable', () => {
    for (const text of [`a = 1${' + 1'.repeat(30_000)}\n`, `a = ${'-'.repeat(30_000)}1\n`, `a = b${'.c'.repeat(30_000)}\n`]) {
      const [problem] = problems(text);
      assert.match(problem, /^alloy\/syntax 1:\d+-1:\d+ "[-+.]" a statement with more than 2000 operators is not checked \(it would exhaust the parser's stack\)$/);
    }
    assert.deepEqual(problems(`a = 1${' + 1'.repeat(1_500)}\n`), []);
  });
  test('a huge configuration is refused with a message', () => {
    const text = 'a = 1\n'.repeat(800_000);
    assert.deepEqual(problems(text), [
      `alloy/syntax 1:1-1:1 "" the configuration is ${text.length} characters long; at most 4194304 are checked`,
    ]);
  });
  test('non-ASCII text before a problem keeps the positions exact', () => {
    assert.deepEqual(problems('// é 𝄞 日本\nloki.proces "a" {}\n'), [
      'alloy/unknown-component 2:1-2:12 "loki.proces" unknown component `loki.proces`; did you mean `loki.process`?',
    ]);
  });
});
