// The editor's side of the pipeline preview worker: started on first use, one request id per call, ended by
// dispose(). A crash of the worker fails the pending calls; the next call starts a new one.
import { Worker } from 'worker_threads';
import type { ComponentSite, PreviewRequest, PreviewResult } from '../preview';
import type { FromPreviewWorker, PreviewWorkerAnswer, ToPreviewWorker } from './protocol';

type Pending = { resolve: (value: PreviewWorkerAnswer) => void; reject: (err: Error) => void };
type Request = { kind: 'components'; documentText: string; yaml: boolean } | { kind: 'preview'; request: PreviewRequest };

export class PreviewWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly workerScript: string) {}

  components(documentText: string, yaml: boolean): Promise<ComponentSite[]> {
    return this.call({ kind: 'components', documentText, yaml }) as Promise<ComponentSite[]>;
  }

  preview(request: PreviewRequest): Promise<PreviewResult> {
    return this.call({ kind: 'preview', request }) as Promise<PreviewResult>;
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the pipeline preview was closed'));
    await worker?.terminate();
  }

  private call(request: Request): Promise<PreviewWorkerAnswer> {
    const id = this.nextId++;
    const message = { id, ...request } as ToPreviewWorker;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const worker = this.start();
      // Referenced only while answers are awaited: an idle worker never keeps the process alive.
      worker.ref();
      worker.postMessage(message);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript);
    worker.on('message', (m: FromPreviewWorker) => {
      const pending = this.pending.get(m.id);
      if (!pending) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.ok) pending.resolve(m.value);
      else pending.reject(new Error(m.message));
    });
    const ended = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(err);
    };
    worker.on('error', ended);
    worker.on('exit', (code) => ended(new Error(`the pipeline preview worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
