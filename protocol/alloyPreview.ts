// Messages between the pipeline preview's webview (client/webview/alloyPreview) and the extension, imported by both.
import type { EntryResult } from '../core/alloy/pipeline/model';
import type { StageRef } from '../core/alloy/pipeline/preview';

export interface PreviewView {
  /** `loki.process "default"` */
  component: string;
  /** Where the sample lines came from, e.g. `3 selected lines of app.log`. */
  source: string;
  /** The sample lines and the labels they were given, in order. */
  inputs: Array<{ line: string; labels: Record<string, string> }>;
  notSimulated: StageRef[];
  results: EntryResult[];
}

export type ToPreviewWebview =
  | { type: 'running'; component: string; source: string }
  | { type: 'show'; view: PreviewView }
  | { type: 'failed'; component: string; message: string };

export type FromPreviewWebview = { type: 'ready' } | { type: 'rerun' };

export function isFromPreviewWebview(m: unknown): m is FromPreviewWebview {
  const type = (m as { type?: unknown } | null)?.type;
  return type === 'ready' || type === 'rerun';
}
