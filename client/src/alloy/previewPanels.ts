// The pipeline preview panels: one webview per configuration document and loki.process component, showing
// per sample line what Alloy would send on. The webview follows the log panel's rules (panelHtml: CSP with a
// nonce, no network; the script renders data as text only). "Run again" re-reads the configuration.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Logger } from '../../../core/logging/logger';
import { isYamlName } from '../../../core/alloy/pipeline/configSource';
import type { PreviewWorkerClient } from '../../../core/alloy/pipeline/worker/previewWorkerClient';
import { createScriptPanel } from '../scriptPanel';
import { isFromPreviewWebview, type ToPreviewWebview } from '../../../protocol/alloyPreview';
import type { Sample } from './samples';

interface OpenPreview {
  panel: vscode.WebviewPanel;
  uri: vscode.Uri;
  component: string | undefined;
  sample: Sample;
  ready: boolean;
  last?: ToPreviewWebview;
}

export class PreviewPanels implements vscode.Disposable {
  private readonly open = new Map<string, OpenPreview>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly worker: PreviewWorkerClient,
    private readonly log: Logger,
  ) {}

  async show(uri: vscode.Uri, component: string | undefined, sample: Sample): Promise<void> {
    const key = `${uri.toString()}#${component ?? ''}`;
    let preview = this.open.get(key);
    if (preview) {
      preview.sample = sample;
      preview.panel.reveal(undefined, true);
    } else {
      preview = this.create(key, uri, component, sample);
    }
    await this.run(preview);
  }

  private create(key: string, uri: vscode.Uri, component: string | undefined, sample: Sample): OpenPreview {
    const title = `Pipeline: ${component === undefined ? 'loki.process' : `loki.process "${component}"`}`;
    const panel = createScriptPanel(this.extensionUri, 'lbObs.alloyPreview', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, 'alloyPreview');
    const preview: OpenPreview = { panel, uri, component, sample, ready: false };
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if (!isFromPreviewWebview(m)) return;
      if (m.type === 'ready') {
        preview.ready = true;
        if (preview.last) void panel.webview.postMessage(preview.last);
      } else {
        void this.run(preview);
      }
    });
    panel.onDidDispose(() => this.open.delete(key));
    this.open.set(key, preview);
    return preview;
  }

  private post(preview: OpenPreview, message: ToPreviewWebview): void {
    preview.last = message;
    if (preview.ready) void preview.panel.webview.postMessage(message);
  }

  private async run(preview: OpenPreview): Promise<void> {
    const label = preview.component === undefined ? 'loki.process' : `loki.process "${preview.component}"`;
    this.post(preview, { type: 'running', component: label, source: preview.sample.description });
    try {
      const document = await vscode.workspace.openTextDocument(preview.uri);
      const result = await this.worker.preview({
        documentText: document.getText(),
        yaml: isYamlName(document.fileName) || document.languageId === 'yaml',
        component: preview.component,
        entries: preview.sample.entries,
      });
      if (!result.ok) {
        const where = result.range ? ` (${path.basename(document.fileName)}:${document.positionAt(result.range.start).line + 1})` : '';
        this.post(preview, { type: 'failed', component: label, message: `${result.message}${where}` });
        return;
      }
      this.post(preview, {
        type: 'show',
        view: {
          component: result.component,
          source: preview.sample.description,
          inputs: preview.sample.entries.map((e) => ({ line: e.line, labels: e.labels ?? {} })),
          notSimulated: result.notSimulated,
          results: result.results,
        },
      });
    } catch (err) {
      this.log.error(`pipeline preview failed: ${(err as Error).message}`);
      this.post(preview, { type: 'failed', component: label, message: (err as Error).message });
    }
  }

  dispose(): void {
    for (const p of this.open.values()) p.panel.dispose();
    this.open.clear();
  }
}
