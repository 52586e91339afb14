// What the template miner itself costs, for issue 15's goals (patterns add less than 50% to indexing time and
// under 64 MB), measured on one path: the log engine's indexer reading files as `lb-obs logs patterns` does
// (no rows kept, lines classified for mining), once without a miner and once with one, each in a process of its
// own and in one thread, so that the difference is the miner's: CPU, peak RSS, and the heap it holds once done
// (after a full collection). `logs stats` keeps every row, so its RSS is no baseline for a command that keeps none.
// Mining on the scan workers holds, besides, one part's miner per worker until it is absorbed.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { IndexContext, indexFileRange } from '../../core/logs/lineIndexer';
import { SLICE_BYTES } from '../../core/logs/patterns/minePatterns';
import { PatternMining } from '../../core/logs/patterns/patternMining';
import { TemplateMiner } from '../../core/logs/patterns/templateMiner';
import { RowBatchBuilder } from '../../core/logs/rowBatch';
import { cutRange } from '../../core/logs/scanPool';

const CHILD_FLAG = '--miner-cost';
/** Issue 15's goals. */
export const GOAL_ADDED_TIME = 0.5;
export const GOAL_ADDED_MB = 64;

export interface ReadCost {
  cpuSeconds: number;
  seconds: number;
  peakRssMb: number;
  /** Heap still used once read, after a full collection (the miner is alive then). */
  heapMb: number;
  records: number;
  patterns: number;
}

export interface MinerCost {
  classify: ReadCost;
  mine: ReadCost;
  addedCpuSeconds: number;
  addedPeakRssMb: number;
  addedHeapMb: number;
}

function readFiles(files: string[], mine: boolean): ReadCost {
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const miner = new TemplateMiner();
  const ctx = new IndexContext();
  if (mine) {
    ctx.mineOnly(new PatternMining(miner, 0));
  } else {
    ctx.keepRows = false;
    ctx.classifier.componentOnly = true;
  }
  let records = 0;
  for (const file of files) {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      // Slices as the miner's own thread reads them (minePatterns.ts).
      for (const slice of cutRange(fd, 0, size, Math.ceil(size / SLICE_BYTES), true)) {
        const out = new RowBatchBuilder(16);
        indexFileRange(fd, slice.start, slice.end, out, ctx, slice.final);
        records += out.count - out.problems.length;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  return { cpuSeconds: (used.user + used.system) / 1e6, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, heapMb, records, patterns: miner.patterns().length };
}

function readInChild(files: string[], mine: boolean): ReadCost {
  const r = spawnSync(process.execPath, ['--expose-gc', process.argv[1], CHILD_FLAG, mine ? 'mine' : 'classify', ...files], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reading ${files.join(', ')} ${mine ? 'with' : 'without'} the miner failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ReadCost;
}

/** The miner's cost on `files`: the lower CPU of `runs` reads each way, and the peak RSS and heap of that read. */
export function minerCost(files: string[], runs = 3): MinerCost {
  const best = (mine: boolean) => Array.from({ length: runs }, () => readInChild(files, mine)).sort((a, b) => a.cpuSeconds - b.cpuSeconds)[0];
  const classify = best(false);
  const mine = best(true);
  return {
    classify,
    mine,
    addedCpuSeconds: mine.cpuSeconds - classify.cpuSeconds,
    addedPeakRssMb: mine.peakRssMb - classify.peakRssMb,
    addedHeapMb: mine.heapMb - classify.heapMb,
  };
}

/**
 * The lines a bench prints: what reading costs with and without the miner, and both goals judged against
 * indexing's CPU time (`indexCpuSeconds`, of `logs stats` on the same lines), each with its rule.
 */
export function minerCostReport(cost: MinerCost, indexCpuSeconds: number): string[] {
  const f = (v: number, d = 2) => v.toFixed(d);
  const row = (way: string, r: ReadCost) => `  ${way.padEnd(22)} ${f(r.seconds)} s, CPU ${f(r.cpuSeconds)} s, peak RSS ${f(r.peakRssMb, 0)} MB, heap kept ${f(r.heapMb, 1)} MB`;
  const timeShare = cost.addedCpuSeconds / indexCpuSeconds;
  return [
    `the miner's own cost (the indexer reading as logs patterns does, one thread, a process each way, best of 3 by CPU; ${cost.mine.records} records, ${cost.mine.patterns} patterns):`,
    row('read and classify', cost.classify),
    row('read, classify, mine', cost.mine),
    `  mining adds ${f(cost.addedCpuSeconds)} s CPU = ${f(100 * timeShare, 0)}% of indexing's ${f(indexCpuSeconds)} s CPU (logs stats) [goal < ${100 * GOAL_ADDED_TIME}%: ${timeShare < GOAL_ADDED_TIME ? 'met' : 'NOT met'}]`,
    `  mining adds ${f(cost.addedPeakRssMb, 0)} MB peak RSS (heap kept: +${f(cost.addedHeapMb, 1)} MB) [goal < ${GOAL_ADDED_MB} MB of peak RSS: ${cost.addedPeakRssMb < GOAL_ADDED_MB ? 'met' : 'NOT met'}]`,
  ];
}

/** In a bench's child process started by minerCost(): reads the files one way, prints the cost, and says true. */
export function runMinerCostChild(): boolean {
  if (process.argv[2] !== CHILD_FLAG) return false;
  console.log(JSON.stringify(readFiles(process.argv.slice(4), process.argv[3] === 'mine')));
  return true;
}
