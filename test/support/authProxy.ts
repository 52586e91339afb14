// A tiny reverse proxy in front of Loki that does what a gateway (nginx, Grafana Cloud) does: it refuses
// requests without the right basic or bearer credentials and injects the tenant header. Plain HTTP and
// WebSocket upgrades (the tail endpoint) both pass through. Every request is recorded for assertions.
import * as http from 'http';
import * as net from 'net';

export interface AuthProxyOptions {
  /** Loki's base URL, e.g. `http://127.0.0.1:3100`. */
  target: string;
  basic?: { username: string; password: string };
  bearer?: string;
  /** Set as X-Scope-OrgID when the client sends none. */
  tenant?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path and query string. */
  path: string;
  /** The headers as the client sent them. */
  headers: http.IncomingHttpHeaders;
  /** True when the credentials were accepted and the request went to Loki. */
  forwarded: boolean;
}

export interface AuthProxy {
  url: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

export async function startAuthProxy(opts: AuthProxyOptions): Promise<AuthProxy> {
  const target = new URL(opts.target);
  const requests: RecordedRequest[] = [];
  // Upgraded sockets leave the HTTP server's bookkeeping, so stop() closes them itself.
  const tunnels = new Set<net.Socket>();
  const accepted = new Set<string>();
  if (opts.basic) accepted.add(`Basic ${Buffer.from(`${opts.basic.username}:${opts.basic.password}`).toString('base64')}`);
  if (opts.bearer) accepted.add(`Bearer ${opts.bearer}`);

  const admit = (req: http.IncomingMessage): http.OutgoingHttpHeaders | undefined => {
    const ok = accepted.has(req.headers.authorization ?? '');
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: { ...req.headers }, forwarded: ok });
    if (!ok) return undefined;
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: target.host };
    delete headers.authorization;
    if (opts.tenant && !headers['x-scope-orgid']) headers['x-scope-orgid'] = opts.tenant;
    return headers;
  };

  const server = http.createServer((req, res) => {
    const headers = admit(req);
    if (!headers) {
      res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Basic realm="loki"' });
      res.end('unauthorized\n');
      return;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`proxy: ${err.message}\n`);
    });
    req.pipe(upstream);
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const headers = admit(req);
    if (!headers) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\nunauthorized\n');
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (const [name, value] of Object.entries(headers)) {
        for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    for (const s of [socket, upstream]) {
      tunnels.add(s);
      s.on('close', () => tunnels.delete(s));
    }
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of tunnels) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
