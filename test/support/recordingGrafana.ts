// A stand-in for Grafana's HTTP API (Grafana itself cannot run here): a local server that records every
// request (method, path, headers) and answers /api/health and /api/datasources only for the expected
// credentials, like Grafana does.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface RecordingGrafana {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface GrafanaStandInOptions {
  /** The exact Authorization header to accept on /api/datasources; other values get 401. */
  authorization?: string;
  datasources?: unknown[];
  /** Served under this path prefix, as a Grafana behind a reverse proxy sub-path. */
  subPath?: string;
}

export async function startRecordingGrafana(options: GrafanaStandInOptions = {}): Promise<RecordingGrafana> {
  const requests: RecordedRequest[] = [];
  const prefix = options.subPath ?? '';
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === `${prefix}/api/health`) return send(200, { commit: 'abc123', database: 'ok', version: '11.3.0' });
    if (req.url === `${prefix}/api/datasources`) {
      if (options.authorization && req.headers.authorization !== options.authorization) return send(401, { message: 'Unauthorized' });
      return send(200, options.datasources ?? []);
    }
    send(404, { message: 'Not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
