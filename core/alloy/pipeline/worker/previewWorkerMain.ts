// Entry of the pipeline preview worker bundle (dist/alloyPipelineWorker.js): answers the methods of
// previewMethods.ts; the WebAssembly modules load on the first request and stay for the worker's life.
import { parentPort } from 'worker_threads';
import { RpcServer } from '../../../rpc/rpc';
import { documentComponents, previewPipeline } from '../preview';
import { previewMethods } from './previewMethods';

if (parentPort) {
  const port = parentPort;
  const server = new RpcServer(previewMethods, { components: documentComponents, preview: previewPipeline }, (reply) => port.postMessage(reply));
  port.on('message', (message: unknown) => void server.receive(message));
}
