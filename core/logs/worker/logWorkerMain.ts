// Entry of the log worker bundle (dist/logWorker.js): the extension starts it to run a log session off its
// main thread. Large files are indexed by scan workers (dist/logScanWorker.js, next to this bundle).
import * as path from 'path';
import { parentPort, workerData } from 'worker_threads';
import { serveSession } from './sessionServer';
import type { LogWorkerData } from './protocol';

const data = workerData as LogWorkerData | undefined;
if (parentPort && data?.role === 'session') {
  void serveSession(parentPort, data, path.join(__dirname, 'logScanWorker.js'));
}
