// "Set Grafana Credentials" / "Clear Grafana Credentials": a service-account token or user and password for
// the configured Grafana, kept in VS Code's SecretStorage.
import * as vscode from 'vscode';
import { grafanaBaseUrl } from '../../../core/links/grafanaUrl';
import { askCredentials, CredentialPrompts } from '../askCredentials';
import type { GrafanaTargets } from './grafanaTargets';

export const SET_CREDENTIALS_COMMAND = 'lbObs.setGrafanaCredentials';

const PROMPTS: CredentialPrompts = {
  service: 'Grafana',
  choices: [
    { label: 'Service account token', description: 'sent as Authorization: Bearer', scheme: 'bearer' },
    { label: 'User and password', description: 'basic auth', scheme: 'basic' },
  ],
  tokenName: 'Service account token',
  tokenHint: 'Enter the token (Administration > Service accounts in Grafana)',
};

export async function setCredentials(targets: GrafanaTargets): Promise<void> {
  const grafana = grafanaBaseUrl(targets.settings().url);
  const auth = await askCredentials(grafana, PROMPTS);
  if (!auth) return;
  await targets.setCredentials(grafana, auth);
  void vscode.window.showInformationMessage(`Grafana credentials for ${grafana} are stored in VS Code's secret storage.`);
}

export async function clearCredentials(targets: GrafanaTargets): Promise<void> {
  const grafana = grafanaBaseUrl(targets.settings().url);
  const cleared = await targets.clearCredentials(grafana);
  void vscode.window.showInformationMessage(cleared ? `Grafana credentials for ${grafana} were removed.` : `No Grafana credentials were stored for ${grafana}.`);
}
