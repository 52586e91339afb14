// How to reach a Loki: shared by completion, formatting, the log panel's Loki source and the push module.
export type LokiAuth =
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string };

export interface LokiConnection {
  /** Base URL, e.g. `http://localhost:3100` (a trailing `/` or a push path is tolerated). */
  url: string;
  /** Sent as `X-Scope-OrgID` for multi-tenant Loki. */
  tenant?: string;
  auth?: LokiAuth;
}

/** The base URL without a trailing slash or lb-style push suffix. */
export function lokiBaseUrl(connection: LokiConnection): string {
  return connection.url.replace(/\/+$/, '').replace(/\/loki\/api\/v1\/push$/, '');
}

/** The base URL without userinfo (`http://user:pass@host`), for messages, logs, reports and checkpoints. */
export function lokiShownUrl(connection: LokiConnection): string {
  return lokiBaseUrl(connection).replace(/\/\/[^/@\s]*@/, '//');
}

export function lokiHeaders(connection: LokiConnection): Record<string, string> {
  const headers: Record<string, string> = {};
  if (connection.tenant) headers['X-Scope-OrgID'] = connection.tenant;
  if (connection.auth?.type === 'basic') {
    const token = Buffer.from(`${connection.auth.username}:${connection.auth.password}`).toString('base64');
    headers.Authorization = `Basic ${token}`;
  } else if (connection.auth?.type === 'bearer') {
    headers.Authorization = `Bearer ${connection.auth.token}`;
  }
  return headers;
}
