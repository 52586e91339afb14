// Opening a LogSession: `openLogSession` runs it in the log worker (the extension passes the path of
// dist/logWorker.js) and returns a proxy; `createLogSession` runs it in the calling thread (the CLI).
import { Worker } from 'worker_threads';
import { LocalLogSession, LogSessionOptions } from './logSession';
import type { LokiSourceOptions } from './lokiSource';
import type { Disposable, LogSession, LogSessionChange } from './model';
import type { FromWorker, LogWorkerData, SessionMethod, ToWorker } from './worker/protocol';

export interface OpenLogSessionOptions {
  files?: string[];
  runDir?: string;
  loki?: LokiSourceOptions;
  /** Follow appended lines and new files (default true). */
  follow?: boolean;
  pollIntervalMs?: number;
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
  return new Promise((resolve, reject) => {
    const proxy = new WorkerLogSession(worker);
    proxy.whenReady(
      () => resolve(proxy),
      (err) => {
        void worker.terminate();
        reject(err);
      },
    );
  });
}

class WorkerLogSession implements LogSession {
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(change: LogSessionChange) => void>();
  private nextId = 1;
  private failure: Error | undefined;
  private ready: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (err) => this.fail(new Error(`the log worker failed: ${err.message}`)));
    worker.on('exit', (code) => this.fail(new Error(`the log worker stopped (exit code ${code})`)));
  }

  whenReady(resolve: () => void, reject: (e: Error) => void): void {
    this.ready = { resolve, reject };
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'ready':
        this.ready?.resolve();
        this.ready = undefined;
        return;
      case 'failed':
        this.fail(new Error(m.message));
        return;
      case 'change':
        for (const l of this.listeners) l(m.change);
        return;
      case 'result':
      case 'error': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.type === 'result') p.resolve(m.value);
        else p.reject(new Error(m.message));
      }
    }
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.ready?.reject(err);
    this.ready = undefined;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private call<T>(method: SessionMethod, ...args: unknown[]): Promise<T> {
    return this.post({ type: 'call', id: this.nextId++, method, args }) as Promise<T>;
  }

  private post(message: ToWorker): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.worker.postMessage(message);
    });
  }

  info() {
    return this.call<Awaited<ReturnType<LogSession['info']>>>('info');
  }
  setFilter(filter: Parameters<LogSession['setFilter']>[0]) {
    return this.call<Awaited<ReturnType<LogSession['setFilter']>>>('setFilter', filter);
  }
  rows(start: number, count: number) {
    return this.call<Awaited<ReturnType<LogSession['rows']>>>('rows', start, count);
  }
  details(index: number) {
    return this.call<Awaited<ReturnType<LogSession['details']>>>('details', index);
  }
  facets() {
    return this.call<Awaited<ReturnType<LogSession['facets']>>>('facets');
  }
  histogram(buckets: number) {
    return this.call<Awaited<ReturnType<LogSession['histogram']>>>('histogram', buckets);
  }
  findLevel(from: number, direction: 1 | -1, minLevel: Parameters<LogSession['findLevel']>[2]) {
    return this.call<Awaited<ReturnType<LogSession['findLevel']>>>('findLevel', from, direction, minLevel);
  }

  onDidChange(listener: (change: LogSessionChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
    if (!this.failure) {
      try {
        await this.post({ type: 'dispose', id: this.nextId++ });
      } catch {
        // The worker is going away either way.
      }
    }
    this.failure ??= new Error('the log session was closed');
    await this.worker.terminate();
  }
}
