// Starting scan worker threads, and starting them early: a worker thread takes ~80 ms to boot (Node's own
// bootstrap), which a command that is about to index a large file can overlap with loading its own code. Kept
// apart from scanPool.ts (which holds the indexer) so that the CLI's entry can import it cheaply.
import * as os from 'os';
import { Worker } from 'worker_threads';

/** Below this many bytes per part, starting workers costs more than it saves. */
export const MIN_PART_BYTES = 24 << 20;

/** How many scan workers a session uses by default: the cores, up to four (more only adds memory). */
export function defaultScanWorkers(): number {
  return Math.min(4, os.availableParallelism());
}

/** How many workers a scan of `bytes` bytes will use: one part of at least `minPartBytes` per worker. */
export function workersFor(bytes: number, size: number, minPartBytes = MIN_PART_BYTES): number {
  return Math.max(1, Math.min(size, Math.floor(bytes / minPartBytes)));
}

export function startScanWorker(script: string): Worker {
  const worker = new Worker(script, { workerData: { role: 'scan' } });
  // An idle worker never keeps the process alive; ScanPool refs it while it has requests.
  worker.unref();
  return worker;
}

/** Stops a worker and waits for it to exit (referenced meanwhile: the process would not wait for an idle one). */
export function stopScanWorker(worker: Worker): Promise<number> {
  worker.ref();
  return worker.terminate();
}

const early = new Map<string, Worker[]>();

/** Starts `count` workers of `script` now, for the next ScanPool of that script to take. */
export function startScanWorkersEarly(script: string, count: number): void {
  const started = early.get(script) ?? [];
  while (started.length < count) started.push(startScanWorker(script));
  early.set(script, started);
}

/** A worker started early for `script`, if one is left. */
export function takeEarlyScanWorker(script: string): Worker | undefined {
  return early.get(script)?.shift();
}

/** Stops the workers started early that no pool took (the command did not need them after all). */
export async function stopEarlyScanWorkers(): Promise<void> {
  const left = [...early.values()].flat();
  early.clear();
  await Promise.all(left.map(stopScanWorker));
}
