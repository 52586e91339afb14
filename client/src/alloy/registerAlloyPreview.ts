// Preview Pipeline: a code lens on each loki.process block of `.alloy` files and of Alloy configurations in
// YAML, and the command lbObs.alloy.previewPipeline (from the lens, or the palette for the active editor).
// Parsing and running happen in a worker thread (dist/alloyPipelineWorker.js).
import * as vscode from 'vscode';
import { mayHoldAlloy } from '../../../core/documents/alloyContent';
import { isYamlName } from '../../../core/alloy/pipeline/configSource';
import type { ComponentSite } from '../../../core/alloy/pipeline/preview';
import { PreviewWorkerClient } from '../../../core/alloy/pipeline/worker/previewWorkerClient';
import { moduleLogger, type Logger } from '../../../core/logging/logger';
import type { LokiCredentials } from '../loki/lokiCredentials';
import { PreviewPanels } from './previewPanels';
import { chooseSample } from './samples';

const PREVIEW_COMMAND = 'lbObs.alloy.previewPipeline';

function isYaml(document: vscode.TextDocument): boolean {
  return document.languageId === 'yaml' || isYamlName(document.fileName);
}

function holdsAlloy(document: vscode.TextDocument): boolean {
  return document.languageId === 'alloy' || document.fileName.endsWith('.alloy') || (isYaml(document) && mayHoldAlloy(document.getText()));
}

export function registerAlloyPreview(context: vscode.ExtensionContext, logger: Logger, credentials: LokiCredentials): void {
  const log = moduleLogger(logger, 'alloyPreview');
  const worker = new PreviewWorkerClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'alloyPipelineWorker.js').fsPath);
  const panels = new PreviewPanels(context.extensionUri, worker, log);
  context.subscriptions.push(panels, { dispose: () => void worker.dispose() });

  const sites = async (document: vscode.TextDocument): Promise<ComponentSite[]> => (holdsAlloy(document) ? worker.components(document.getText(), isYaml(document)) : []);

  const lenses = new (class implements vscode.CodeLensProvider {
    async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
      try {
        return (await sites(document)).map(
          (site) =>
            new vscode.CodeLens(new vscode.Range(document.positionAt(site.range.start), document.positionAt(site.range.end)), {
              title: 'Preview Pipeline',
              tooltip: 'Run this loki.process on sample lines and show what Alloy would send on',
              command: PREVIEW_COMMAND,
              arguments: [document.uri, site.label ?? null],
            }),
        );
      } catch (err) {
        log.warn(`no Preview Pipeline lenses for ${document.uri.toString()}: ${(err as Error).message}`);
        return [];
      }
    }
  })();
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider([{ language: 'alloy' }, { pattern: '**/*.alloy' }, { language: 'yaml' }], lenses),
    vscode.commands.registerCommand(PREVIEW_COMMAND, async (uri?: vscode.Uri, component?: string | null) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target) {
        void vscode.window.showInformationMessage('Open an Alloy configuration to preview its pipeline.');
        return;
      }
      try {
        const document = await vscode.workspace.openTextDocument(target);
        const found = await sites(document);
        if (found.length === 0) {
          void vscode.window.showInformationMessage('This document has no loki.process component to preview.');
          return;
        }
        let site = found.find((s) => s.label === (component ?? undefined));
        if (!site && found.length === 1) site = found[0];
        if (!site) {
          const picked = await vscode.window.showQuickPick(
            found.map((s) => ({ label: s.label === undefined ? 'loki.process' : `loki.process "${s.label}"`, site: s })),
            { title: 'Preview Pipeline: which loki.process?' },
          );
          if (!picked) return;
          site = picked.site;
        }
        const sample = await chooseSample(target, site.suggestedLabels, credentials);
        if (!sample) return;
        await panels.show(target, site.label, sample);
      } catch (err) {
        log.error(`Preview Pipeline failed: ${(err as Error).message}`);
        void vscode.window.showErrorMessage(`Preview Pipeline: ${(err as Error).message}`);
      }
    }),
  );
}
