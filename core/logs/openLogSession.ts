// Opening a LogSession: `openLogSession` runs it in the log worker (the extension passes the path of
// dist/logWorker.js) and returns a proxy; `createLogSession` runs it in the calling thread (the CLI).
import { Worker } from 'worker_threads';
import { LocalLogSession, LogSessionOptions } from './logSession';
import { RpcClient } from '../rpc/rpc';
import type { LogSession, LogSessionChange } from './model';
import { logSessionMethods, UNLIMITED } from './sessionMethods';
import { DISPOSE, FromWorker, LogWorkerData, type LogWorkerOptions } from './worker/protocol';

export interface OpenLogSessionOptions extends LogWorkerOptions {
  /** Path of the log worker bundle, dist/logWorker.js. */
  workerScript: string;
}

export function createLogSession(options: LogSessionOptions): Promise<LocalLogSession> {
  return LocalLogSession.open(options);
}

export function openLogSession(options: OpenLogSessionOptions): Promise<LogSession> {
  const { workerScript, ...sessionOptions } = options;
  const data: LogWorkerData = { role: 'session', options: sessionOptions };
  const worker = new Worker(workerScript, { workerData: data });
  const { session, ready } = workerLogSession(worker);
  return ready.then(
    () => session,
    async (err: Error) => {
      await worker.terminate();
      throw err;
    },
  );
}

/** A LogSession whose methods are requests to the log worker. */
function workerLogSession(worker: Worker): { session: LogSession; ready: Promise<void> } {
  const listeners = new Set<(change: LogSessionChange) => void>();
  const client = new RpcClient(logSessionMethods(UNLIMITED), (message) => worker.postMessage(message));
  let ready!: { resolve: () => void; reject: (e: Error) => void };
  const readyPromise = new Promise<void>((resolve, reject) => (ready = { resolve, reject }));
  const fail = (err: Error) => {
    client.fail(err);
    ready.reject(client.failed!);
  };
  worker.on('message', (m: FromWorker) => {
    if (client.receive(m)) return;
    if (m.type === 'ready') ready.resolve();
    else if (m.type === 'failed') fail(new Error(m.message));
    else if (m.type === 'change') for (const l of listeners) l(m.change);
  });
  worker.on('error', (err) => fail(new Error(`the log worker failed: ${err.message}`)));
  worker.on('exit', (code) => fail(new Error(`the log worker stopped (exit code ${code})`)));
  const session: LogSession = {
    ...client.api(),
    onDidChange(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    async dispose() {
      listeners.clear();
      if (!client.failed) {
        try {
          await client.send(DISPOSE, {});
        } catch {
          // The worker is going away either way.
        }
      }
      client.fail(new Error('the log session was closed'));
      await worker.terminate();
    },
  };
  return { session, ready: readyPromise };
}
