// Messages between the editor and the pipeline preview worker (dist/alloyPipelineWorker.js), which parses
// configurations and runs pipelines off the extension host's main thread.
import type { ComponentSite, PreviewRequest, PreviewResult } from '../preview';

export type ToPreviewWorker =
  | { id: number; kind: 'components'; documentText: string; yaml: boolean }
  | { id: number; kind: 'preview'; request: PreviewRequest };

export type PreviewWorkerAnswer = ComponentSite[] | PreviewResult;

export type FromPreviewWorker = { id: number; ok: true; value: PreviewWorkerAnswer } | { id: number; ok: false; message: string };
