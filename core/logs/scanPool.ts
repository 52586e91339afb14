// Indexes a large file range on several worker threads at once: the range is cut at line boundaries into one
// part per worker, each worker indexes its part with its own label table, and the parts come back as
// transferred typed arrays, in order. When asked, each worker also mines the patterns of its part.
import * as fs from 'fs';
import { Worker } from 'worker_threads';
import { IndexContext, RangeIndexed, indexFileRange } from './lineIndexer';
import type { LabelSet } from './labelSets';
import { type MinedPart, PatternMining } from './patterns/patternMining';
import { TemplateAssignment } from './patterns/templateAssignment';
import type { TemplateOf } from './patterns/templateMatcher';
import { RowBatch, RowBatchBuilder, batchTransferList } from './rowBatch';
import { MIN_PART_BYTES, startScanWorker, stopScanWorker, takeEarlyScanWorker, workersFor } from './scanWorkers';

/** How many parts each file is cut into for the pool: about 1/`share` of all the bytes each, none under `minPartBytes`. */
export function partsPerFile(sizes: number[], minPartBytes: number, share = 8): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  return sizes.map((bytes) => Math.max(1, Math.round(bytes / Math.max(minPartBytes, total / share))));
}

export interface ScanPart {
  batch: RowBatch;
  indexed: RangeIndexed;
  /** The part's patterns, when the request asked to mine. */
  mined?: MinedPart;
  /** The template of each of the part's rows (-1: none), when the request gave templates to assign. */
  assigned?: Int32Array;
}

export interface ScanRequest {
  id: number;
  /** A descriptor of the file: worker threads share the process's descriptors, and a renamed or deleted file stays readable through it. */
  fd: number;
  start: number;
  end: number;
  final: boolean;
  /** Mine the patterns of the part's records too (`only`: and keep no rows, the batch only counts them). */
  mine?: boolean | 'only';
  /** Keep no rows: give each record its template among these (ScanPart.assigned). */
  assign?: TemplateOf[];
}

export type ScanResponse = { id: number; ok: true; part: ScanPart } | { id: number; ok: false; error: string };

/** What a scan worker does with one request (runs in the worker thread). */
export function runScanRequest(request: ScanRequest): { response: ScanResponse; transfer: ArrayBuffer[] } {
  try {
    const ctx = new IndexContext();
    if (request.assign) ctx.assignOnly(new TemplateAssignment(request.assign, Math.ceil((request.end - request.start) / 256)));
    else if (request.mine === 'only') ctx.mineOnly(new PatternMining());
    else if (request.mine) ctx.mining = new PatternMining();
    const out = new RowBatchBuilder(ctx.keepRows ? Math.ceil((request.end - request.start) / 256) : 16);
    const indexed = indexFileRange(request.fd, request.start, request.end, out, ctx, request.final);
    const batch = out.build(ctx.labels.slice(0));
    const part: ScanPart = { batch, indexed };
    if (ctx.mining) part.mined = ctx.mining.part();
    if (ctx.assignment) part.assigned = ctx.assignment.result(batch.count);
    const transfer = batchTransferList(batch);
    if (part.assigned) transfer.push(part.assigned.buffer as ArrayBuffer);
    return { response: { id: request.id, ok: true, part }, transfer };
  } catch (err) {
    return { response: { id: request.id, ok: false, error: (err as Error).message }, transfer: [] };
  }
}

/** The offset just after the first newline at or after `pos` (a line start), or `end` when there is none. */
function nextLineStart(fd: number, pos: number, end: number): number {
  const buf = Buffer.allocUnsafe(64 * 1024);
  for (let at = pos; at < end; ) {
    const n = fs.readSync(fd, buf, 0, Math.min(buf.length, end - at), at);
    if (n === 0) break;
    const nl = buf.subarray(0, n).indexOf(0x0a);
    if (nl >= 0) return at + nl + 1;
    at += n;
  }
  return end;
}

/** Cuts [start, end) into `parts` requests at line starts (mining their patterns too with `mine`). */
export function cutRange(fd: number, start: number, end: number, parts: number, final: boolean, mine: ScanRequest['mine'] = false): Array<Omit<ScanRequest, 'id'>> {
  const cuts = [start];
  for (let k = 1; k < parts; k++) {
    const cut = nextLineStart(fd, Math.max(start + Math.floor(((end - start) * k) / parts), cuts[cuts.length - 1]), end);
    // No line starts after this point: the rest is one part (whose last line may lack its newline).
    if (cut >= end) break;
    if (cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  cuts.push(end);
  return cuts.slice(0, -1).map((s, k) => ({ fd, start: s, end: cuts[k + 1], final: final && k === cuts.length - 2, mine }));
}

export class ScanPool {
  private workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (p: ScanPart) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly workerScript: string,
    private readonly size: number,
    /** Smallest part worth a worker (tests lower it to exercise the cutting on small files). */
    readonly minPartBytes = MIN_PART_BYTES,
  ) {}

  /** How many parts a range of this many bytes is worth cutting into. */
  partsFor(bytes: number): number {
    return workersFor(bytes, this.size, this.minPartBytes);
  }

  /** Indexes [start, end) of the file open as `fd`; parts come back in file order, each ending where the next begins. */
  async scan(fd: number, start: number, end: number, final: boolean, mine = false): Promise<ScanPart[]> {
    return this.runAll(cutRange(fd, start, end, this.partsFor(end - start), final, mine));
  }

  /**
   * Runs requests on the workers; results in request order. A worker holds up to two requests while there
   * are enough for every worker, so that it starts the next one while the caller uses its last part (the
   * caller's thread is busy then, and would otherwise hand out the next request only after).
   * `onDone` hears of each request as it finishes, with its part (progress, or using parts as they come).
   */
  async runAll(requests: Array<Omit<ScanRequest, 'id'>>, onDone?: (k: number, part: ScanPart) => void): Promise<ScanPart[]> {
    if (requests.length === 0) return [];
    const workers = this.startWorkers(Math.min(this.size, requests.length));
    const results: ScanPart[] = new Array(requests.length);
    let next = 0;
    let finished = 0;
    return new Promise<ScanPart[]>((resolve, reject) => {
      const held = new Map(workers.map((w) => [w, 0]));
      const give = (worker: Worker) => {
        const k = next++;
        held.set(worker, held.get(worker)! + 1);
        this.send(worker, { ...requests[k], id: this.nextId++ }).then((part) => {
          const holds = held.get(worker)! - 1;
          held.set(worker, holds);
          if (next < requests.length && (holds === 0 || requests.length - next >= workers.length)) give(worker);
          results[k] = part;
          try {
            onDone?.(k, part);
          } catch (err) {
            reject(err);
          }
          if (++finished === requests.length) resolve(results);
        }, reject);
      };
      for (const w of workers) give(w);
      for (const w of workers) if (requests.length - next >= workers.length) give(w);
    });
  }

  /** The first `count` workers, started if need be. */
  private startWorkers(count: number): Worker[] {
    if (this.disposed) throw new Error('the scan pool is closed');
    while (this.workers.length < count) {
      const worker = takeEarlyScanWorker(this.workerScript) ?? startScanWorker(this.workerScript);
      worker.on('message', (m: ScanResponse) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.part);
        else p.reject(new Error(m.error));
      });
      worker.on('error', (err) => this.failAll(err));
      worker.on('exit', (code) => {
        if (!this.disposed) this.failAll(new Error(`a log scan worker exited with code ${code}`));
        this.workers = this.workers.filter((w) => w !== worker);
      });
      this.workers.push(worker);
    }
    return this.workers.slice(0, count);
  }

  private send(worker: Worker, request: ScanRequest): Promise<ScanPart> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      worker.ref();
      worker.postMessage(request);
    }).finally(() => {
      if (this.pending.size === 0 && !this.disposed) this.workers.forEach((w) => w.unref());
    }) as Promise<ScanPart>;
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.failAll(new Error('the scan pool was closed'));
    await Promise.all(this.workers.map(stopScanWorker));
    this.workers = [];
  }
}

/** Merges label sets of a part into the session's table: the map from the part's ids to the session's. */
export function labelMapFor(sets: LabelSet[], into: { idOfSet(set: LabelSet): number }): Uint32Array {
  const map = new Uint32Array(sets.length);
  for (let k = 1; k < sets.length; k++) map[k] = into.idOfSet(sets[k]);
  return map;
}
