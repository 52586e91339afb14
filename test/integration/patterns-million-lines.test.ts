// Ground truth at the size: two runs of 1,000,000 lines written by the project's run generator from
// known templates with known counts (test/support/patternRuns.ts, the same runs bench:patterns measures), B with
// one template new, one gone, one more and one fewer. The built `lb-obs logs patterns` and `lb-obs compare` mine
// them as users run them (the scan workers on worker threads): every template with its exact count, and exactly
// those four changes, every other pattern "same" with equal counts.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { ChangedRuns, comparedRows, templateCounts, writeChangedRuns } from '../support/patternRuns';
import { runLbObs } from '../support/lbObsCli';

const LINES = 1_000_000;

describe('log patterns and compare on two runs of 1,000,000 lines: ground truth', () => {
  let dir: string;
  let runs: ChangedRuns;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-patterns-1m-'));
    runs = writeChangedRuns(dir, LINES);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lbObs = async (args: string[]) => {
    const r = await runLbObs(args, { cwd: dir, env: process.env });
    assert.equal(r.code, 0, `lb-obs ${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, '');
    return JSON.parse(r.stdout) as unknown;
  };

  test('both runs have 1,000,000 lines', () => {
    assert.deepEqual([runs.a, runs.b].map((t) => t.reduce((n, s) => n + s.count, 0)), [LINES, LINES]);
  });

  test('lb-obs logs patterns recovers every template of each run with its exact count', async () => {
    for (const [run, templates] of [[runs.runA, runs.a], [runs.runB, runs.b]] as const) {
      const { patterns } = (await lbObs(['logs', 'patterns', run, '--format', 'json'])) as { patterns: Parameters<typeof templateCounts>[0] };
      assert.deepEqual(templateCounts(patterns), templateCounts(templates), run);
    }
  });

  test('lb-obs compare lists exactly the new, gone, more and fewer patterns, errors and warnings first, and nothing else', async () => {
    const c = (await lbObs(['compare', runs.runA, runs.runB, '--format', 'json'])) as { patterns: Parameters<typeof comparedRows>[0]; a: { records: number }; b: { records: number } };
    assert.deepEqual([c.a.records, c.b.records], [LINES, LINES]);
    const rows = comparedRows(c.patterns);
    assert.deepEqual(rows.filter((r) => !r.startsWith('same ')), runs.changed);
    assert.deepEqual(rows.filter((r) => r.startsWith('same ')).sort(), [...runs.same].sort());
  });
});
