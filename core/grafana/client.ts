// A small client of Grafana's HTTP API: health and datasource discovery. Auth is a service-account token
// (Bearer) or basic auth; the org is selected with X-Grafana-Org-Id. Credentials never appear in messages, and
// what the server sent is quoted shortened, its control characters made visible.
import fetch, { Response } from 'node-fetch';
import { grafanaBaseUrl } from '../links/grafanaUrl';
import { quoteUserText } from '../text/userText';

export type GrafanaAuth = { type: 'bearer'; token: string } | { type: 'basic'; username: string; password: string };

export interface GrafanaConnection {
  url: string;
  orgId?: number;
  auth?: GrafanaAuth;
}

export interface GrafanaHealth {
  database?: string;
  version?: string;
  commit?: string;
}

export interface GrafanaDatasource {
  uid: string;
  name: string;
  type: string;
  isDefault: boolean;
  /** The datasource's own backend URL (e.g. Loki's), for display. */
  url?: string;
}

/** Grafana answered with an error status; `detail` is Grafana's `message` when it sent one. */
export class GrafanaHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly url: string,
  ) {
    const hint =
      status === 401
        ? ' (missing or wrong credentials: set a service-account token or user and password)'
        : status === 403
          ? ' (the credentials lack permission for this)'
          : '';
    super(`Grafana answered ${status} for ${url}${hint}${detail ? `: "${quoteUserText(detail, 300)}"` : ''}`);
    this.name = 'GrafanaHttpError';
  }
}

/** Something answered with success, but not with the JSON Grafana sends: most likely the URL is not Grafana's. */
export class NotGrafanaError extends Error {
  constructor(what: string) {
    super(`${what} (is this URL Grafana?)`);
    this.name = 'NotGrafanaError';
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;

interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

function headers(conn: GrafanaConnection, url: URL): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json' };
  if (conn.orgId !== undefined) h['X-Grafana-Org-Id'] = String(conn.orgId);
  if (conn.auth?.type === 'bearer') h.Authorization = `Bearer ${conn.auth.token}`;
  else if (conn.auth?.type === 'basic') {
    h.Authorization = `Basic ${Buffer.from(`${conn.auth.username}:${conn.auth.password}`).toString('base64')}`;
  } else if (url.username || url.password) {
    const userinfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    h.Authorization = `Basic ${Buffer.from(userinfo).toString('base64')}`;
  }
  return h;
}

async function getJson(conn: GrafanaConnection, apiPath: string, opts: RequestOptions): Promise<unknown> {
  const shown = `${grafanaBaseUrl(conn.url)}${apiPath}`;
  const raw = new URL(conn.url.trim());
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(shown, { method: 'GET', headers: headers(conn, raw), signal, redirect: 'error' });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    if (timeout.aborted) throw new Error(`Grafana did not answer GET ${shown} within ${timeoutMs} ms`, { cause: timeout.reason });
    const e = err as { code?: string; message?: string };
    throw new Error(`cannot reach Grafana for GET ${shown}: ${e.code ?? e.message ?? String(err)}`, { cause: err });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const message = (body as { message?: unknown } | undefined)?.message;
    throw new GrafanaHttpError(res.status, typeof message === 'string' ? message : text.trim(), `GET ${shown}`);
  }
  if (body === undefined) throw new NotGrafanaError(`the answer to GET ${shown} is not JSON: "${quoteUserText(text.trim(), 200)}"`);
  return body;
}

/** `GET /api/health`: Grafana's version and database state (no auth needed). */
export async function grafanaHealth(conn: GrafanaConnection, opts: RequestOptions = {}): Promise<GrafanaHealth> {
  const body = await getJson(conn, '/api/health', opts);
  if (!isObject(body)) throw new NotGrafanaError(`the answer to GET ${grafanaBaseUrl(conn.url)}/api/health is not an object`);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { database: str(body.database), version: str(body.version), commit: str(body.commit) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `GET /api/datasources`, the ones of type `loki`, default first. */
export async function grafanaLokiDatasources(conn: GrafanaConnection, opts: RequestOptions = {}): Promise<GrafanaDatasource[]> {
  const body = await getJson(conn, '/api/datasources', opts);
  if (!Array.isArray(body)) throw new Error(`Grafana's /api/datasources answer is not a list`);
  return body
    .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object' && (d as { type?: unknown }).type === 'loki')
    .filter((d) => typeof d.uid === 'string' && d.uid !== '')
    .map((d) => ({
      uid: d.uid as string,
      name: typeof d.name === 'string' ? d.name : (d.uid as string),
      type: 'loki',
      isDefault: d.isDefault === true,
      url: typeof d.url === 'string' ? d.url : undefined,
    }))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}
