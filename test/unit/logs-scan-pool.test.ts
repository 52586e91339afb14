// The scan pool hands out more parts than it has workers (two held by each while there are enough), and gives
// them back in file order equal to indexing in one thread; workers started early (the CLI's head start) are the
// ones the pool uses, and those left unused are stopped.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { startScanWorkersFor } from '../../cli/scanHeadStart';
import { IndexContext, indexFileRange } from '../../core/logs/lineIndexer';
import { RowBatchBuilder } from '../../core/logs/rowBatch';
import { RowStore } from '../../core/logs/rowStore';
import { ScanPool, cutRange, labelMapFor } from '../../core/logs/scanPool';
import { MIN_PART_BYTES, startScanWorkersEarly, stopEarlyScanWorkers, takeEarlyScanWorker } from '../../core/logs/scanWorkers';
import { REPO_ROOT } from '../support/paths';
import { generateRun } from '../support/runGenerator';

const SCAN_WORKER = path.join(REPO_ROOT, 'dist', 'logScanWorker.js');

/** Every row of a store as a tuple of its columns. */
function rowsOf(store: RowStore, labels: IndexContext['labels']): unknown[] {
  return Array.from({ length: store.length }, (_, i) => [store.offset(i), store.time(i), store.flags(i), labels.get(store.label(i)), store.messageStart(i), store.messageLength(i)]);
}

describe('the scan pool', () => {
  let dir: string;
  let file: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-scan-pool-'));
    const run = generateRun(dir, { seed: 41, linesPerFile: 6_000, malformedRate: 0.02 });
    file = [...run.files].sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  });

  after(async () => {
    await stopEarlyScanWorkers();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('seven parts on two workers come back in file order, each reported once, equal to one thread', async () => {
    const fd = fs.openSync(file, 'r');
    const pool = new ScanPool(SCAN_WORKER, 2, 1024);
    try {
      const size = fs.fstatSync(fd).size;
      const requests = cutRange(fd, 0, size, 7, true);
      assert.equal(requests.length, 7);
      const reported: number[] = [];
      const parts = await pool.runAll(requests, (k) => reported.push(k));
      assert.deepEqual([...reported].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6]);
      const pooled = new IndexContext();
      const store = new RowStore();
      parts.forEach((part, k) => {
        assert.equal(part.indexed.consumed, k + 1 < parts.length ? requests[k + 1].start : size);
        store.append(part.batch, labelMapFor(part.batch.labelSets, pooled.labels), part.indexed.lastLineEnd);
      });
      const alone = new IndexContext();
      const out = new RowBatchBuilder();
      const indexed = indexFileRange(fd, 0, size, out, alone, true);
      const single = new RowStore();
      single.append(out.build([]), null, indexed.lastLineEnd);
      assert.deepEqual(rowsOf(store, pooled.labels), rowsOf(single, alone.labels));
      assert.deepEqual([...store.problems], [...single.problems]);
      assert.deepEqual(await pool.runAll([]), []);
    } finally {
      await pool.dispose();
      fs.closeSync(fd);
    }
  });

  test('a caller that fails on a part fails the run', async () => {
    const fd = fs.openSync(file, 'r');
    const pool = new ScanPool(SCAN_WORKER, 2, 1024);
    try {
      const requests = cutRange(fd, 0, fs.fstatSync(fd).size, 3, true);
      await assert.rejects(
        pool.runAll(requests, () => {
          throw new Error('no room for the rows');
        }),
        /no room for the rows/,
      );
    } finally {
      await pool.dispose();
      fs.closeSync(fd);
    }
  });

  test('workers started early are the ones a pool of their script takes; the ones left over are stopped', async () => {
    startScanWorkersEarly(SCAN_WORKER, 2);
    const fd = fs.openSync(file, 'r');
    const pool = new ScanPool(SCAN_WORKER, 2, 1024);
    try {
      const parts = await pool.scan(fd, 0, fs.fstatSync(fd).size, true);
      assert.ok(parts.length >= 2);
      assert.equal(takeEarlyScanWorker(SCAN_WORKER), undefined);
    } finally {
      await pool.dispose();
      fs.closeSync(fd);
    }
    startScanWorkersEarly(SCAN_WORKER, 1);
    await stopEarlyScanWorkers();
    assert.equal(takeEarlyScanWorker(SCAN_WORKER), undefined);
  });

  test('the CLI starts workers early for logs stats, show and patterns over a file or run folder big enough for two', async () => {
    // Sparse files: their size is what counts, nothing is read.
    const big = path.join(dir, 'big.jsonl');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 2 * MIN_PART_BYTES);
    const runDir = path.join(dir, 'run-big');
    fs.mkdirSync(path.join(runDir, 'logs'), { recursive: true });
    fs.copyFileSync(big, path.join(runDir, 'logs', 'runner-node-1.jsonl.1'));
    const started = (args: string[]) => {
      startScanWorkersFor(args, dir, SCAN_WORKER);
      let count = 0;
      for (let w = takeEarlyScanWorker(SCAN_WORKER); w; w = takeEarlyScanWorker(SCAN_WORKER)) {
        count++;
        void w.terminate();
      }
      return count;
    };
    // Two parts' worth of bytes: a worker each, as many as there are cores.
    const workers = Math.min(2, os.availableParallelism());
    assert.equal(started(['stats', 'big.jsonl', '--format', 'json']), workers > 1 ? workers : 0);
    assert.equal(started(['show', '--level', 'ERROR', 'run-big']), workers > 1 ? workers : 0);
    assert.equal(started(['patterns', file]), 0, 'a file too small for two parts');
    assert.equal(started(['query', '{job="lb"}']), 0);
    assert.equal(started(['stats', 'missing.jsonl']), 0);
  });
});
