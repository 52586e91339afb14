// The editor's side of the pipeline preview worker: started on first use, ended by dispose(). A crash of the
// worker fails the pending calls; the next call starts a new one.
import { Worker } from 'worker_threads';
import { ParamsOf, ResultOf, RpcClient } from '../../../rpc/rpc';
import type { ComponentSite, PreviewRequest, PreviewResult } from '../preview';
import { PreviewMethods, previewMethods } from './previewMethods';

interface Running {
  worker: Worker;
  client: RpcClient<PreviewMethods>;
  calls: number;
}

export class PreviewWorkerClient {
  private running: Running | undefined;

  constructor(private readonly workerScript: string) {}

  components(documentText: string, yaml: boolean): Promise<ComponentSite[]> {
    return this.call('components', { documentText, yaml });
  }

  preview(request: PreviewRequest): Promise<PreviewResult> {
    return this.call('preview', { request });
  }

  async dispose(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    running?.client.fail(new Error('the pipeline preview was closed'));
    await running?.worker.terminate();
  }

  private call<K extends keyof PreviewMethods & string>(method: K, params: ParamsOf<PreviewMethods[K]>): Promise<ResultOf<PreviewMethods[K]>> {
    const running = this.start();
    // Referenced only while answers are awaited: an idle worker never keeps the process alive.
    if (running.calls++ === 0) running.worker.ref();
    return running.client.request(method, params).finally(() => {
      if (--running.calls === 0) running.worker.unref();
    });
  }

  private start(): Running {
    if (this.running) return this.running;
    const worker = new Worker(this.workerScript);
    const running: Running = { worker, client: new RpcClient(previewMethods, (message) => worker.postMessage(message)), calls: 0 };
    worker.on('message', (message: unknown) => running.client.receive(message));
    const ended = (err: Error) => {
      running.client.fail(err);
      if (this.running === running) this.running = undefined;
    };
    worker.on('error', ended);
    worker.on('exit', (code) => ended(new Error(`the pipeline preview worker stopped (exit code ${code})`)));
    this.running = running;
    return running;
  }
}
