// The settings the tasks read. `lbObs.lbPath` names an executable, so VS Code ignores a workspace's value of
// it until the workspace is trusted (package.json `restrictedConfigurations`).
import * as vscode from 'vscode';

export const DEFAULT_GRAFANA_URL = 'http://localhost:3000';

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

export function grafanaUrlSetting(): string {
  return vscode.workspace.getConfiguration('lbObs').get<string>('grafana.url')?.trim() || process.env.LB_OBS_GRAFANA_URL?.trim() || DEFAULT_GRAFANA_URL;
}

/** True when the user chose a Grafana URL (setting or environment), not just the default. */
export function grafanaUrlConfigured(): boolean {
  const inspected = vscode.workspace.getConfiguration('lbObs').inspect<string>('grafana.url');
  return Boolean(inspected?.globalValue || inspected?.workspaceValue || inspected?.workspaceFolderValue || process.env.LB_OBS_GRAFANA_URL);
}
