// `lb-obs logql check` and `lb-obs validate` on LogQL-bearing files, as scripts use them: the built CLI as a
// child process, exact output and exit codes (0 clean, 1 problems, 2 usage or I/O error).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runLbObsSync } from '../support/lbObsCli';
import { FIXTURES } from '../support/paths';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-logql-cli-'));

function write(name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

const lbObs = (...args: string[]) => runLbObsSync(args, { cwd: dir });

test('a valid query exits 0 and prints nothing', () => {
  assert.deepEqual(lbObs('logql', 'check', '--query', 'sum by (level) (count_over_time({app="api"} | json [5m]))'), { code: 0, stdout: '', stderr: '' });
});

test('an invalid query exits 1 with file:line:col, severity, message and code', () => {
  const r = lbObs('logql', 'check', '--query', '{app="api"} | count by (level)');
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    '<query>:1:13: error: `count by (level)` cannot be a pipeline stage: aggregations work on samples, not on log lines. ' +
      'Count the lines per window with a range aggregation and aggregate that, e.g. `sum by (level) (count_over_time({...} | ... [5m]))` [logql/aggregation-on-logs]\n',
  );
});

test('JSON output has the shape of `validate`, with LSP ranges', () => {
  const r = lbObs('logql', 'check', '--format', 'json', '--query', '{app="api"} |= ');
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout), [
    {
      file: '<query>',
      diagnostics: [
        {
          severity: 'error',
          message: 'empty line filter: `|=` must be followed by a string in quotes, e.g. `|= "error"`. To keep every line, remove the filter (`|= ""` also keeps every line).',
          code: 'logql/empty-line-filter',
          range: { start: { line: 0, character: 12 }, end: { line: 0, character: 14 } },
        },
      ],
    },
  ]);
});

test('files: .logql blocks, dashboards and alert rules; positions are those of the file', () => {
  write('queries.logql', '# fine\n{app="api"}\n\n# broken\nrate({app="api"})\n');
  write('dash.json', '{"panels": [{"datasource": {"type": "loki"}, "targets": [{"expr": "{app=~\\".*\\"}"}]}]}\n');
  write('rules.yaml', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate({app="a"} | jsonn [5m])) > 1\n');
  const r = lbObs('logql', 'check', 'queries.logql', 'dash.json', 'rules.yaml');
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    [
      'queries.logql:5:1: error: `rate` needs a range: add a duration in brackets after the log query, e.g. `rate({...}[5m])` [logql/missing-range]',
      'dash.json:1:68: error: every matcher in this selector also matches streams without the label (the empty value), so it would select all streams; Loki refuses such queries: add a matcher that requires a value, e.g. `app="api"` or `app=~".+"` [logql/selector-matches-everything]',
      'rules.yaml:5:36: error: unknown pipeline stage `jsonn`: did you mean `json`? [logql/unknown-stage]',
      '',
    ].join('\n'),
  );
});

test('`lb-obs validate` checks the LogQL of dashboards and .logql files through the same validators', () => {
  const r = lbObs('validate', '--format', 'json', 'queries.logql', 'dash.json');
  assert.equal(r.code, 1);
  const result = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Array<{ code: string }> }>;
  assert.deepEqual(result.map((f) => [f.file, f.diagnostics.map((d) => d.code)]), [
    ['queries.logql', ['logql/missing-range']],
    ['dash.json', ['logql/selector-matches-everything']],
  ]);
});

test('usage errors exit 2: no query, both --query and files, an unknown sub-command, a missing file', () => {
  for (const args of [['logql', 'check'], ['logql', 'check', '--query', '{a="b"}', 'x.logql'], ['logql', 'lint'], ['logql', 'check', 'missing.logql'], ['logql', 'check', '--format', 'xml', '--query', '{a="b"}']]) {
    const r = lbObs(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.length > 0);
  }
  assert.match(lbObs('logql', 'check', 'missing.logql').stderr, /cannot read missing\.logql: ENOENT/);
});

test("a query only Loki's own parser refuses gets Loki's message at Loki's column", () => {
  assert.deepEqual(lbObs('logql', 'check', '--query', '{app="a"} | of="x"'), {
    code: 1,
    stdout: '<query>:1:13: error: Loki: syntax error: unexpected of [logql/loki]\n',
    stderr: '',
  });
  assert.deepEqual(lbObs('logql', 'check', '--query', '{app="a"} | foo="x" bar!="y"'), { code: 0, stdout: '', stderr: '' });
});

test('a fuzzed document nested 10,000 parentheses deep is checked on a quarter of node\'s stack (the grammar alone overflowed it)', () => {
  const file = path.join(FIXTURES, 'fuzz', 'logql--deep-parentheses.logql');
  const small = { cwd: dir, nodeArgs: ['--stack-size=250'] };
  assert.deepEqual(runLbObsSync(['logql', 'check', file], small), {
    code: 1,
    stderr: '',
    stdout: [
      `${file}:1:257: information: parentheses nested more than 256 levels deep: checked by Loki's own parser only (no hover, completion or hints inside) [logql/too-deep]`,
      `${file}:2:53: error: Loki: syntax error: unexpected $end [logql/loki]`,
      `${file}:5:29: error: empty line filter: \`|=\` must be followed by a string in quotes, e.g. \`|= "error"\`. To keep every line, remove the filter (\`|= ""\` also keeps every line). [logql/empty-line-filter]`,
      '',
    ].join('\n'),
  });
  const deep = `${'('.repeat(10_000)}sum(rate({a="b"}[1m]))${')'.repeat(10_000)}`;
  assert.deepEqual(runLbObsSync(['logql', 'explain', '--query', deep], small), {
    code: 1,
    stdout: '',
    stderr: "lb-obs logql explain: cannot explain this query: parentheses nested more than 256 levels deep: checked by Loki's own parser only (no hover, completion or hints inside)\n",
  });
});
