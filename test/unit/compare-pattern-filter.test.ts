// A comparison's pattern row opens its lines in a log panel through the panel's text filter (a regular
// expression over the message, with the component): every message the miner put in the pattern matches and no
// message of another pattern, quoted strings with spaces and messages cut for length included; hostile lines do
// not make the expression slow; the expression stays within the panel's search limit.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, test } from 'node:test';
import { patternFilter, patternRegex } from '../../core/compare/patternFilter';
import { LOG_LEVELS, LogLevel } from '../../core/logs/model';
import { mineLogFiles, runLogPaths } from '../../core/logs/patterns/minePatterns';
import { MAX_MESSAGE_CHARS, MAX_TOKENS } from '../../core/logs/patterns/messageTokens';
import { TemplateMiner } from '../../core/logs/patterns/templateMiner';
import { parseLogLine } from '../../core/logs/recordParser';
import { LIMITS } from '../../protocol/logPanel';
import { GROUND_TRUTH_TEMPLATES, writePatternRun } from '../support/patternRuns';

const PANEL = { panel: { maxLength: LIMITS.maxSearchLength } };

/** The messages of one component, mined; each pattern's filter must select exactly its own messages. */
function assertFiltersExact(messages: string[]): void {
  const miner = new TemplateMiner();
  messages.forEach((message, i) => miner.add({ message, level: 'INFO', component: 'runner', time: i }));
  const patterns = miner.patterns();
  for (const p of patterns) {
    const filter = patternFilter(p, PANEL);
    assert.ok(filter.text!.length <= LIMITS.maxSearchLength, filter.text);
    const re = new RegExp(filter.text!);
    assert.equal(messages.filter((m) => re.test(m)).length, p.count, `${p.pattern}: ${filter.text}`);
  }
}

describe("a pattern's lines in a log panel", () => {
  test('ground-truth run: each pattern filter selects exactly its records', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-compare-filter-'));
    try {
      const { runDir } = writePatternRun(dir, { runId: 'run-f', templates: GROUND_TRUTH_TEMPLATES, tasks: [], seed: 9 });
      const miner = new TemplateMiner();
      await mineLogFiles(runLogPaths(runDir), miner);
      const records = runLogPaths(runDir).flatMap((f) =>
        fs
          .readFileSync(f, 'utf8')
          .split('\n')
          .filter(Boolean)
          .flatMap((line) => {
            const p = parseLogLine(line);
            return p.ok ? [p.record] : [];
          }),
      );
      for (const p of miner.patterns()) {
        const filter = patternFilter(p, PANEL);
        const re = new RegExp(filter.text!);
        const atLevel = (level: string) => filter.minLevel === undefined || LOG_LEVELS.indexOf(level as LogLevel) >= LOG_LEVELS.indexOf(filter.minLevel);
        const shown = records.filter((r) => filter.components!.includes(r.component) && atLevel(r.level) && re.test(r.message)).length;
        assert.equal(shown, p.count, `${p.component}: ${p.pattern} (${filter.text})`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a pattern does not take in the messages of a longer one', () => {
    assertFiltersExact([
      ...Array.from({ length: 5 }, (_, i) => `Connected to node-${i}`),
      ...Array.from({ length: 7 }, (_, i) => `Connected to host 10.0.0.${i} in ${i} ms`),
    ]);
  });

  test('quoted strings with spaces, apostrophes and lone quotes', () => {
    assertFiltersExact([
      ...Array.from({ length: 6 }, (_, i) => `Request failed error="connection refused by peer ${i}" code=${500 + i}`),
      ...Array.from({ length: 4 }, (_, i) => `Request failed error='timed out after ${i} s' code=${i}`),
      ...Array.from({ length: 3 }, (_, i) => `Worker can't start: port ${8000 + i} "busy`),
    ]);
  });

  test('messages cut for length: over MAX_MESSAGE_CHARS, and past MAX_TOKENS words', () => {
    const long = Array.from({ length: 3 }, (_, i) => `Dump of buffer ${i}: ${'ab'.repeat(MAX_MESSAGE_CHARS)}${i}`);
    const many = Array.from({ length: 3 }, (_, i) => `fields ${Array.from({ length: MAX_TOKENS + 20 }, (_, k) => `w${k % 7 === 0 ? i : ''}`).join(' ')}`);
    assertFiltersExact([...long, ...many]);
  });

  test('a line of quotes does not make the filter try every split (it answers)', () => {
    const re = new RegExp(patternRegex('Request <*>-<*> failed error=<*> done'));
    assert.equal(re.test(`Request ${'"a"'.repeat(20_000)}-${'"'.repeat(20_000)} failed error=${"'x".repeat(20_000)} not done`), false);
  });

  test('within the panel\'s search limit: exact, else loose, else the leading words; "other" by component and level only', () => {
    const wide = `Metrics ${Array.from({ length: 12 }, (_, i) => `m${String.fromCharCode(97 + i)}=<*>`).join(' ')}`;
    assert.equal(patternFilter({ pattern: wide, level: 'INFO', component: 'runner' }, PANEL).text, patternRegex(wide, 'loose'));
    const huge = Array.from({ length: 200 }, (_, i) => `constant${i}`).join(' ');
    const text = patternFilter({ pattern: huge, level: 'INFO', component: 'runner' }, PANEL).text!;
    assert.ok(text.length <= LIMITS.maxSearchLength && text.startsWith('^constant0\\s+constant1\\s+') && !text.endsWith('$'), text);
    assert.deepEqual(patternFilter({ pattern: 'x'.repeat(2000), level: 'WARNING', component: 'runner' }, PANEL), { minLevel: 'WARNING', components: ['runner'] });
    assert.deepEqual(patternFilter({ pattern: '<other>', level: 'ERROR', component: 'runner' }, PANEL), { minLevel: 'ERROR', components: ['runner'] });
    // DEBUG is every level: no level filter.
    assert.deepEqual(patternFilter({ pattern: '<other>', level: 'DEBUG', component: 'runner' }, PANEL), { components: ['runner'] });
    assert.equal(patternRegex('Collected <*> samples (cpu=<*>)', 'line'), 'Collected\\s+.*\\s+samples\\s+\\(cpu=.*\\)');
  });
});
