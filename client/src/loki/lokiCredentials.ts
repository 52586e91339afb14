// Loki credentials (basic or bearer) in VS Code's SecretStorage, one set per Loki URL, with the commands "Set
// Loki Credentials" / "Clear Loki Credentials". Whoever talks to Loki from the extension (push, the language
// server's completion through the `lbObs/lokiCredentials` notification) asks here; they never go to settings.
import * as vscode from 'vscode';
import type { Logger } from '../../../core/logging/logger';
import { lokiBaseUrl, LokiAuth, LokiConnection } from '../../../core/loki/connection';
import { askCredentials, CredentialPrompts } from '../askCredentials';
import { lokiTenantSetting, lokiUrlSetting } from './lokiSettings';

const CREDENTIALS_KEY = 'lbObs.loki.credentials';

type StoredCredentials = Record<string, LokiAuth>;

export class LokiCredentials implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after credentials were set or cleared. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {}

  private async stored(): Promise<StoredCredentials> {
    const raw = await this.secrets.get(CREDENTIALS_KEY);
    if (!raw) return {};
    try {
      return JSON.parse(raw) as StoredCredentials;
    } catch {
      this.log.warn('stored Loki credentials are unreadable; ignoring them');
      return {};
    }
  }

  async get(url: string): Promise<LokiAuth | undefined> {
    return (await this.stored())[lokiBaseUrl({ url })];
  }

  async set(url: string, auth: LokiAuth): Promise<void> {
    const all = await this.stored();
    all[lokiBaseUrl({ url })] = auth;
    await this.secrets.store(CREDENTIALS_KEY, JSON.stringify(all));
    this.changed.fire();
  }

  /** True when something was stored for this Loki. */
  async clear(url: string): Promise<boolean> {
    const all = await this.stored();
    const key = lokiBaseUrl({ url });
    if (!(key in all)) return false;
    delete all[key];
    await this.secrets.store(CREDENTIALS_KEY, JSON.stringify(all));
    this.changed.fire();
    return true;
  }

  /** The configured Loki (lbObs.loki.url, tenant) with its stored credentials; undefined when no URL is set. */
  async connection(): Promise<LokiConnection | undefined> {
    const url = lokiUrlSetting();
    return url ? { url, tenant: lokiTenantSetting(), auth: await this.get(url) } : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

const PROMPTS: CredentialPrompts = {
  service: 'Loki',
  choices: [
    { label: 'User and password', description: 'basic auth (e.g. Grafana Cloud: instance id and access policy token)', scheme: 'basic' },
    { label: 'Token', description: 'sent as Authorization: Bearer', scheme: 'bearer' },
  ],
  tokenName: 'Token',
  tokenHint: 'Enter the token',
};

/** The Loki URL, or a message offering to set it; undefined when none is configured. */
export function requireLokiUrl(action: string): string | undefined {
  const url = lokiUrlSetting();
  if (url) return url;
  void vscode.window.showErrorMessage(`${action} needs a Loki: set lbObs.loki.url (or LB_OBS_LOKI_URL).`, 'Open Settings').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'lbObs.loki.url');
  });
  return undefined;
}

export async function setLokiCredentials(credentials: LokiCredentials): Promise<void> {
  const url = requireLokiUrl('Setting Loki credentials');
  if (!url) return;
  const loki = lokiBaseUrl({ url });
  const auth = await askCredentials(loki, PROMPTS);
  if (!auth) return;
  await credentials.set(loki, auth);
  void vscode.window.showInformationMessage(`Loki credentials for ${loki} are stored in VS Code's secret storage.`);
}

export async function clearLokiCredentials(credentials: LokiCredentials): Promise<void> {
  const url = requireLokiUrl('Clearing Loki credentials');
  if (!url) return;
  const loki = lokiBaseUrl({ url });
  const cleared = await credentials.clear(loki);
  void vscode.window.showInformationMessage(cleared ? `Loki credentials for ${loki} were removed.` : `No Loki credentials were stored for ${loki}.`);
}
