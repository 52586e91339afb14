// The settings the tasks read. `lbObs.lbPath` names an executable, so VS Code ignores a workspace's value of
// it until the workspace is trusted (package.json `restrictedConfigurations`).
import * as vscode from 'vscode';

export function lbPathSetting(folder?: vscode.WorkspaceFolder): string {
  return vscode.workspace.getConfiguration('lbObs', folder).get<string>('lbPath', 'lb') || 'lb';
}
