// The Grafana the extension links to and the status bar watches: settings `lbObs.grafana.*`, then the
// environment, then lb's platform.json. Credentials for Grafana's API live in SecretStorage (per Grafana URL),
// else come from the environment or platform.json's api_key; they are used for API calls (datasource discovery,
// health) only and never logged or put in links.
// Without a datasource uid the Loki datasources are discovered (the user picks when there are several).
import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import { GrafanaAuth, grafanaLokiDatasources } from '../../../core/grafana/client';
import { GrafanaSettings, resolveGrafanaSettings } from '../../../core/grafana/settings';
import type { Logger } from '../../../core/logging/logger';
import { AIRFLOW_DEFAULTS, AirflowMode, AirflowQueryOptions } from '../../../core/links/airflow';
import { FLYTE_DEFAULTS, FlyteQueryOptions } from '../../../core/links/flyte';
import { ExploreTarget, grafanaBaseUrl } from '../../../core/links/grafanaUrl';
import { escapedItem } from '../labelText';

const CREDENTIALS_KEY = 'lbObs.grafana.credentials';

function config(scope?: vscode.Uri) {
  return vscode.workspace.getConfiguration('lbObs', scope);
}

export function legacyLinks(): boolean {
  return config().get<boolean>('grafana.legacyLinks') === true;
}

/** The Flyte settings of a folder (`scope`: a file or folder in it). */
export function flyteOptions(scope?: vscode.Uri): FlyteQueryOptions {
  const c = config(scope);
  return {
    workflowLabel: c.get<string>('flyte.workflowLabel') || FLYTE_DEFAULTS.workflowLabel,
    workflowSelector: c.get<string>('flyte.workflowSelector') || FLYTE_DEFAULTS.workflowSelector,
    podSelector: c.get<string>('flyte.podSelector') || FLYTE_DEFAULTS.podSelector,
  };
}

/** The Airflow settings of a folder; the mode is the setting's (links ask LinkChoices whether it was set). */
export function airflowOptions(scope?: vscode.Uri): AirflowQueryOptions {
  const c = config(scope);
  const names = c.get<Record<string, unknown>>('airflow.labelNames') ?? {};
  const name = (key: string, fallback: string) => (typeof names[key] === 'string' && names[key] ? (names[key] as string) : fallback);
  const d = AIRFLOW_DEFAULTS.labels;
  return {
    mode: c.get<AirflowMode>('airflow.mode') === 'line-filter' ? 'line-filter' : 'labels',
    namespace: c.get<string>('airflow.namespace') || AIRFLOW_DEFAULTS.namespace,
    labels: {
      namespace: name('namespace', d.namespace),
      dagId: name('dag_id', d.dagId),
      runId: name('run_id', d.runId),
      taskId: name('task_id', d.taskId),
      tryNumber: name('try_number', d.tryNumber),
    },
    sanitize: c.get<boolean>('airflow.sanitizeLabelValues') !== false,
  };
}

/** The Grafana settings; problems reading platform.json are logged as warnings. */
export function grafanaSettings(log: Logger): GrafanaSettings {
  const c = config();
  const orgId = c.get<number | null>('grafana.orgId');
  const resolved = resolveGrafanaSettings({
    env: process.env,
    homeDir: os.homedir(),
    readFile: (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    explicit: {
      url: c.get<string>('grafana.url')?.trim(),
      orgId: typeof orgId === 'number' ? orgId : undefined,
      datasourceUid: c.get<string>('grafana.datasourceUid')?.trim(),
    },
  });
  for (const w of resolved.warnings) log.warn(w);
  return resolved;
}

/** The credential the user stored for one Grafana (by base URL). */
type StoredCredentials = Record<string, GrafanaAuth>;

async function storedCredentials(secrets: vscode.SecretStorage, log: Logger): Promise<StoredCredentials> {
  const raw = await secrets.get(CREDENTIALS_KEY);
  if (!raw) return {};
  try {
    return JSON.parse(raw) as StoredCredentials;
  } catch {
    log.warn('stored Grafana credentials are unreadable; ignoring them');
    return {};
  }
}

/** The credentials for Grafana's API: the ones stored for its URL, else those of the settings. */
export async function grafanaAuth(secrets: vscode.SecretStorage, log: Logger, settings: GrafanaSettings): Promise<GrafanaAuth | undefined> {
  return (await storedCredentials(secrets, log))[grafanaBaseUrl(settings.url)] ?? settings.auth;
}

export class GrafanaTargets {
  /** Datasource uids picked this session, per Grafana URL and org. */
  private readonly picked = new Map<string, string>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {}

  settings(): GrafanaSettings {
    return grafanaSettings(this.log);
  }

  private stored(): Promise<StoredCredentials> {
    return storedCredentials(this.secrets, this.log);
  }

  async setCredentials(url: string, auth: GrafanaAuth): Promise<void> {
    const all = await this.stored();
    all[grafanaBaseUrl(url)] = auth;
    await this.secrets.store(CREDENTIALS_KEY, JSON.stringify(all));
  }

  /** True when something was stored for this Grafana. */
  async clearCredentials(url: string): Promise<boolean> {
    const all = await this.stored();
    const key = grafanaBaseUrl(url);
    if (!(key in all)) return false;
    delete all[key];
    await this.secrets.store(CREDENTIALS_KEY, JSON.stringify(all));
    return true;
  }

  auth(settings: GrafanaSettings): Promise<GrafanaAuth | undefined> {
    return grafanaAuth(this.secrets, this.log, settings);
  }

  /** The Explore target, discovering the Loki datasource when no uid is set; undefined if the user cancelled. */
  async exploreTarget(): Promise<ExploreTarget | undefined> {
    const s = this.settings();
    if (s.datasourceUid) return { url: s.url, orgId: s.orgId, datasourceUid: s.datasourceUid };
    const key = `${grafanaBaseUrl(s.url)}#${s.orgId}`;
    const known = this.picked.get(key);
    if (known) return { url: s.url, orgId: s.orgId, datasourceUid: known };
    const found = await grafanaLokiDatasources({ url: s.url, orgId: s.orgId, auth: await this.auth(s) });
    if (found.length === 0) throw new Error(`Grafana at ${grafanaBaseUrl(s.url)} (org ${s.orgId}) has no Loki datasource`);
    let uid = found[0].uid;
    if (found.length > 1) {
      const choice = await vscode.window.showQuickPick(
        found.map((d) => escapedItem({ label: d.name, description: d.uid, detail: [d.isDefault ? 'default' : '', d.url ?? ''].filter(Boolean).join(' · '), uid: d.uid })),
        { title: 'Loki datasource for Grafana links', placeHolder: 'Set lbObs.grafana.datasourceUid to skip this question' },
      );
      if (!choice) return undefined;
      uid = choice.uid;
    }
    this.log.info(`using Loki datasource ${uid} of ${grafanaBaseUrl(s.url)} (org ${s.orgId}) for links`);
    this.picked.set(key, uid);
    return { url: s.url, orgId: s.orgId, datasourceUid: uid };
  }
}
