// A small client of Loki's HTTP API (v3), shared by LogQL completion and formatting, the log panel and push.
// Every request carries the connection's tenant and auth headers, a default timeout and an optional AbortSignal.
import * as http from 'http';
import * as https from 'https';
import fetch, { Response } from 'node-fetch';
import WebSocket from 'ws';
import { promisify } from 'util';
import { gzip } from 'zlib';
import { LokiConnection, lokiBaseUrl, lokiHeaders } from './connection';
import { nsProblem, pushBody } from './pushBody';

/** A stream as Loki pushes and returns it; timestamps are nanoseconds since the epoch as digit strings. */
export interface LokiStream {
  /** The stream's labels as pushed (plus `service_name`, which Loki adds). */
  stream: Record<string, string>;
  /**
   * `[ns, line]` or `[ns, line, entry labels]`. Pushing: the entry's structured metadata. Query results: its
   * structured metadata (e.g. `detected_level`, which Loki adds) and the labels the query's parsers extracted.
   */
  values: Array<[string, string, Record<string, string>?]>;
}

/** An entry the tail endpoint could not deliver in time (Loki's tail is best effort). */
export interface LokiDroppedEntry {
  labels: Record<string, string>;
  timestamp: string;
}

/** A Date, epoch milliseconds, or epoch nanoseconds as a bigint (exact, for paging through entries). */
export type LokiTime = Date | number | bigint;

interface Cancellable {
  signal?: AbortSignal;
}

/** Loki answered with an error status; `body` is Loki's own explanation, quoted in the message. */
export class LokiHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    /** The request URL without credentials. */
    readonly url: string,
    /** The Retry-After header (seconds or an HTTP date), when Loki or a gateway in front of it sent one. */
    readonly retryAfter?: string,
  ) {
    const text = errorText(body);
    super(`Loki answered ${status} for ${url}${text ? `: "${truncate(text, 500)}"` : ''}`);
    this.name = 'LokiHttpError';
  }
}

/** Loki's errors are text/plain, except a few endpoints (format_query) that answer `{"error": "..."}`. */
function errorText(body: string): string {
  const text = body.trim();
  if (!text.startsWith('{')) return text;
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    const message = parsed.error ?? parsed.message;
    return typeof message === 'string' ? message : text;
  } catch {
    return text;
  }
}

// Matches the timeout of Grafana's official Loki clients; callers can cancel earlier with their signal.
const DEFAULT_TIMEOUT_MS = 10_000;
// Fast compression: log text still shrinks several times, at a fraction of the default level's CPU cost.
const GZIP_LEVEL = 1;
const gzipAsync = promisify(gzip);

/** Loki's answer to `GET /ready`: 200, or another status and Loki's reason ("Ingester not ready: ..."). */
export interface LokiReadiness {
  ready: boolean;
  status: number;
  body: string;
}

/** `GET /ready`; a Loki that cannot be reached throws (the error's `cause` is the network failure). */
export async function lokiReadiness(conn: LokiConnection, opts: Cancellable & { timeoutMs?: number } = {}): Promise<LokiReadiness> {
  const res = await request(conn, 'GET', '/ready', { signal: opts.signal, timeoutMs: opts.timeoutMs });
  return { ready: res.status === 200, status: res.status, body: await res.text() };
}

/** True when Loki is ready; false when it is not or cannot be reached. */
export async function lokiReady(conn: LokiConnection, opts: Cancellable & { timeoutMs?: number } = {}): Promise<boolean> {
  try {
    return (await lokiReadiness(conn, opts)).ready;
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    return false;
  }
}

export async function lokiLabels(
  conn: LokiConnection,
  opts: Cancellable & { start: LokiTime; end: LokiTime },
): Promise<string[]> {
  const body = await getJson(conn, '/loki/api/v1/labels', { start: toNs(opts.start), end: toNs(opts.end) }, opts);
  return stringArray(body);
}

export async function lokiLabelValues(
  conn: LokiConnection,
  name: string,
  opts: Cancellable & { start: LokiTime; end: LokiTime; query?: string },
): Promise<string[]> {
  const params = { start: toNs(opts.start), end: toNs(opts.end), query: opts.query };
  const body = await getJson(conn, `/loki/api/v1/label/${encodeURIComponent(name)}/values`, params, opts);
  return stringArray(body);
}

export async function lokiQueryRange(
  conn: LokiConnection,
  opts: Cancellable & {
    query: string;
    start: LokiTime;
    end: LokiTime;
    limit?: number;
    direction?: 'forward' | 'backward';
    /**
     * Entry labels apart from the stream's (default true). Without, Loki merges them into the stream labels (as
     * logcli shows them), and answers several times faster (Loki 3.7: about 0.1 s instead of 0.5 s per 5,000).
     */
    categorizeLabels?: boolean;
  },
): Promise<LokiStream[]> {
  const params = {
    query: opts.query,
    start: toNs(opts.start),
    end: toNs(opts.end),
    limit: opts.limit?.toString(),
    direction: opts.direction,
  };
  // Without categorize-labels Loki merges per-entry labels (structured metadata such as the detected_level it
  // adds, parsed labels) into the stream labels, splitting one pushed stream into several.
  const res = await request(conn, 'GET', '/loki/api/v1/query_range', {
    params,
    signal: opts.signal,
    headers: opts.categorizeLabels === false ? {} : { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
  });
  const body = (await readJson(res)) as { data?: { resultType?: string; result?: CategorizedStream[] } };
  const resultType = body.data?.resultType;
  if (resultType !== 'streams') {
    throw new Error(`Loki returned a ${resultType ?? 'missing'} result for a log query: expected streams (is it a metric query?)`);
  }
  if (opts.categorizeLabels === false) return (body.data?.result ?? []).map((s) => ({ stream: s.stream, values: s.values.map(([ts, line]) => [ts, line]) }));
  return (body.data?.result ?? []).map((s) => ({
    stream: s.stream,
    values: s.values.map(([ts, line, entry]) => {
      const labels = { ...entry?.structuredMetadata, ...entry?.parsed };
      return Object.keys(labels).length ? [ts, line, labels] : [ts, line];
    }),
  }));
}

/** A stream of a query result in Loki's categorize-labels encoding. */
interface CategorizedStream {
  stream: Record<string, string>;
  values: Array<[string, string, { structuredMetadata?: Record<string, string>; parsed?: Record<string, string> }?]>;
}

/** Loki's own formatting of a LogQL query; invalid LogQL gives a LokiHttpError with Loki's parse error. */
export async function lokiFormatQuery(conn: LokiConnection, query: string, opts: Cancellable = {}): Promise<string> {
  // POST with a form body: long queries would not fit in a URL.
  const res = await request(conn, 'POST', '/loki/api/v1/format_query', {
    signal: opts.signal,
    body: new URLSearchParams({ query }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  const body = (await readJson(res)) as { data?: unknown };
  if (typeof body.data !== 'string') throw new Error(`Loki's format_query answer has no formatted query`);
  return body.data;
}

export async function lokiPush(
  conn: LokiConnection,
  streams: LokiStream[],
  opts: Cancellable & { gzip?: boolean } = {},
): Promise<void> {
  streams.forEach((s, i) =>
    s.values.forEach((v, j) => {
      const problem = nsProblem(v[0]);
      if (problem) throw new Error(`stream ${i} value ${j}: timestamp "${truncate(v[0], 40)}" ${problem}`);
    }),
  );
  await lokiPushBody(conn, pushBody(streams), opts);
}

/** Sends a push request whose body is already in Loki's protobuf form (pushBody.ts). */
export async function lokiPushBody(conn: LokiConnection, body: Buffer, opts: Cancellable & { gzip?: boolean } = {}): Promise<void> {
  const { url, headers } = target(conn, '/loki/api/v1/push', {});
  headers['Content-Type'] = 'application/x-protobuf';
  if (opts.gzip) headers['Content-Encoding'] = 'gzip';
  // Compressed on libuv's thread pool, so that pushing megabytes does not stall the caller's event loop.
  const answer = await postBody(url, headers, opts.gzip ? await gzipAsync(body, { level: GZIP_LEVEL }) : body, opts.signal);
  if (answer.status !== 204) throw new LokiHttpError(answer.status, answer.text, safeUrl(url.toString()), answer.retryAfter);
}

/**
 * POSTs a body with node's own client rather than fetch: a push sends hundreds of megabyte requests in a row,
 * and fetch's request, header and stream objects cost about twice its CPU per request (measured). Same
 * timeout (to the end of the answer), cancellation and error wording as request().
 */
function postBody(url: URL, headers: Record<string, string>, body: Buffer, signal: AbortSignal | undefined): Promise<{ status: number; text: string; retryAfter?: string }> {
  const shown = `POST ${safeUrl(url.toString())}`;
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(body.length) } });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error('timed out'));
    }, DEFAULT_TIMEOUT_MS);
    const onAbort = () => req.destroy(new Error('cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error) => {
      if (settled) return;
      settle();
      reject(signal?.aborted ? signal.reason : requestFailure(shown, err, timedOut, DEFAULT_TIMEOUT_MS));
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('error', fail);
      res.on('end', () => {
        if (settled) return;
        settle();
        const retryAfter = res.headers['retry-after'];
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8'), retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter });
      });
    });
    req.end(body);
  });
}

/** The label sets of the streams matching any of the selectors that have entries between start and end. */
export async function lokiSeries(
  conn: LokiConnection,
  opts: Cancellable & { match: string[]; start: LokiTime; end: LokiTime },
): Promise<Array<Record<string, string>>> {
  const form = new URLSearchParams({ start: toNs(opts.start), end: toNs(opts.end) });
  for (const m of opts.match) form.append('match[]', m);
  // POST with a form body: many selectors would not fit in a URL.
  const res = await request(conn, 'POST', '/loki/api/v1/series', {
    signal: opts.signal,
    body: form.toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  const body = await readJson(res);
  return Array.isArray(body.data) ? (body.data as Array<Record<string, string>>) : [];
}

/** Loki's index statistics for a selector: streams, chunks, bytes and entries between start and end. */
export interface LokiIndexStats {
  streams: number;
  chunks: number;
  bytes: number;
  entries: number;
}

/** `GET /loki/api/v1/index/stats`: what the index knows of the selector's streams (an estimate from chunks). */
export async function lokiIndexStats(conn: LokiConnection, opts: Cancellable & { query: string; start: LokiTime; end: LokiTime }): Promise<LokiIndexStats> {
  const res = await request(conn, 'GET', '/loki/api/v1/index/stats', { params: { query: opts.query, start: toNs(opts.start), end: toNs(opts.end) }, signal: opts.signal });
  // This endpoint answers the numbers at the top level, without a `data` envelope.
  const body = (await readJson(res)) as Partial<Record<keyof LokiIndexStats, unknown>>;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return { streams: n(body.streams), chunks: n(body.chunks), bytes: n(body.bytes), entries: n(body.entries) };
}

/** One sample of an instant metric query. */
export interface LokiSample {
  metric: Record<string, string>;
  value: number;
}

/** An instant metric query (`GET /loki/api/v1/query`), e.g. `sum by (host) (count_over_time({...}[1h]))`. */
export async function lokiMetricQuery(conn: LokiConnection, opts: Cancellable & { query: string; time: LokiTime }): Promise<LokiSample[]> {
  const body = (await getJson(conn, '/loki/api/v1/query', { query: opts.query, time: toNs(opts.time) }, opts)) as {
    data?: { resultType?: string; result?: Array<{ metric?: Record<string, string>; value?: [number, string] }> };
  };
  const resultType = body.data?.resultType;
  if (resultType !== 'vector') throw new Error(`Loki returned a ${resultType ?? 'missing'} result for an instant metric query: expected a vector`);
  return (body.data?.result ?? []).map((r) => ({ metric: r.metric ?? {}, value: Number(r.value?.[1]) }));
}

/** A pattern of Loki's pattern ingester: its Drain template (`<_>` where values vary), level and total count. */
export interface LokiPattern {
  pattern: string;
  /** Loki's detected level (info, warn, error, ..., unknown); absent before Loki 3.3. */
  level?: string;
  count: number;
}

/**
 * `GET /loki/api/v1/patterns`: the templates Loki's pattern ingester mined from the query's streams over the
 * range; a 404 or an error naming the pattern ingester when it is not enabled.
 */
export async function lokiPatterns(conn: LokiConnection, opts: Cancellable & { query: string; start: LokiTime; end: LokiTime; stepSeconds?: number }): Promise<LokiPattern[]> {
  const params = { query: opts.query, start: toNs(opts.start), end: toNs(opts.end), step: opts.stepSeconds === undefined ? undefined : `${opts.stepSeconds}s` };
  const body = (await getJson(conn, '/loki/api/v1/patterns', params, opts)) as {
    data?: Array<{ pattern?: unknown; level?: unknown; samples?: Array<[number, number]> }>;
  };
  return (Array.isArray(body.data) ? body.data : [])
    .filter((p) => typeof p.pattern === 'string')
    .map((p) => ({
      pattern: p.pattern as string,
      ...(typeof p.level === 'string' ? { level: p.level } : {}),
      count: (p.samples ?? []).reduce((n, s) => n + (Number(s[1]) || 0), 0),
    }));
}

/** One series of a metric query over a range: its labels and `[epoch seconds, value]` samples. */
export interface LokiSeriesSamples {
  metric: Record<string, string>;
  values: Array<[number, number]>;
}

/** A metric query over a range (`query_range`, matrix result), e.g. `sum by (pod) (rate({...}[5m]))`. */
export async function lokiMetricRangeQuery(
  conn: LokiConnection,
  opts: Cancellable & { query: string; start: LokiTime; end: LokiTime; stepSeconds?: number },
): Promise<LokiSeriesSamples[]> {
  const params = { query: opts.query, start: toNs(opts.start), end: toNs(opts.end), step: opts.stepSeconds?.toString() };
  const body = (await getJson(conn, '/loki/api/v1/query_range', params, opts)) as {
    data?: { resultType?: string; result?: Array<{ metric?: Record<string, string>; values?: Array<[number, string]> }> };
  };
  const resultType = body.data?.resultType;
  if (resultType !== 'matrix') throw new Error(`Loki returned a ${resultType ?? 'missing'} result for a metric query over a range: expected a matrix`);
  return (body.data?.result ?? []).map((r) => ({ metric: r.metric ?? {}, values: (r.values ?? []).map(([t, v]) => [t, Number(v)]) }));
}

/**
 * Follows new lines through Loki's tail WebSocket. `onError` is called at most once, for a refused
 * connection, a broken socket or Loki closing the tail; nothing is reported after `close()`.
 */
export function lokiTail(
  conn: LokiConnection,
  opts: { query: string; start?: LokiTime; delayFor?: number; limit?: number },
  onStreams: (streams: LokiStream[], dropped: LokiDroppedEntry[]) => void,
  onError: (err: Error) => void,
): { close(): void } {
  const { url, headers } = target(conn, '/loki/api/v1/tail', {
    query: opts.query,
    start: opts.start === undefined ? undefined : toNs(opts.start),
    delay_for: opts.delayFor?.toString(),
    limit: opts.limit?.toString(),
  });
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const shownUrl = safeUrl(url.toString());
  let done = false;
  const fail = (err: Error) => {
    if (done) return;
    done = true;
    onError(err);
    ws.terminate();
  };
  const ws = new WebSocket(url, { headers, handshakeTimeout: DEFAULT_TIMEOUT_MS });
  ws.on('unexpected-response', (_req, res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (body += chunk));
    res.on('end', () => fail(new LokiHttpError(res.statusCode ?? 0, body, shownUrl)));
    res.on('error', () => fail(new LokiHttpError(res.statusCode ?? 0, body, shownUrl)));
  });
  ws.on('message', (data) => {
    if (done) return;
    let message: { streams?: LokiStream[]; dropped_entries?: LokiDroppedEntry[] | null };
    try {
      message = JSON.parse(data.toString());
    } catch {
      fail(new Error(`Loki's tail at ${shownUrl} sent a message that is not JSON`));
      return;
    }
    onStreams(message.streams ?? [], message.dropped_entries ?? []);
  });
  ws.on('error', (err) => fail(new Error(`Loki's tail at ${shownUrl} failed: ${networkReason(err)}`)));
  ws.on('close', (code, reason) => {
    const why = reason.toString() || `code ${code}`;
    fail(new Error(`Loki closed the tail at ${shownUrl}: ${why}`));
  });
  return {
    close() {
      if (done) return;
      done = true;
      ws.close();
    },
  };
}

/** Milliseconds since the epoch (or a Date) as Loki's nanosecond digit string, without float rounding. */
function toNs(time: LokiTime): string {
  if (typeof time === 'bigint') return time.toString();
  const ms = typeof time === 'number' ? time : time.getTime();
  if (!Number.isFinite(ms)) throw new Error(`invalid time: ${String(time)}`);
  return (BigInt(Math.floor(ms)) * 1_000_000n).toString();
}

/**
 * The request URL and headers. Credentials written into the URL (`http://user:pass@host`) are moved to the
 * Authorization header so that they never appear in a URL that could be shown or logged.
 */
function target(conn: LokiConnection, path: string, params: Record<string, string | undefined>) {
  const url = new URL(lokiBaseUrl(conn) + path);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  const headers = lokiHeaders(conn);
  if ((url.username || url.password) && !headers.Authorization) {
    const userinfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.Authorization = `Basic ${Buffer.from(userinfo).toString('base64')}`;
  }
  url.username = '';
  url.password = '';
  return { url, headers };
}

interface RequestOptions extends Cancellable {
  params?: Record<string, string | undefined>;
  timeoutMs?: number;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

async function request(conn: LokiConnection, method: 'GET' | 'POST', path: string, opts: RequestOptions): Promise<Response> {
  const { url, headers } = target(conn, path, opts.params ?? {});
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const shown = `${method} ${safeUrl(url.toString())}`;
  try {
    return await fetch(url.toString(), {
      method,
      headers: { ...headers, ...opts.headers },
      body: opts.body,
      signal,
      redirect: 'error',
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw requestFailure(shown, timeout.aborted ? timeout.reason : err, timeout.aborted, timeoutMs);
  }
}

/** Why a request got no answer (`err`, its cause): Loki took longer than `timeoutMs`, or could not be reached. */
function requestFailure(shown: string, err: unknown, timedOut: boolean, timeoutMs: number): Error {
  return timedOut
    ? new Error(`Loki did not answer ${shown} within ${timeoutMs} ms`, { cause: err })
    : new Error(`cannot reach Loki for ${shown}: ${networkReason(err)}`, { cause: err });
}

async function getJson(
  conn: LokiConnection,
  path: string,
  params: Record<string, string | undefined>,
  opts: Cancellable,
): Promise<{ data?: unknown }> {
  return readJson(await request(conn, 'GET', path, { params, signal: opts.signal }));
}

async function readJson(res: Response): Promise<{ data?: unknown }> {
  const text = await res.text();
  if (!res.ok) throw new LokiHttpError(res.status, text, safeUrl(res.url));
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`Loki's answer to ${safeUrl(res.url)} is not JSON: "${truncate(text, 200)}"`);
  }
}

function stringArray(body: { data?: unknown }): string[] {
  // Loki omits `data` when nothing matches.
  return Array.isArray(body.data) ? body.data.filter((v): v is string => typeof v === 'string') : [];
}

/** The URL without userinfo, for messages. */
function safeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return '<invalid URL>';
  }
}

/** A network failure's code or message; node-fetch messages embed the full URL, so they are sanitised. */
function networkReason(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = (e.message ?? String(err)).replace(/\/\/[^/@\s]*@/g, '//');
  return e.code ? `${e.code} (${message})` : message;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
