// Entry of the log worker bundle (dist/logWorker.js). The extension starts it to run a log session off its
// main thread; sessions (and `lb-obs logs`) start more of it to index large files on several threads.
import { parentPort, workerData } from 'worker_threads';
import { ScanRequest, runScanRequest } from '../scanPool';
import { serveSession } from './sessionServer';
import type { LogWorkerData } from './protocol';

const data = workerData as LogWorkerData | undefined;
if (parentPort && data?.role === 'scan') {
  const port = parentPort;
  port.on('message', (request: ScanRequest) => {
    const { response, transfer } = runScanRequest(request);
    port.postMessage(response, transfer);
  });
} else if (parentPort && data?.role === 'session') {
  void serveSession(parentPort, data, __filename);
}
