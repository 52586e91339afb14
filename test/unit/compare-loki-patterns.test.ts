// Loki's pattern ingester's templates read as ours: `<_>` as `<*>`, runs of wildcards as one, the wildcards Loki
// glues to a JSON line's message (standing for the rest of the record) dropped; two templates match on level and
// constant tokens; two runs' Loki patterns compared as our miner's are.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareLokiPatterns, lokiPatternLevels } from '../../core/compare/lokiPatternChanges';
import { constantTokens, lokiPatternLevel, lokiPatternText, templateKey } from '../../core/compare/lokiPatterns';
import { normalisation } from '../../core/compare/patternChanges';

describe("Loki's patterns in our terms", () => {
  test('wildcards', () => {
    assert.equal(lokiPatternText('<_>Connected to host <_> in <_> ms<_>'), 'Connected to host <*> in <*> ms');
    assert.equal(lokiPatternText('<_> <_> level=error msg="flush failed" <_>'), '<*> level=error msg="flush failed" <*>');
    assert.equal(lokiPatternText('took <_><_>ms'), 'took <*>ms');
  });

  test('constant tokens: the text between wildcards, word by word', () => {
    assert.deepEqual(constantTokens('Collected <*> samples from psutil (cpu=<*>, mem=<*>)'), ['Collected', 'samples', 'from', 'psutil', '(cpu=', ',', 'mem=', ')']);
    assert.deepEqual(constantTokens('<_>Collected <_> samples from psutil (cpu=<_>, mem=<_>)<_>'), constantTokens('Collected <*> samples from psutil (cpu=<*>, mem=<*>)'));
    assert.equal(templateKey('INFO', 'Run finished'), templateKey(lokiPatternLevel({ pattern: '<_>Run finished<_>', level: 'info', count: 1 }), '<_>Run finished<_>'));
    assert.notEqual(templateKey('INFO', 'Run finished'), templateKey('ERROR', 'Run finished'));
  });

  test("levels: Loki's names as lb's; unknown stays unknown", () => {
    const level = (l?: string) => lokiPatternLevel({ pattern: 'x', count: 1, ...(l === undefined ? {} : { level: l }) });
    assert.deepEqual([level('info'), level('warn'), level('error'), level('fatal'), level('debug'), level('unknown'), level()], ['INFO', 'WARNING', 'ERROR', 'CRITICAL', 'DEBUG', undefined, undefined]);
  });

  test("two runs' Loki patterns: new, gone, more, same; errors first; levels summed per run", () => {
    const a = [
      { pattern: '<_>Connected to host <_> in <_> ms<_>', level: 'info', count: 300 },
      { pattern: '<_>Heartbeat from <_><_>', level: 'debug', count: 75 },
      { pattern: '<_>cooldown timeout on <_>', level: 'warn', count: 40 },
    ];
    const b = [
      { pattern: '<_>Connected to host <_> in <_> ms<_>', level: 'info', count: 600 },
      { pattern: '<_>cooldown timeout on <_>', level: 'warn', count: 41 },
      { pattern: '<_>Segmentation fault in worker <_>', level: 'error', count: 50 },
    ];
    const rows = compareLokiPatterns(a, b, normalisation([0, 0], [0, 0]));
    assert.deepEqual(rows, [
      { pattern: 'Segmentation fault in worker <*>', level: 'ERROR', component: '', a: 0, b: 50, change: 'new' },
      { pattern: 'cooldown timeout on <*>', level: 'WARNING', component: '', a: 40, b: 41, change: 'same' },
      { pattern: 'Connected to host <*> in <*> ms', level: 'INFO', component: '', a: 300, b: 600, change: 'more' },
      { pattern: 'Heartbeat from <*>', level: 'DEBUG', component: '', a: 75, b: 0, change: 'gone' },
    ]);
    assert.deepEqual(lokiPatternLevels(a, b), [
      { component: '', level: 'DEBUG', a: 75, b: 0 },
      { component: '', level: 'INFO', a: 300, b: 600 },
      { component: '', level: 'WARNING', a: 40, b: 41 },
      { component: '', level: 'ERROR', a: 0, b: 50 },
    ]);
  });
});
