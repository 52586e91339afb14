// Reads `lbObs.*` settings for a resource through workspace/configuration; credentials never travel in
// settings: the client sends them from SecretStorage (protocol/languageServer.ts, lokiCredentialsNotification).
import type { Connection } from 'vscode-languageserver/node';
import type { LokiAuth } from '../../core/loki/connection';
import type { ServerSettings } from './serverContext';

interface RawSettings {
  config?: { runConfigGlobs?: string[]; platformConfigGlobs?: string[] };
  lokiConfig?: { globs?: string[] };
  loki?: { url?: string; tenant?: string };
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  private lokiAuth: LokiAuth | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  setLokiAuth(auth: LokiAuth | undefined): void {
    this.lokiAuth = auth;
    this.cache.clear();
  }

  clear(): void {
    this.cache.clear();
  }

  /** The document closed: its settings are read again if it opens again. */
  forget(uri: string): void {
    this.cache.delete(uri);
  }

  get(uri: string): Promise<ServerSettings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.load(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  private async load(uri: string): Promise<ServerSettings> {
    let raw: RawSettings = {};
    if (this.canPull()) {
      try {
        raw = ((await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'lbObs' })) ?? {}) as RawSettings;
      } catch {
        raw = {};
      }
    }
    const lokiUrl = raw.loki?.url || process.env.LB_OBS_LOKI_URL;
    return {
      classify: {
        runConfigGlobs: raw.config?.runConfigGlobs ?? [],
        platformConfigGlobs: raw.config?.platformConfigGlobs ?? [],
        lokiConfigGlobs: raw.lokiConfig?.globs ?? [],
      },
      loki: lokiUrl ? { url: lokiUrl, tenant: raw.loki?.tenant || undefined, auth: this.lokiAuth } : undefined,
    };
  }
}
