// The settings the tasks read. `lbObs.lbPath` names an executable, so VS Code ignores a workspace's value of
// it until the workspace is trusted (package.json `restrictedConfigurations`).
import * as vscode from 'vscode';

export function lbPathSetting(folder?: vscode.WorkspaceFolder): string {
  return vscode.workspace.getConfiguration('lbObs', folder).get<string>('lbPath', 'lb') || 'lb';
}

/** lbObs.loki.url, else $LB_OBS_LOKI_URL; undefined when neither is set. */
export function lokiUrlSetting(): string | undefined {
  return vscode.workspace.getConfiguration('lbObs').get<string>('loki.url')?.trim() || process.env.LB_OBS_LOKI_URL?.trim() || undefined;
}

export function lokiTenantSetting(): string | undefined {
  return vscode.workspace.getConfiguration('lbObs').get<string>('loki.tenant')?.trim() || undefined;
}
