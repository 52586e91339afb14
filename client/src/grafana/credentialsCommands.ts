// "Set Grafana Credentials" / "Clear Grafana Credentials": a service-account token or user and password for
// the configured Grafana, kept in VS Code's SecretStorage.
import * as vscode from 'vscode';
import type { GrafanaAuth } from '../../../core/grafana/client';
import { grafanaBaseUrl } from '../../../core/links/grafanaUrl';
import type { GrafanaTargets } from './grafanaTargets';

export const SET_CREDENTIALS_COMMAND = 'lbObs.setGrafanaCredentials';

async function askAuth(grafana: string): Promise<GrafanaAuth | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Service account token', description: 'sent as Authorization: Bearer', scheme: 'bearer' as const },
      { label: 'User and password', description: 'basic auth', scheme: 'basic' as const },
    ],
    { title: `Grafana credentials for ${grafana}` },
  );
  if (!choice) return undefined;
  if (choice.scheme === 'bearer') {
    const token = await vscode.window.showInputBox({
      title: `Service account token for ${grafana}`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Enter the token (Administration > Service accounts in Grafana)'),
    });
    return token ? { type: 'bearer', token: token.trim() } : undefined;
  }
  const username = await vscode.window.showInputBox({ title: `Grafana user for ${grafana}`, ignoreFocusOut: true, validateInput: (v) => (v ? undefined : 'Enter a user name') });
  if (!username) return undefined;
  const password = await vscode.window.showInputBox({ title: `Password of ${username} on ${grafana}`, password: true, ignoreFocusOut: true });
  return password === undefined ? undefined : { type: 'basic', username, password };
}

export async function setCredentials(targets: GrafanaTargets): Promise<void> {
  const grafana = grafanaBaseUrl(targets.settings().url);
  const auth = await askAuth(grafana);
  if (!auth) return;
  await targets.setCredentials(grafana, auth);
  void vscode.window.showInformationMessage(`Grafana credentials for ${grafana} are stored in VS Code's secret storage.`);
}

export async function clearCredentials(targets: GrafanaTargets): Promise<void> {
  const grafana = grafanaBaseUrl(targets.settings().url);
  const cleared = await targets.clearCredentials(grafana);
  void vscode.window.showInformationMessage(cleared ? `Grafana credentials for ${grafana} were removed.` : `No Grafana credentials were stored for ${grafana}.`);
}
