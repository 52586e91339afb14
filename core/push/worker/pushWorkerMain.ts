// Entry of the push worker bundle (dist/pushWorker.js): runs one push job sent as workerData and reports its
// progress and outcome to the thread that started it.
import { parentPort, workerData } from 'worker_threads';
import { runPushJob } from '../pushJob';
import type { FromPushWorker, PushJob, ToPushWorker } from './protocol';

/** Progress messages at most this often: the notification cannot show more. */
const PROGRESS_EVERY_MS = 200;

if (parentPort) {
  const port = parentPort;
  const abort = new AbortController();
  port.on('message', (m: ToPushWorker) => {
    if (m.type === 'cancel') abort.abort(new Error('cancelled'));
  });
  const post = (m: FromPushWorker) => port.postMessage(m);
  let last = 0;
  runPushJob(workerData as PushJob, {
    signal: abort.signal,
    onProgress: (progress) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS && !progress.retry) return;
      last = now;
      post({ type: 'progress', progress });
    },
    onVerifying: () => post({ type: 'verifying' }),
  }).then(
    (outcome) => post({ type: 'done', outcome }),
    (err: Error) => post({ type: 'failed', message: err.message }),
  );
}
