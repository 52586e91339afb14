// Is Loki ready (`GET /ready`, core/loki) and Grafana healthy (`GET /api/health`, core/grafana)? Each answer says
// what was asked and what came back, in words a user can act on; no exception escapes.
import { GrafanaConnection, GrafanaHttpError, grafanaHealth, NotGrafanaError } from '../grafana/client';
import { grafanaBaseUrl } from '../links/grafanaUrl';
import { lokiReadiness } from '../loki/api';
import { LokiConnection, lokiShownUrl } from '../loki/connection';

export interface HealthResult {
  service: 'Loki' | 'Grafana';
  url: string;
  ok: boolean;
  /** One line: "ready", "Grafana 11.2.0, database ok", "HTTP 503: Ingester not ready...", "connection refused". */
  detail: string;
  checkedAt: number;
}

const TIMEOUT_MS = 5_000;

function firstLine(text: string): string {
  return text.trim().split('\n')[0].slice(0, 200);
}

function httpDetail(status: number, text: string): string {
  return `HTTP ${status}${text.trim() ? `: ${firstLine(text)}` : ''}`;
}

/** The network failure behind a request error (its `cause`), in words; the error's own message otherwise. */
function unreachableReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; name?: string } }).cause;
  if (cause?.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (nothing listens on that port)';
  if (cause?.code === 'ENOTFOUND') return 'host not found';
  return cause?.code ?? (err as Error).message ?? 'request failed';
}

export async function checkLoki(connection: LokiConnection): Promise<HealthResult> {
  const result = (ok: boolean, detail: string): HealthResult => ({ service: 'Loki', url: lokiShownUrl(connection), ok, detail, checkedAt: Date.now() });
  try {
    const { ready, status, body } = await lokiReadiness(connection, { timeoutMs: TIMEOUT_MS });
    return ready ? result(true, 'ready') : result(false, httpDetail(status, body));
  } catch (err) {
    return result(false, unreachableReason(err));
  }
}

export async function checkGrafana(connection: GrafanaConnection): Promise<HealthResult> {
  let url = connection.url.trim().replace(/\/\/[^/@\s]*@/, '//');
  const result = (ok: boolean, detail: string): HealthResult => ({ service: 'Grafana', url, ok, detail, checkedAt: Date.now() });
  try {
    // Shown without credentials; an unusable URL is reported as the detail.
    url = grafanaBaseUrl(connection.url);
    const health = await grafanaHealth(connection, { timeoutMs: TIMEOUT_MS });
    const version = health.version ? `Grafana ${health.version}` : 'Grafana';
    if (health.database && health.database !== 'ok') return result(false, `${version}, database ${health.database}`);
    return result(true, `${version}, database ok`);
  } catch (err) {
    if (err instanceof GrafanaHttpError) return result(false, httpDetail(err.status, err.detail));
    if (err instanceof NotGrafanaError) return result(false, "answered, but not with Grafana's health JSON (is this URL Grafana?)");
    return result(false, unreachableReason(err));
  }
}
