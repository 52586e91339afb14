// What LogQL completion offers where, and what hover says, computed in-process from the query text.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadLokiParser } from '../../core/logql/lokiParser';
import { completionItems, completionSituation, snippetToPlain, valueInsertText } from '../../core/logql/completion';
import { hoverLogQL } from '../../core/logql/hover';
import { validateLogQL } from '../../core/logql/validateQuery';

// Validation as it ships: Loki's own parser loaded.
before(async () => assert.ok(await loadLokiParser()));

const at = (query: string) => completionSituation(query.replace('|', '').replaceAll('¦', '|'), query.indexOf('|'));

describe('completion situations', () => {
  // `|` marks the cursor; a literal pipe in the query is written `¦`.
  const cases: Array<[string, Record<string, unknown>]> = [
    ['{|', { kind: 'label-name', start: 1, end: 1, used: [] }],
    ['{app="x", |}', { kind: 'label-name', start: 10, end: 10, used: ['app'] }],
    ['{app="x", ho|', { kind: 'label-name', start: 10, end: 12, used: ['app'] }],
    ['{app=|', { kind: 'label-value', label: 'app', operator: '=', quoted: false, selector: '' }],
    ['{env="prod", app=~"ap|', { kind: 'label-value', start: 19, end: 21, label: 'app', operator: '=~', quoted: true, selector: '{env="prod"}' }],
    ['{app="x"} ¦ json ¦ level!="|', { kind: 'label-value', label: 'level', operator: '!=', quoted: true, selector: '{app="x"}' }],
    ['{app="x"} ¦ |', { kind: 'stage', start: 12, end: 12 }],
    ['{app="x"} ¦ json ¦ line_f|', { kind: 'stage', start: 19, end: 25 }],
    ['|', { kind: 'function', start: 0, end: 0 }],
    ['sum(co|', { kind: 'function', start: 4, end: 6 }],
    ['sum(rate({app="x"}[5m])) / |', { kind: 'function' }],
    ['sum by (|', { kind: 'grouping-label', start: 8, end: 8 }],
    ['sum without (host, |', { kind: 'grouping-label' }],
    ['rate({app="x"}[|', { kind: 'range', start: 15, end: 15 }],
    ['{app="x"} ¦= "err|', { kind: 'none' }],
    ['{app|', { kind: 'label-name', start: 1, end: 4 }],
    ['{app="x"} # comment |', { kind: 'none' }],
  ];
  for (const [query, expected] of cases) {
    test(query, () => {
      const situation = at(query) as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(situation[key], value, key);
    });
  }
});

describe('completion items', () => {
  test('label names leave out labels already used in the selector', () => {
    const items = completionItems(at('{app="x", |'), ['app', 'host', 'run_id'], []);
    assert.deepEqual(items.map((i) => i.label), ['host', 'run_id']);
  });

  test('values are quoted when the cursor is not in quotes, escaped inside them, regex-escaped after =~', () => {
    assert.equal(valueInsertText('a"b\\c', '=', false), '"a\\"b\\\\c"');
    assert.equal(valueInsertText('run-1.2', '=', true), 'run-1.2');
    assert.equal(valueInsertText('run-1.2+x', '=~', true), 'run-1\\\\.2\\\\+x');
    for (const value of ['a"b', 'c:\\temp', 'x.y+z', 'new\nline']) {
      for (const op of ['=', '!=', '=~', '!~']) {
        const query = `{app${op}${valueInsertText(value, op, false)}, job="j"}`;
        assert.deepEqual(validateLogQL(query, { grafanaVariables: false }).filter((p) => p.code !== 'logql/selector-matches-everything'), [], query);
      }
    }
  });

  test('stages after `|` include every parser and formatter, as snippets where they take arguments', () => {
    const items = completionItems(at('{app="x"} ¦ |'), [], []);
    assert.deepEqual(items.map((i) => i.label), ['json', 'logfmt', 'pattern', 'regexp', 'unpack', 'line_format', 'label_format', 'decolorize', 'drop', 'keep', 'unwrap']);
    assert.equal(items.find((i) => i.label === 'line_format')!.insertText, 'line_format "${1:{{.message}}}"');
  });

  test('every function snippet, with a log query or metric query in its empty tab stop, is valid LogQL', () => {
    for (const item of completionItems(at('|'), [], [])) {
      const argument = item.detail === 'range function' ? '{app="x"}' : 'sum(rate({app="x"}[5m]))';
      const filled = snippetToPlain(item.insertText.replace(/(?<!\\)\$\{\d+\}|(?<!\\)\$\d+(?!\d)/g, argument));
      assert.deepEqual(validateLogQL(filled).map((p) => p.message), [], `${item.label}: ${filled}`);
    }
  });
});

describe('hover', () => {
  const hover = (query: string, word: string) => {
    const h = hoverLogQL(query, query.indexOf(word) + 1);
    return h && { text: query.slice(h.start, h.end), markdown: h.markdown };
  };

  test('functions, operators, stages, keywords, durations and Grafana variables are explained', () => {
    const query = 'sum by (host) (count_over_time({app=~"a.+"} |= "x" | logfmt --strict | unwrap bytes(size) [1h30m] offset 1d)) > bool $__range';
    assert.match(hover(query, 'count_over_time')!.markdown, /range function[\s\S]*Number of log lines/);
    assert.match(hover(query, 'sum')!.markdown, /aggregation operator/);
    assert.match(hover(query, 'by')!.markdown, /Groups the aggregation/);
    assert.match(hover(query, '=~')!.markdown, /anchored/);
    assert.match(hover(query, '|=')!.markdown, /Line filter: keeps lines that contain/);
    assert.match(hover(query, 'logfmt')!.markdown, /pipeline stage/);
    assert.match(hover(query, '--strict')!.markdown, /malformed pair/);
    assert.match(hover(query, 'unwrap')!.markdown, /sample value/);
    assert.deepEqual(hover(query, '1h30m'), { text: '[1h30m]', markdown: '**1h30m** — duration: 1 hour 30 minutes' });
    assert.match(hover(query, 'offset')!.markdown, /Shifts the range window/);
    assert.match(hover(query, 'bool')!.markdown, /0 or 1/);
    assert.match(hover(query, '$__range')!.markdown, /Grafana variable: the length of the dashboard time range/);
  });

  test('plain label names and strings have no hover', () => {
    assert.equal(hoverLogQL('{app="api"}', 2), undefined);
    assert.equal(hoverLogQL('{app="sum"}', 7), undefined);
  });
});
