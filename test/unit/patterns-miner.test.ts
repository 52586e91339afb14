// The template miner against ground truth: runs written from known templates with known counts (every kind of
// variable value the miner masks, differing words, several levels and components), read back through the log
// engine's readers; each template and count is recovered exactly. Masking of single messages, the template cap's
// "other" bucket and determinism.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { main } from '../../cli/lb-obs';
import { messageTokens, MAX_TOKENS } from '../../core/logs/patterns/messageTokens';
import { mineLogFiles, runLogPaths } from '../../core/logs/patterns/minePatterns';
import { OTHER_PATTERN, TemplateMiner } from '../../core/logs/patterns/templateMiner';
import { GROUND_TRUTH_TEMPLATES, PatternRun, writePatternRun } from '../support/patternRuns';

const TASKS = [1, 2, 3].map((repetition) => ({ host: 'node-1', workload: 'stress_ng', repetition }));

describe('log patterns: ground truth', () => {
  let dir: string;
  let run: PatternRun;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-patterns-'));
    run = writePatternRun(dir, { runId: 'run-20261121-135600', templates: GROUND_TRUTH_TEMPLATES, tasks: TASKS, seed: 3 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every template is recovered with its level, component, exact count, first and last time', async () => {
    const miner = new TemplateMiner();
    const mined = await mineLogFiles(runLogPaths(run.runDir), miner);
    const total = GROUND_TRUTH_TEMPLATES.reduce((n, t) => n + t.count, 0);
    assert.deepEqual({ lines: mined.lines, records: mined.records, malformed: mined.malformed }, { lines: total, records: total, malformed: 0 });
    const got = miner.patterns().map(({ pattern, level, component, count, first, last }) => ({ pattern, level, component, count, first, last }));
    const expected = GROUND_TRUTH_TEMPLATES.map((t) => ({ pattern: t.pattern, level: t.level, component: t.component, count: t.count, ...run.times.get(t)! }));
    const key = (p: { pattern: string; component: string }) => `${p.component} ${p.pattern}`;
    assert.deepEqual([...got].sort((a, b) => key(a).localeCompare(key(b))), [...expected].sort((a, b) => key(a).localeCompare(key(b))));
  });

  test('patterns come most frequent first; the sample is the first message of the pattern', async () => {
    const miner = new TemplateMiner();
    await mineLogFiles(runLogPaths(run.runDir), miner);
    const patterns = miner.patterns();
    assert.deepEqual(patterns.slice(0, 3).map((p) => [p.pattern, p.count]), [
      ['Collected <*> samples from psutil (cpu=<*>, mem=<*>)', 500],
      ['Connected to host <*> in <*> ms', 300],
      ['Request id=<*> served by <*> status=<*>', 250],
    ]);
    const starting = patterns.find((p) => p.pattern.startsWith('Starting workload'))!;
    assert.match(starting.sample, /^Starting workload stress_ng repetition \S+ on \S+$/);
  });

  test('mining the same lines twice gives the same patterns', async () => {
    const once = new TemplateMiner();
    const twice = new TemplateMiner();
    await mineLogFiles(runLogPaths(run.runDir), once);
    await mineLogFiles(runLogPaths(run.runDir), twice);
    assert.deepEqual(once.patterns(), twice.patterns());
  });
});

describe('log patterns: masking', () => {
  test('variable tokens become <*>, constant words and punctuation stay', () => {
    const cases: Array<[string, string]> = [
      ['Connected to host node-7 in 12 ms', 'Connected to host <*> in <*> ms'],
      ['took 1.5s (p95=320ms, rate=12/s)', 'took <*> (p95=<*>, rate=<*>)'],
      ['from 10.0.0.12:8080 and 2001:db8::1', 'from <*> and <*>'],
      ['id 3f2c9a1e-4f2e-9c1d-0001-0b6c2f3e8a11 at 0xdeadbeef', 'id <*> at <*>'],
      ['wrote /var/lib/lb/out and rep/result.json and C:\\temp\\lb', 'wrote <*> and <*> and <*>'],
      ['ansible task "Run workload now" changed=true', 'ansible task <*> changed=true'],
      ["it's 'quoted text' here, don't", "it's <*> here, don't"],
      ['resolved grafana.example.com via lb', 'resolved <*> via lb'],
      ['Traceback (most recent call last):\n  File "runner.py", line 12, in run', 'Traceback (most recent call last): File <*>, line <*>, in run'],
    ];
    for (const [message, pattern] of cases) assert.equal(messageTokens(message).join(' '), pattern, message);
  });

  test('a huge message gives a bounded template ending in a wildcard; an empty one an empty template', () => {
    const tokens = messageTokens('word '.repeat(100_000));
    assert.equal(tokens.length, MAX_TOKENS);
    assert.equal(tokens[MAX_TOKENS - 1], '<*>');
    assert.deepEqual(messageTokens(''), []);
  });
});

describe('log patterns: bounds', () => {
  test('past the template cap, unmatched messages are counted in the "other" bucket of their level and component', () => {
    const miner = new TemplateMiner({ maxTemplates: 2 });
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
    words.forEach((w, i) => {
      for (let k = 0; k < i + 1; k++) miner.add({ message: `${w} phase reached ${k}`, level: 'INFO', component: 'runner', time: 1000 + i * 10 + k });
    });
    assert.deepEqual(
      miner.patterns().map((p) => [p.pattern, p.count, p.first, p.last, p.sample]),
      [
        [OTHER_PATTERN, 12, 1020, 1044, 'charlie phase reached 0'],
        ['bravo phase reached <*>', 2, 1010, 1011, 'bravo phase reached 0'],
        ['alpha phase reached <*>', 1, 1000, 1000, 'alpha phase reached 0'],
      ],
    );
  });

  test('past as many components as templates, further components share one "other" bucket per level', () => {
    const miner = new TemplateMiner({ maxTemplates: 2 });
    for (let i = 0; i < 5; i++) miner.add({ message: 'probe started', level: 'INFO', component: `c${i}`, time: i });
    miner.add({ message: 'probe started', level: 'ERROR', component: 'c9', time: 9 });
    assert.deepEqual(
      miner.patterns().map((p) => [p.level, p.component, p.pattern, p.count]),
      [
        ['INFO', '<other>', '<other>', 3],
        ['ERROR', '<other>', '<other>', 1],
        ['INFO', 'c0', 'probe started', 1],
        ['INFO', 'c1', 'probe started', 1],
      ],
    );
  });

  test('control characters and terminal escapes in messages and components are shown as symbols in text output', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-patterns-hostile-'));
    try {
      const file = path.join(dir, 'x.jsonl');
      const record = { timestamp: '2026-11-21T13:56:00Z', level: 'INFO', component: 'ru\u001b[2Jnner', host: 'h', run_id: 'r', logger: 'l', message: 'clear \u001b[Hred\u001b[K screen' };
      fs.writeFileSync(file, `${JSON.stringify(record)}\n`);
      let stdout = '';
      const code = await main(['logs', 'patterns', file], { stdout: (t) => void (stdout += t), stderr: () => undefined, stderrIsTTY: false, env: {}, cwd: dir });
      assert.equal(code, 0);
      assert.equal(stdout, '    1  INFO     ru\u241b[2Jnner: clear \u241b[Hred\u241b[K screen\n1 records in 1 pattern\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('records that share one tokens array (messages of one skeleton) give the patterns of records read alone', () => {
    const same = (tokenLists: string[][], records: Array<[number, 'INFO' | 'ERROR']>, maxTemplates: number) => {
      const shared = new TemplateMiner({ maxTemplates });
      const alone = new TemplateMiner({ maxTemplates });
      const sharedLists = tokenLists.map((tokens) => [...tokens]);
      records.forEach(([k, level], time) => {
        const tokens = tokenLists[k % tokenLists.length];
        shared.addTokens(level, 'runner', sharedLists[k % tokenLists.length], time, 0, tokens.join(' '));
        alone.addTokens(level, 'runner', [...tokens], time, 0, tokens.join(' '));
      });
      assert.deepEqual(shared.patterns(), alone.patterns());
    };
    // The second "run fio fio fio step" goes to the other template: the one it joined first became too general.
    const lists = ['run fio fio fio fio', 'run fio step step step', 'run fio fio fio step', 'run fio done done <*>'].map((m) => m.split(' '));
    same(lists, [0, 1, 2, 3, 2].map((k) => [k, 'INFO']), 1000);
    const token = fc.constantFrom('run', 'step', 'fio', 'done', '<*>');
    const tokenLists = fc.array(fc.array(token, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    const records = fc.array(fc.tuple(fc.nat(7), fc.constantFrom('INFO', 'ERROR') as fc.Arbitrary<'INFO' | 'ERROR'>), { maxLength: 300 });
    fc.assert(fc.property(tokenLists, records, fc.constantFrom(2, 1000), same), { numRuns: 500 });
  });

  test('differing words at one position merge into a wildcard; different levels never share a pattern', () => {
    const miner = new TemplateMiner();
    for (const [w, level] of [['fio', 'INFO'], ['dfaas', 'INFO'], ['fio', 'ERROR']] as const) {
      miner.add({ message: `workload ${w} finished cleanly`, level, component: 'runner', time: 1 });
    }
    assert.deepEqual(
      miner.patterns().map((p) => [p.level, p.pattern, p.count]),
      [
        ['INFO', 'workload <*> finished cleanly', 2],
        ['ERROR', 'workload fio finished cleanly', 1],
      ],
    );
  });
});
