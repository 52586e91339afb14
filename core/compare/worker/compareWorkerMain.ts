// The run comparison in a worker thread (bundled to dist/compareWorker.js): mining two runs' logs is seconds of
// CPU that must not block the extension host. One comparison per worker; the editor terminates it to cancel.
import { parentPort, workerData } from 'worker_threads';
import { compareRuns, NotARunError } from '../compareRuns';
import type { CompareWorkerAnswer, CompareWorkerInput } from './compareInWorker';

const input = workerData as CompareWorkerInput;
compareRuns(input.dirA, input.dirB).then(
  (result) => parentPort!.postMessage({ ok: true, result } satisfies CompareWorkerAnswer),
  (err: Error) => parentPort!.postMessage({ ok: false, message: err.message, notARun: err instanceof NotARunError } satisfies CompareWorkerAnswer),
);
