// Entry of the pipeline preview worker bundle (dist/alloyPipelineWorker.js): answers one message at a time;
// the WebAssembly modules load on the first request and stay for the worker's life.
import { parentPort } from 'worker_threads';
import { documentComponents, previewPipeline } from '../preview';
import type { FromPreviewWorker, ToPreviewWorker } from './protocol';

if (parentPort) {
  const port = parentPort;
  port.on('message', (m: ToPreviewWorker) => {
    const work = m.kind === 'components' ? documentComponents(m.documentText, m.yaml) : previewPipeline(m.request);
    work.then(
      (value) => port.postMessage({ id: m.id, ok: true, value } satisfies FromPreviewWorker),
      (err: unknown) => port.postMessage({ id: m.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies FromPreviewWorker),
    );
  });
}
