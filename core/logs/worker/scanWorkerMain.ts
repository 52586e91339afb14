// Entry of the scan worker bundle (dist/logScanWorker.js): indexes file ranges for a ScanPool. Kept apart
// from the log worker so that it starts fast and small (no Loki client, no session).
import { parentPort, workerData } from 'worker_threads';
import { ScanRequest, runScanRequest } from '../scanPool';

if (parentPort && (workerData as { role?: string } | undefined)?.role === 'scan') {
  const port = parentPort;
  port.on('message', (request: ScanRequest) => {
    const { response, transfer } = runScanRequest(request);
    port.postMessage(response, transfer);
  });
}
