// Runs compareRunSources() in a worker thread of its own and answers its result, telling the lines fetched from
// Loki as they come; aborting the signal terminates the worker (the comparison stops at once, whatever it was
// reading).
import { Worker } from 'worker_threads';
import type { RunComparison, RunSource } from '../compareRuns';
import type { LokiMineProgress } from '../lokiRun';

export interface CompareWorkerInput {
  a: RunSource;
  b: RunSource;
}

export type FromCompareWorker =
  | ({ type: 'progress'; run: 'A' | 'B' } & LokiMineProgress)
  | { type: 'notice'; message: string }
  | { type: 'done'; result: RunComparison }
  | { type: 'failed'; message: string };

export interface CompareWorkerEvents {
  onProgress?(run: 'A' | 'B', progress: LokiMineProgress): void;
  onNotice?(message: string): void;
}

/** The comparison was cancelled by its signal. */
export class CompareCancelled extends Error {}

export function compareInWorker(workerScript: string, input: CompareWorkerInput, signal?: AbortSignal, events: CompareWorkerEvents = {}): Promise<RunComparison> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CompareCancelled('the comparison was cancelled'));
    const worker = new Worker(workerScript, { workerData: input });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => settle(() => reject(new CompareCancelled('the comparison was cancelled')));
    signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: FromCompareWorker) => {
      if (m.type === 'progress') events.onProgress?.(m.run, { lines: m.lines, maxLines: m.maxLines });
      else if (m.type === 'notice') events.onNotice?.(m.message);
      else if (m.type === 'done') settle(() => resolve(m.result));
      else settle(() => reject(new Error(m.message)));
    });
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the comparison's worker stopped (exit code ${code})`))));
  });
}
