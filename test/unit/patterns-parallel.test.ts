// Patterns mined in the scan workers while they index: each worker mines its part of a file, the parts are
// absorbed in file order, and the result is the single-threaded miner's, exactly (templates, counts, first and
// last times, samples, level counts), on ground-truth runs cut into many parts on 2 and 3 workers.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { FileSource } from '../../core/logs/fileSource';
import { IndexContext } from '../../core/logs/lineIndexer';
import { mineLogFiles, runLogPaths } from '../../core/logs/patterns/minePatterns';
import { PatternMining } from '../../core/logs/patterns/patternMining';
import { ScanPool } from '../../core/logs/scanPool';
import { OTHER_PATTERN, TemplateMiner } from '../../core/logs/patterns/templateMiner';
import { GROUND_TRUTH_TEMPLATES, PatternRun, writePatternRun } from '../support/patternRuns';
import { REPO_ROOT } from '../support/paths';

const SCAN_WORKER = path.join(REPO_ROOT, 'dist', 'logScanWorker.js');
const TASKS = [1, 2, 3].map((repetition) => ({ host: 'node-1', workload: 'stress_ng', repetition }));
/** The ground truth's counts times 20: about 30,000 lines, some files of several hundred kB. */
const SCALED = GROUND_TRUTH_TEMPLATES.map((t) => ({ ...t, count: t.count * 20 }));

describe('log patterns mined in the scan workers', () => {
  let dir: string;
  let run: PatternRun;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-patterns-parallel-'));
    run = writePatternRun(dir, { runId: 'run-20261121-135600', templates: SCALED, tasks: TASKS, seed: 5 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('on 2 and 3 workers, in parts of 16 and 64 kB: exactly the single-threaded patterns and counts, and the ground truth', async () => {
    const files = runLogPaths(run.runDir);
    const single = new TemplateMiner();
    const singleMined = await mineLogFiles(files, single);
    const total = SCALED.reduce((n, t) => n + t.count, 0);
    assert.deepEqual({ lines: singleMined.lines, records: singleMined.records, malformed: singleMined.malformed }, { lines: total, records: total, malformed: 0 });
    const got = single.patterns().map(({ pattern, level, component, count }) => `${level} ${component} ${pattern} ${count}`);
    assert.deepEqual(got.sort(), SCALED.map((t) => `${t.level} ${t.component} ${t.pattern} ${t.count}`).sort());
    for (const scanWorkers of [2, 3]) {
      for (const minPartBytes of [16 << 10, 64 << 10]) {
        const parallel = new TemplateMiner();
        const mined = await mineLogFiles(files, parallel, 0, undefined, { scanWorkerScript: SCAN_WORKER, scanWorkers, minPartBytes });
        assert.deepEqual(parallel.patterns(), single.patterns(), `${scanWorkers} workers, parts of ${minPartBytes} bytes`);
        assert.deepEqual(mined, singleMined);
      }
    }
  });

  test('two runs mined in parallel into one miner as sources 0 and 1 share their patterns as single-threaded mining does', async () => {
    const other = writePatternRun(dir, { runId: 'run-b', templates: SCALED.slice(2), tasks: TASKS, seed: 6 });
    const mine = async (parallel: boolean) => {
      const miner = new TemplateMiner();
      const options = parallel ? { scanWorkerScript: SCAN_WORKER, scanWorkers: 2, minPartBytes: 32 << 10 } : {};
      await mineLogFiles(runLogPaths(run.runDir), miner, 0, undefined, options);
      await mineLogFiles(runLogPaths(other.runDir), miner, 1, undefined, options);
      return miner.sharedPatterns();
    };
    assert.deepEqual(await mine(true), await mine(false));
  });

  test('the indexing context of a log session mines on the workers while they index, then the lines appended in its thread', async () => {
    const [file] = runLogPaths(run.runDir).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    const copy = path.join(dir, 'live.jsonl');
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    const head = lines.slice(0, Math.floor(lines.length * 0.8));
    fs.writeFileSync(copy, `${head.join('\n')}\n`);
    const ctx = new IndexContext();
    ctx.mining = new PatternMining();
    const pool = new ScanPool(SCAN_WORKER, 2, 16 << 10);
    const source = FileSource.open(copy);
    try {
      await source.catchUp(ctx, pool);
      fs.appendFileSync(copy, `${lines.slice(head.length).join('\n')}\n`);
      await source.catchUp(ctx, null);
    } finally {
      source.dispose();
      await pool.dispose();
    }
    const single = new TemplateMiner();
    await mineLogFiles([file], single);
    assert.deepEqual(ctx.mining.miner.patterns(), single.patterns());
    assert.equal(ctx.mining.counts.records, lines.length);
  });

  test('a miner absorbing the states of miners of consecutive parts equals one miner of all the records', () => {
    const records = Array.from({ length: 600 }, (_, i) => ({
      message: `${['alpha', 'bravo', 'charlie', 'delta'][i % 4]} step ${i % 7 === 0 ? 'failed' : 'done'} after ${i} ms on node-${i % 5}`,
      level: i % 11 === 0 ? ('ERROR' as const) : ('INFO' as const),
      component: i % 3 === 0 ? 'runner' : 'controller',
      time: 1000 + i,
    }));
    const absorbed = (maxTemplates: number) => {
      const miner = new TemplateMiner({ maxTemplates });
      for (const [from, to] of [[0, 150], [150, 151], [151, 420], [420, 600]]) {
        const part = new TemplateMiner({ maxTemplates });
        for (const r of records.slice(from, to)) part.add(r);
        miner.absorb(part.state());
      }
      return miner.patterns();
    };
    const whole = new TemplateMiner();
    for (const r of records) whole.add(r);
    assert.deepEqual(absorbed(1000), whole.patterns());
    // Past the cap, which messages start templates depends on the order a part saw them in (Drain is an online
    // miner): the cap, the total count and the order of the parts still decide the result alone.
    const capped = absorbed(3);
    assert.deepEqual(absorbed(3), capped);
    assert.equal(capped.filter((p) => p.pattern !== OTHER_PATTERN).length, 3);
    assert.equal(capped.reduce((n, p) => n + p.count, 0), records.length);
  });
});
