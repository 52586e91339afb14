// Query hints in-process: how sample lines are judged, the pattern proposed from a line (which Loki's parser
// must accept), hints decided from a sample, and hostile samples (huge, deeply nested, binary lines).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { explainQuery } from '../../core/logql/explain';
import { applyHint, queryHints } from '../../core/logql/hints/queryHints';
import { classifyLine, judgeSample, patternFor } from '../../core/logql/hints/sampleLines';
import { loadLokiParser } from '../../core/logql/lokiParser';
import { validateLogQL } from '../../core/logql/validateQuery';

before(async () => assert.ok(await loadLokiParser()));

const LB_RECORD = JSON.stringify({ timestamp: '2026-11-21T13:56:39.603580Z', level: 'INFO', component: 'runner', host: 'h', run_id: 'r', logger: 'lb', message: 'm', tags: { phase: 'setup' } });

describe('sample lines', () => {
  test('each line is judged by what Loki parsers read', () => {
    assert.equal(classifyLine(LB_RECORD), 'lb');
    assert.equal(classifyLine('{"msg":"ok"}'), 'json');
    assert.equal(classifyLine('{"_entry":"GET /","pod":"a"}'), 'packed');
    assert.equal(classifyLine('level=info msg="a b" status=200'), 'logfmt');
    assert.equal(classifyLine('ts=1 bare_key'), 'logfmt');
    assert.equal(classifyLine('2026-11-21 INFO started'), 'text');
    assert.equal(classifyLine('[1, 2]'), 'text', 'a JSON array is no object for the json parser');
    assert.equal(classifyLine('word'), undefined);
  });

  test('a format needs 80% of the lines; lb records count as JSON among other JSON; nested keys are named as Loki names them', () => {
    const verdict = judgeSample([LB_RECORD, '{"msg":"a","http":{"status-code":200}}', '{"msg":"b"}', '{"msg":"c"}', 'panic']);
    assert.equal(verdict.format, 'json');
    assert.equal(verdict.notJson, 1);
    assert.ok(verdict.jsonLabels.has('http_status_code') && verdict.jsonLabels.has('tags_phase'));
    assert.equal(judgeSample(['a=1 b=2', '{"x":1}', 'plain words here']).format, undefined);
  });

  test('the proposed pattern names what fields look like and Loki accepts it', () => {
    for (const [line, pattern] of [
      ['2026-11-21T13:56:39Z INFO worker started 3', '<ts> <level> <f3> <_>'],
      ['[ERROR] disk full', '<level> <f2> <f3>'],
      ['GET /users 200 12ms extra', '<f1> <f2> <f3> <_>'],
    ]) {
      assert.equal(patternFor(line), pattern);
      assert.deepEqual(validateLogQL(`{app="x"} | pattern ${JSON.stringify(pattern)}`), []);
    }
  });

  test('hostile samples: huge, deeply nested and binary lines give a verdict, not a crash', () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const verdict = judgeSample([deep, 'x'.repeat(300_000), '\u0000\u001b[31m binary \uffff']);
    assert.equal(verdict.lines, 3);
    const hints = queryHints('{app="x"}', {}, [deep, deep, deep, deep]);
    assert.equal(hints[0].title, 'Add | json: lines of this stream are JSON');
  });
});

describe('hints from a sample', () => {
  test('every hint leaves a query the validator accepts, for each shape of sample', () => {
    const samples: Record<string, string[]> = {
      lb: [LB_RECORD],
      json: ['{"msg":"a","job":"nightly"}'],
      logfmt: ['level=info msg=a'],
      packed: ['{"_entry":"x"}'],
      text: ['2026-11-21 INFO started'],
      mixed: ['{"msg":"a"}', '{"msg":"b"}', '{"msg":"c"}', '{"msg":"d"}', 'panic'],
    };
    for (const [shape, sample] of Object.entries(samples)) {
      for (const query of ['{app="x"}', '{app="x"} | json', '{app="x"} |~ "a" | json | job="nightly"', 'count_over_time({app="x"} [5m])']) {
        for (const hint of queryHints(query, {}, sample)) {
          const edited = applyHint(query, hint);
          assert.deepEqual(validateLogQL(edited).filter((p) => p.severity === 'error'), [], `${shape}: ${hint.title}: ${edited}`);
        }
      }
    }
  });

  test('with a sample, lb hints follow the lines, not the selector; a label missing from the lines gets no line filter', () => {
    const jsonNotLb = queryHints('{run_id="r"}', {}, ['{"msg":"a"}']).map((h) => h.title);
    assert.deepEqual(jsonNotLb.filter((t) => t.startsWith('Add') || t.startsWith('Filter')), ['Add | json: lines of this stream are JSON']);
    const missing = queryHints('{app="x"} | json | job="nightly"', {}, ['{"msg":"a"}']).map((h) => h.title);
    assert.ok(!missing.some((t) => t.includes('before | json')));
  });

  test('a level-like field is renamed to level after the parser, for JSON and logfmt lines', () => {
    const json = queryHints('{app="x"} | json', {}, ['{"severity":"warn","msg":"a"}']);
    assert.deepEqual(json.filter((h) => h.title.includes('label_format')).map((h) => [h.title, applyHint('{app="x"} | json', h)]), [
      ['Add | label_format level=severity: the lines name their level `severity`; Grafana and level filters read `level`', '{app="x"} | json | label_format level=severity'],
    ]);
    const logfmt = queryHints('{app="x"} | logfmt', {}, ['lvl=info msg=a']).filter((h) => h.title.includes('label_format'));
    assert.equal(applyHint('{app="x"} | logfmt', logfmt[0]), '{app="x"} | logfmt | label_format level=lvl');
    assert.deepEqual(queryHints('{app="x"} | json', {}, ['{"level":"warn","severity":"w"}']).filter((h) => h.title.includes('label_format')), []);
  });

  test('metric queries get no wraps; Explain describes nested aggregations innermost first', () => {
    const titles = queryHints('sum(count_over_time({app="x"} | json [5m]))', {}).map((h) => h.title);
    assert.ok(!titles.some((t) => t.startsWith('Wrap')));
    const steps = explainQuery('topk(3, sum by (host) (rate({app="x"} [1m])))')!;
    assert.deepEqual(steps.map((s) => s.text), ['{app="x"}', 'rate(... [1m])', 'sum by (host) (...)', 'topk (...)']);
    assert.equal(explainQuery('{app="x"} |'), undefined);
    const alert = explainQuery('sum(rate({app="x"} [1m])) > bool 2')!;
    assert.deepEqual(alert.at(-1), { text: '... > 2', description: 'Compares each value with `2`: 1 when `>` holds, else 0.' });
    const ratio = explainQuery('sum by (h) (rate({a="b"}[5m])) / on(h) sum by (h) (rate({a="c"}[5m]))')!;
    assert.deepEqual(ratio.map((s) => s.text), ['{a="b"}', 'rate(... [5m])', 'sum by (h) (...)', '{a="c"}', 'rate(... [5m])', 'sum by (h) (...)', '... / sum by (h) (rate({a="c"}[5m]))']);
    assert.deepEqual(ratio.at(-1), { text: '... / sum by (h) (rate({a="c"}[5m]))', description: 'Divides the left values by `sum by (h) (rate({a="c"}[5m]))`. Series are matched on(h).' });
  });
});
