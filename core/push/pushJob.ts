// A whole push as the VS Code command runs it: resolve the inputs, push, then verify, in the calling thread
// (`runPushJob`) or in a worker thread (`runPushJobInWorker`, given dist/pushWorker.js).
import { Worker } from 'worker_threads';
import { CheckpointStore } from './checkpoints';
import { resolvePushInputs } from './inputFiles';
import type { PushProgress } from './pushProgress';
import { pushLogs } from './pushLogs';
import { expectedStreams, verifyInLoki } from './verifyPush';
import type { FromPushWorker, PushJob, PushOutcome, ToPushWorker } from './worker/protocol';

export interface PushJobEvents {
  onProgress?: (progress: PushProgress) => void;
  onVerifying?: () => void;
  signal?: AbortSignal;
}

export async function runPushJob(job: PushJob, events: PushJobEvents = {}): Promise<PushOutcome> {
  const families = await resolvePushInputs(job.inputs, job.cwd);
  const report = await pushLogs(families, {
    connection: job.connection,
    staticLabels: job.staticLabels,
    checkpoints: new CheckpointStore(job.checkpointDir),
    signal: events.signal,
    onProgress: events.onProgress,
  });
  if (!job.verify || report.outcome !== 'completed') return { report };
  events.onVerifying?.();
  try {
    const expected = await expectedStreams(families, { staticLabels: job.staticLabels, signal: events.signal });
    return { report, verify: await verifyInLoki(job.connection, expected, { staticLabels: job.staticLabels, signal: events.signal }) };
  } catch (err) {
    return { report, verifyError: (err as Error).message };
  }
}

/** Runs the job in a worker thread, so that reading and parsing large files never blocks the caller's thread. */
export function runPushJobInWorker(workerScript: string, job: PushJob, events: PushJobEvents = {}): Promise<PushOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript, { workerData: job });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      events.signal?.removeEventListener('abort', cancel);
      fn();
      void worker.terminate();
    };
    const cancel = () => worker.postMessage({ type: 'cancel' } satisfies ToPushWorker);
    events.signal?.addEventListener('abort', cancel);
    worker.on('message', (m: FromPushWorker) => {
      if (m.type === 'progress') events.onProgress?.(m.progress);
      else if (m.type === 'verifying') events.onVerifying?.();
      else if (m.type === 'done') settle(() => resolve(m.outcome));
      else settle(() => reject(new Error(m.message)));
    });
    worker.on('error', (err) => settle(() => reject(new Error(`the push worker failed: ${err.message}`))));
    worker.on('exit', (code) => settle(() => reject(new Error(`the push worker stopped (exit code ${code})`))));
  });
}
