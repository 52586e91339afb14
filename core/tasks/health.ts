// Is Loki ready (`GET /ready`) and Grafana healthy (`GET /api/health`)? Each answer says what was asked and
// what came back, in words a user can act on; no exception escapes.
import fetch from 'node-fetch';
import { LokiConnection, lokiBaseUrl, lokiHeaders } from '../loki/connection';

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

function networkReason(err: unknown): string {
  const e = err as { code?: string; type?: string; message?: string };
  if (e.type === 'aborted' || e.type === 'request-timeout') return `no answer within ${TIMEOUT_MS / 1000} s`;
  if (e.code === 'ECONNREFUSED') return 'connection refused (nothing listens on that port)';
  if (e.code === 'ENOTFOUND') return 'host not found';
  return e.code ?? 'request failed';
}

async function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(url, { headers, signal: controller.signal, redirect: 'manual' });
    return { status: res.status, body: await res.text() };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkLoki(connection: LokiConnection): Promise<HealthResult> {
  const base = lokiBaseUrl(connection);
  const result = (ok: boolean, detail: string): HealthResult => ({ service: 'Loki', url: base, ok, detail, checkedAt: Date.now() });
  try {
    const { status, body } = await get(`${base}/ready`, lokiHeaders(connection));
    if (status === 200) return result(true, 'ready');
    return result(false, `HTTP ${status}${body.trim() ? `: ${firstLine(body)}` : ''}`);
  } catch (err) {
    return result(false, networkReason(err));
  }
}

export async function checkGrafana(url: string): Promise<HealthResult> {
  const base = url.replace(/\/+$/, '');
  const result = (ok: boolean, detail: string): HealthResult => ({ service: 'Grafana', url: base, ok, detail, checkedAt: Date.now() });
  try {
    const { status, body } = await get(`${base}/api/health`, {});
    if (status !== 200) return result(false, `HTTP ${status}${body.trim() ? `: ${firstLine(body)}` : ''}`);
    let health: { database?: string; version?: string };
    try {
      health = JSON.parse(body);
    } catch {
      return result(false, 'answered, but not with Grafana\'s health JSON (is this URL Grafana?)');
    }
    const version = health.version ? `Grafana ${health.version}` : 'Grafana';
    if (health.database && health.database !== 'ok') return result(false, `${version}, database ${health.database}`);
    return result(true, `${version}, database ok`);
  } catch (err) {
    return result(false, networkReason(err));
  }
}
