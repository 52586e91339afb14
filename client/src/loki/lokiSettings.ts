// Where Loki is, as the user set it: read by the credentials, the status bar's health checks and provisioning.
import * as vscode from 'vscode';

/** lbObs.loki.url, else $LB_OBS_LOKI_URL; undefined when neither is set. */
export function lokiUrlSetting(): string | undefined {
  return vscode.workspace.getConfiguration('lbObs').get<string>('loki.url')?.trim() || process.env.LB_OBS_LOKI_URL?.trim() || undefined;
}

export function lokiTenantSetting(): string | undefined {
  return vscode.workspace.getConfiguration('lbObs').get<string>('loki.tenant')?.trim() || undefined;
}
