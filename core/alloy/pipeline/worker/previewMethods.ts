// The pipeline preview worker's methods (dist/alloyPipelineWorker.js parses configurations and runs pipelines off
// the extension host's main thread), declared once for both sides of core/rpc/rpc.ts. The editor is the only
// caller: types are checked, sizes are not limited.
import { boolean, Check, list, object, record, requiring, string } from '../../../rpc/checks';
import { method } from '../../../rpc/rpc';
import type { SampleEntry } from '../model';
import type { ComponentSite, PreviewRequest, PreviewResult } from '../preview';

const text = string(Number.MAX_SAFE_INTEGER);

const sampleEntry: Check<SampleEntry> = requiring(object({ line: text, labels: record(text, Number.MAX_SAFE_INTEGER), timestamp: text }), 'line');

const previewRequest: Check<PreviewRequest> = requiring(
  object({ documentText: text, yaml: boolean, component: text, entries: list(sampleEntry, Number.MAX_SAFE_INTEGER), now: text }),
  'documentText',
  'entries',
);

export const previewMethods = {
  /** The loki.process blocks of a document (none when it does not parse). */
  components: method<ComponentSite[]>()(['documentText', text], ['yaml', boolean]),
  preview: method<PreviewResult>()(['request', previewRequest]),
};

export type PreviewMethods = typeof previewMethods;
