// "Run this workload" above each workload key of a run config.
import * as vscode from 'vscode';
import { readRunConfig } from '../../../core/tasks/runConfig';

export const RUN_WORKLOAD_COMMAND = 'lbObs.runWorkload';

export class WorkloadCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  /** Trust changes the lens text, so lenses are recomputed then. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const trusted = vscode.workspace.isTrusted;
    return readRunConfig(document.getText()).workloads.map((w) => {
      const range = new vscode.Range(document.positionAt(w.keyOffset), document.positionAt(w.keyOffset + w.keyLength));
      return new vscode.CodeLens(range, {
        title: trusted ? 'Run this workload' : 'Run this workload (needs a trusted workspace)',
        tooltip: `lb run --config ${vscode.workspace.asRelativePath(document.uri)} --run-id <new> -- ${w.name}`,
        command: RUN_WORKLOAD_COMMAND,
        arguments: [document.uri, w.name],
      });
    });
  }
}
