// The run comparison in a worker thread (bundled to dist/compareWorker.js): mining two runs' logs is seconds of
// CPU that must not block the extension host; large files are mined on scan workers, as `lb-obs compare` does.
// One comparison per worker; the editor terminates it to cancel.
import * as path from 'path';
import { parentPort, workerData } from 'worker_threads';
import { compareRunSources } from '../compareRuns';
import type { CompareWorkerInput, FromCompareWorker } from './compareInWorker';

const input = workerData as CompareWorkerInput;
const post = (m: FromCompareWorker) => parentPort!.postMessage(m);
compareRunSources(input.a, input.b, {
  onProgress: (run, p) => post({ type: 'progress', run, ...p }),
  onNotice: (message) => post({ type: 'notice', message }),
  // Large log files are mined by scan workers (dist/logScanWorker.js, next to this bundle).
  parallel: { scanWorkerScript: path.join(__dirname, 'logScanWorker.js') },
}).then(
  (result) => post({ type: 'done', result }),
  (err: Error) => post({ type: 'failed', message: err.message }),
);
