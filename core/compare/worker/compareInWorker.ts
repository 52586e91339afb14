// Runs compareRuns() in a worker thread of its own and answers its result; aborting the signal terminates the
// worker (the comparison stops at once, whatever it was reading).
import { Worker } from 'worker_threads';
import type { RunComparison } from '../compareRuns';

export interface CompareWorkerInput {
  dirA: string;
  dirB: string;
}

export type CompareWorkerAnswer = { ok: true; result: RunComparison } | { ok: false; message: string; notARun: boolean };

/** The comparison was cancelled by its signal. */
export class CompareCancelled extends Error {}

export function compareInWorker(workerScript: string, input: CompareWorkerInput, signal?: AbortSignal): Promise<RunComparison> {
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
    worker.once('message', (m: CompareWorkerAnswer) => settle(() => (m.ok ? resolve(m.result) : reject(new Error(m.message)))));
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the comparison's worker stopped (exit code ${code})`))));
  });
}
