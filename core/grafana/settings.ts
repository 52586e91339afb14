// Where the Grafana to link to comes from: explicit settings (CLI flags, VS Code settings), then the environment
// (LB_OBS_GRAFANA_URL, LB_OBS_DATASOURCE_UID), then lb's platform.json (`grafana.url`, `grafana.org_id`), then
// lb's defaults. platform.json's `grafana.api_key` is returned for API calls only: never put it in links or logs.
import { lbPlatformConfigPath } from '../config/lbPaths';
import type { GrafanaAuth } from './client';
import { quoteUserText } from '../text/userText';

export const DEFAULT_GRAFANA_URL = 'http://localhost:3000';
export const DEFAULT_ORG_ID = 1;

export interface GrafanaSettingsInput {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  readFile(file: string): string | undefined;
  /** Values the user set explicitly (flags or settings); empty strings count as unset. */
  explicit?: { url?: string; orgId?: number; datasourceUid?: string };
}

export interface GrafanaSettings {
  url: string;
  /** False when `url` is lb's default (nothing named a Grafana). */
  urlConfigured: boolean;
  orgId: number;
  datasourceUid?: string;
  /** Credentials from the environment or platform.json, for Grafana's HTTP API (datasource discovery). */
  auth?: GrafanaAuth;
  /** Problems reading platform.json (it is optional, so they are reported, not fatal). */
  warnings: string[];
}

interface PlatformGrafana {
  url?: string;
  orgId?: number;
  apiKey?: string;
}

function readPlatformGrafana(input: GrafanaSettingsInput, file: string, warnings: string[]): PlatformGrafana {
  const text = input.readFile(file);
  if (text === undefined) return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    warnings.push(`${file} is not valid JSON (${quoteUserText((err as Error).message, 200)}); its grafana settings are ignored`);
    return {};
  }
  const grafana = (data as { grafana?: unknown } | null)?.grafana;
  if (grafana === undefined || grafana === null) return {};
  if (typeof grafana !== 'object' || Array.isArray(grafana)) {
    warnings.push(`${file}: "grafana" is not an object; ignored`);
    return {};
  }
  const g = grafana as Record<string, unknown>;
  const out: PlatformGrafana = {};
  if (typeof g.url === 'string' && g.url) out.url = g.url;
  else if (g.url !== undefined) warnings.push(`${file}: grafana.url is not a non-empty string; ignored`);
  if (Number.isInteger(g.org_id) && (g.org_id as number) >= 1) out.orgId = g.org_id as number;
  else if (g.org_id !== undefined) warnings.push(`${file}: grafana.org_id is not an integer >= 1; ignored`);
  if (typeof g.api_key === 'string' && g.api_key) out.apiKey = g.api_key;
  return out;
}

function envAuth(env: NodeJS.ProcessEnv): GrafanaAuth | undefined {
  if (env.LB_OBS_GRAFANA_TOKEN) return { type: 'bearer', token: env.LB_OBS_GRAFANA_TOKEN };
  if (env.LB_OBS_GRAFANA_USER) return { type: 'basic', username: env.LB_OBS_GRAFANA_USER, password: env.LB_OBS_GRAFANA_PASSWORD ?? '' };
  return undefined;
}

export function resolveGrafanaSettings(input: GrafanaSettingsInput): GrafanaSettings {
  const warnings: string[] = [];
  const file = lbPlatformConfigPath(input.homeDir, input.env.XDG_CONFIG_HOME);
  const platform = readPlatformGrafana(input, file, warnings);
  const explicit = input.explicit ?? {};
  const first = <T>(...candidates: Array<T | undefined>): T | undefined => candidates.find((v) => v !== undefined && v !== '');
  const url = first(explicit.url, input.env.LB_OBS_GRAFANA_URL, platform.url);
  return {
    url: url ?? DEFAULT_GRAFANA_URL,
    urlConfigured: url !== undefined,
    orgId: first(explicit.orgId, platform.orgId) ?? DEFAULT_ORG_ID,
    datasourceUid: first(explicit.datasourceUid, input.env.LB_OBS_DATASOURCE_UID),
    auth: envAuth(input.env) ?? (platform.apiKey ? { type: 'bearer', token: platform.apiKey } : undefined),
    warnings,
  };
}
