// The push request as it goes over HTTP (node's own client, not fetch): what reaches the server, and what a
// caller gets for Loki's refusal, an unreachable Loki and a cancelled push. Against a real local HTTP server
// that records each request; pushes into a real Loki are tested in test/integration/push-*.test.ts.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { LokiHttpError, lokiPushBody } from '../../core/loki/api';
import { freePort } from '../support/ports';

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

describe('the push request', () => {
  let server: http.Server;
  let url: string;
  const seen: Seen[] = [];
  /** How the server answers the next request: a status, headers and body, or never. */
  let answer: { status: number; headers?: Record<string, string>; body?: string } | 'never' = { status: 204 };

  before(async () => {
    server = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (p: Buffer) => parts.push(p));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(parts) });
        if (answer === 'never') return;
        res.writeHead(answer.status, answer.headers).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test('sends the body as it is, with the tenant, credentials from the URL as basic auth, and its length', async () => {
    answer = { status: 204 };
    const body = Buffer.from([0x00, 0x01, 0xff, 0x7f]);
    await lokiPushBody({ url: url.replace('http://', 'http://lb:s3cret@') + '/', tenant: 'team-a' }, body);
    const req = seen.at(-1)!;
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/loki/api/v1/push');
    assert.deepEqual(req.body, body);
    assert.equal(req.headers['content-type'], 'application/x-protobuf');
    assert.equal(req.headers['content-length'], '4');
    assert.equal(req.headers['x-scope-orgid'], 'team-a');
    assert.equal(req.headers.authorization, `Basic ${Buffer.from('lb:s3cret').toString('base64')}`);
    assert.equal(req.headers['content-encoding'], undefined);
  });

  test('gzip compresses the body and says so', async () => {
    answer = { status: 204 };
    const body = Buffer.from('x'.repeat(1000));
    await lokiPushBody({ url }, body, { gzip: true });
    const req = seen.at(-1)!;
    assert.equal(req.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(req.body), body);
  });

  test("a refusal is a LokiHttpError with Loki's status, message and Retry-After, and a URL without credentials", async () => {
    answer = { status: 429, headers: { 'Retry-After': '7' }, body: 'ingestion rate limit exceeded\n' };
    const err = await lokiPushBody({ url: url.replace('http://', 'http://lb:s3cret@') }, Buffer.from('x')).catch((e: unknown) => e);
    assert.ok(err instanceof LokiHttpError, String(err));
    assert.equal(err.status, 429);
    assert.equal(err.body, 'ingestion rate limit exceeded\n');
    assert.equal(err.retryAfter, '7');
    assert.equal(err.url, `${url}/loki/api/v1/push`);
    assert.ok(!`${err.message}${err.stack}`.includes('s3cret'));
  });

  test('an unreachable Loki is named without the credentials in its URL', async () => {
    const port = await freePort();
    const err = (await lokiPushBody({ url: `http://lb:s3cret@127.0.0.1:${port}` }, Buffer.from('x')).catch((e: unknown) => e)) as Error;
    assert.match(err.message, new RegExp(`^cannot reach Loki for POST http://127\\.0\\.0\\.1:${port}/loki/api/v1/push: ECONNREFUSED`));
    assert.ok(!`${err.message}${err.stack}`.includes('s3cret'));
  });

  test('a cancelled push stops waiting for Loki at once, with the reason it was cancelled for', async () => {
    answer = 'never';
    const abort = new AbortController();
    const started = Date.now();
    const pushed = lokiPushBody({ url }, Buffer.from('x'), { signal: abort.signal }).catch((e: unknown) => e);
    setTimeout(() => abort.abort(new Error('cancelled by the user')), 50);
    const err = (await pushed) as Error;
    assert.equal(err.message, 'cancelled by the user');
    assert.ok(Date.now() - started < 5000, 'not held until the request times out');
    const requests = seen.length;
    const again = (await lokiPushBody({ url }, Buffer.from('x'), { signal: abort.signal }).catch((e: unknown) => e)) as Error;
    assert.equal(again.message, 'cancelled by the user');
    assert.equal(seen.length, requests, 'an already cancelled push sends nothing');
  });
});
