// Mines the patterns of lb JSONL logs: files and run folders indexed by the log engine's own indexer (so a
// record here is a record in the log panel and in `logs stats`), each record's message fed to a template miner
// as one source (a run). Large files are cut into parts mined in parallel by the scan workers and absorbed in
// file order; small ones are mined in this thread, a slice at a time so that the event loop keeps turning.
import * as fs from 'fs';
import { IndexContext, indexFileRange } from '../lineIndexer';
import { RowBatchBuilder } from '../rowBatch';
import { listLogFileGroups, logsDirOf } from '../runLogFiles';
import { type ScanPart, ScanPool, type ScanRequest, cutRange, partsPerFile } from '../scanPool';
import { MIN_PART_BYTES, defaultScanWorkers } from '../scanWorkers';
import { PatternMining } from './patternMining';
import type { TemplateMiner } from './templateMiner';

export interface MinedLogs {
  /** Lines read, records mined, lines that are not lb records (not mined). */
  lines: number;
  records: number;
  malformed: number;
  /** Records per component, then per level (maps: a component is any text, "__proto__" included). */
  levels: Map<string, Map<string, number>>;
  /** Epoch ms of the earliest and latest record, null without records. */
  firstTime: number | null;
  lastTime: number | null;
}

/** Bytes mined in this thread between two turns of the event loop. */
export const SLICE_BYTES = 8 << 20;

/** A run folder's log files in the order lb wrote them: each file's backups, oldest first, then the live file. */
export function runLogPaths(runDir: string): string[] {
  const paths: string[] = [];
  for (const group of listLogFileGroups(logsDirOf(runDir))) {
    paths.push(...group.backups);
    if (fs.existsSync(group.base)) paths.push(group.base);
  }
  return paths;
}

export interface ParallelMining {
  /** The scan worker bundle (dist/logScanWorker.js): files large enough are mined on worker threads. */
  scanWorkerScript?: string;
  scanWorkers?: number;
  /** Smallest part given to a worker (default 24 MiB; tests use less). */
  minPartBytes?: number;
}

/** A byte range of an open file, from a line start; with `final`, a last line without newline is a line. */
export interface MineRange {
  fd: number;
  start: number;
  end: number;
  final: boolean;
}

/**
 * Mines `ranges` on the pool's workers without keeping rows; the parts come back in the order of the ranges
 * (absorb them in that order). Parts of about a sixteenth of all the bytes, the largest given out first: the
 * workers finish together. `onBytes` hears of the bytes mined as parts finish.
 */
export async function mineOnPool(pool: ScanPool, ranges: MineRange[], onBytes?: (done: number, total: number) => void): Promise<ScanPart[]> {
  const requests = poolParts(pool, ranges)
    .flat()
    .map((r) => ({ ...r, mine: 'only' as const }));
  const bytes = (k: number) => requests[k].end - requests[k].start;
  const bySize = requests.map((_, k) => k).sort((a, b) => bytes(b) - bytes(a) || a - b);
  const total = ranges.reduce((sum, r) => sum + r.end - r.start, 0);
  let done = 0;
  const results = await pool.runAll(
    bySize.map((k) => requests[k]),
    (j) => onBytes?.((done += bytes(bySize[j])), total),
  );
  const inOrder = new Array<ScanPart>(requests.length);
  bySize.forEach((k, j) => (inOrder[k] = results[j]));
  return inOrder;
}

/** `ranges` cut for the pool's workers in parts of about a sixteenth of all the bytes: each range's parts, in order. */
export function poolParts(pool: ScanPool, ranges: MineRange[]): Array<Array<Omit<ScanRequest, 'id'>>> {
  const parts = partsPerFile(ranges.map((r) => r.end - r.start), Math.min(pool.minPartBytes, SLICE_BYTES), 16);
  return ranges.map((r, k) => cutRange(r.fd, r.start, r.end, parts[k], r.final));
}

/** Mines every record of `files` into `miner` as counts of `source`; the patterns are the same on any number of threads. */
export async function mineLogFiles(files: string[], miner: TemplateMiner, source = 0, signal?: AbortSignal, parallel: ParallelMining = {}): Promise<MinedLogs> {
  const mining = new PatternMining(miner, source);
  const lines = { lines: 0, malformed: 0 };
  const fds: number[] = [];
  try {
    for (const file of files) fds.push(fs.openSync(file, 'r'));
    const sizes = fds.map((fd) => fs.fstatSync(fd).size);
    const total = sizes.reduce((a, b) => a + b, 0);
    const workers = parallel.scanWorkers ?? defaultScanWorkers();
    const minPart = parallel.minPartBytes ?? MIN_PART_BYTES;
    if (parallel.scanWorkerScript && workers > 1 && total >= 2 * minPart) {
      const pool = new ScanPool(parallel.scanWorkerScript, workers, minPart);
      const stop = () => void pool.dispose();
      signal?.addEventListener('abort', stop);
      try {
        const scanned = await mineOnPool(pool, fds.map((fd, k) => ({ fd, start: 0, end: sizes[k], final: true })));
        // Absorbed in file order: the patterns do not depend on which part finished first.
        for (const part of scanned) {
          lines.lines += part.batch.count;
          lines.malformed += part.batch.problems.length;
          mining.absorb(part.mined!);
        }
      } catch (err) {
        signal?.throwIfAborted();
        throw err;
      } finally {
        signal?.removeEventListener('abort', stop);
        await pool.dispose();
      }
    } else {
      const ctx = new IndexContext();
      ctx.mineOnly(mining);
      for (const [k, fd] of fds.entries()) {
        for (const slice of cutRange(fd, 0, sizes[k], Math.ceil(sizes[k] / SLICE_BYTES), true)) {
          signal?.throwIfAborted();
          const out = new RowBatchBuilder(16);
          indexFileRange(fd, slice.start, slice.end, out, ctx, slice.final);
          lines.lines += out.count;
          lines.malformed += out.problems.length;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
  } finally {
    for (const fd of fds) fs.closeSync(fd);
  }
  return { ...lines, ...mining.counts };
}
