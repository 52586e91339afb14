// Tenants and credentials against a real multi-tenant Loki, directly and behind an auth proxy (a gateway).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LokiHttpError, LokiStream, lokiLabels, lokiPush, lokiQueryRange, lokiTail } from '../../core/loki/api';
import { LokiConnection } from '../../core/loki/connection';
import { AuthProxy, startAuthProxy } from '../support/authProxy';
import { ns, uniqueRunId } from '../support/lbStreams';
import { RunningLoki, startLoki } from '../support/loki';
import { freePort } from '../support/ports';
import { lokiBinary, needs } from '../support/prerequisites';

const SUITE = 'integration/loki-auth';
const HOUR = 3_600_000;
const PASSWORD = 's3cret-pa55word';
const TOKEN = 'glc_t0ken-value';

function lines(streams: LokiStream[]): string[] {
  return streams.flatMap((s) => s.values.map((v) => v[1])).sort();
}

/** Every place an error could carry a secret to a user or a log. */
function errorText(err: unknown): string {
  const e = err as LokiHttpError;
  return [String(e), e.message, e.stack, e.url, e.body, JSON.stringify(e)].join('\n');
}

describe('multi-tenant Loki and an auth proxy', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  let proxy: AuthProxy;
  const runId = uniqueRunId();
  const at = Date.now() - 5000;
  const range = () => ({ start: at - HOUR, end: Date.now() + 1000 });

  before(async () => {
    loki = await startLoki({ authEnabled: true });
    proxy = await startAuthProxy({
      target: loki.url,
      basic: { username: 'lb', password: PASSWORD },
      bearer: TOKEN,
      tenant: 'team-a',
    });
    await lokiPush({ url: loki.url, tenant: 'team-a' }, [
      { stream: { run_id: runId, component: 'controller', host: 'h1' }, values: [[ns(at), 'team-a line']] },
    ]);
  });
  after(async () => {
    await proxy?.stop();
    await loki?.stop();
  });

  test('without X-Scope-OrgID Loki answers 401 "no org id"', async () => {
    const err = await lokiLabels({ url: loki.url }, range()).catch((e) => e);
    assert.ok(err instanceof LokiHttpError, String(err));
    assert.equal(err.status, 401);
    assert.match(err.body, /no org id/);
    assert.match(err.message, /^Loki answered 401 for .*\/loki\/api\/v1\/labels\?.*: "no org id"$/);
  });

  test('the tenant header selects the tenant: team-a sees its line, team-b does not', async () => {
    const query = { query: `{run_id="${runId}"}`, ...range() };
    assert.deepEqual(lines(await lokiQueryRange({ url: loki.url, tenant: 'team-a' }, query)), ['team-a line']);
    assert.deepEqual(lines(await lokiQueryRange({ url: loki.url, tenant: 'team-b' }, query)), []);
  });

  test('basic auth through the proxy passes, and the proxy injects the tenant', async () => {
    const conn: LokiConnection = { url: proxy.url, auth: { type: 'basic', username: 'lb', password: PASSWORD } };
    const before = proxy.requests.length;
    assert.deepEqual(lines(await lokiQueryRange(conn, { query: `{run_id="${runId}"}`, ...range() })), ['team-a line']);
    const recorded = proxy.requests.slice(before);
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0].method, 'GET');
    assert.match(recorded[0].path, /^\/loki\/api\/v1\/query_range\?/);
    assert.equal(new URL(recorded[0].path, proxy.url).searchParams.get('query'), `{run_id="${runId}"}`);
    assert.equal(recorded[0].headers.authorization, `Basic ${Buffer.from(`lb:${PASSWORD}`).toString('base64')}`);
    assert.equal(recorded[0].headers['x-scope-orgid'], undefined, 'the client sent no tenant');
    assert.equal(recorded[0].forwarded, true);
  });

  test('bearer auth passes, and a tenant set on the connection is passed through', async () => {
    const conn: LokiConnection = { url: proxy.url, tenant: 'team-b', auth: { type: 'bearer', token: TOKEN } };
    const id = uniqueRunId();
    await lokiPush(conn, [{ stream: { run_id: id, component: 'runner' }, values: [[ns(at), 'team-b line']] }]);
    const push = proxy.requests.at(-1)!;
    assert.equal(push.method, 'POST');
    assert.equal(push.path, '/loki/api/v1/push');
    assert.equal(push.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(push.headers['x-scope-orgid'], 'team-b');
    assert.equal(push.headers['content-type'], 'application/x-protobuf', 'streams are pushed in protobuf form');
    assert.deepEqual(lines(await lokiQueryRange({ url: loki.url, tenant: 'team-b' }, { query: `{run_id="${id}"}`, ...range() })), [
      'team-b line',
    ]);
  });

  test('credentials written into the URL are sent as basic auth and kept out of URLs', async () => {
    const url = new URL(proxy.url);
    url.username = 'lb';
    url.password = PASSWORD;
    const labels = await lokiLabels({ url: url.toString() }, range());
    assert.ok(labels.includes('run_id'));
    assert.equal(proxy.requests.at(-1)!.headers.authorization, `Basic ${Buffer.from(`lb:${PASSWORD}`).toString('base64')}`);
  });

  test('wrong credentials are refused with 401, and no error carries a secret', async () => {
    const attempts: LokiConnection[] = [
      { url: proxy.url, auth: { type: 'basic', username: 'lb', password: `${PASSWORD}-wrong` } },
      { url: proxy.url, auth: { type: 'bearer', token: `${TOKEN}-wrong` } },
      { url: proxy.url.replace('http://', `http://lb:${PASSWORD}-wrong@`) },
      { url: proxy.url },
    ];
    for (const conn of attempts) {
      const err = await lokiLabels(conn, range()).catch((e) => e);
      assert.ok(err instanceof LokiHttpError, String(err));
      assert.equal(err.status, 401);
      assert.equal(err.body, 'unauthorized\n');
      const text = errorText(err);
      assert.ok(!text.includes(PASSWORD) && !text.includes(TOKEN), text);
      assert.equal(proxy.requests.at(-1)!.forwarded, false);
    }
    const pushErr = await lokiPush({ url: proxy.url, auth: { type: 'bearer', token: 'nope' } }, []).catch((e) => e);
    assert.ok(pushErr instanceof LokiHttpError);
    assert.equal(pushErr.status, 401);
  });

  test('a network error with credentials in the URL does not repeat them', async () => {
    const closed = `http://lb:${PASSWORD}@127.0.0.1:${await freePort()}`;
    const err = await lokiLabels({ url: closed }, range()).catch((e) => e);
    assert.match(err.message, /^cannot reach Loki for GET http:\/\/127\.0\.0\.1:\d+\/loki\/api\/v1\/labels\?.*ECONNREFUSED/);
    assert.ok(!errorText(err).includes(PASSWORD), errorText(err));
  });

  test('the tail WebSocket goes through the proxy with bearer auth; wrong auth reports 401', async () => {
    const id = uniqueRunId();
    const conn: LokiConnection = { url: proxy.url, auth: { type: 'bearer', token: TOKEN } };
    const received: string[] = [];
    const seen = new Promise<Error | undefined>((resolve) => {
      const tail = lokiTail(
        conn,
        { query: `{run_id="${id}"}`, start: Date.now() },
        (streams) => {
          received.push(...streams.flatMap((s) => s.values.map((v) => v[1])));
          tail.close();
          resolve(undefined);
        },
        resolve,
      );
    });
    let tailError: Error | undefined;
    void seen.then((e) => (tailError = e));
    for (let i = 0; received.length === 0 && !tailError && i < 40; i++) {
      await lokiPush({ url: loki.url, tenant: 'team-a' }, [{ stream: { run_id: id }, values: [[ns(Date.now()), `tail ${i}`]] }]);
      await Promise.race([seen, new Promise((r) => setTimeout(r, 500))]);
    }
    assert.equal(await seen, undefined);
    assert.match(received[0], /^tail \d+$/);
    const upgrade = proxy.requests.find((r) => r.path.startsWith('/loki/api/v1/tail?') && r.forwarded);
    assert.equal(upgrade?.headers.authorization, `Bearer ${TOKEN}`);

    const refused = await new Promise<Error>((resolve) => {
      lokiTail({ url: proxy.url, auth: { type: 'bearer', token: 'wrong' } }, { query: `{run_id="${id}"}` }, () => undefined, resolve);
    });
    assert.ok(refused instanceof LokiHttpError, String(refused));
    assert.equal(refused.status, 401);
    assert.ok(refused.url.startsWith(`ws://127.0.0.1:${new URL(proxy.url).port}/loki/api/v1/tail?`), refused.url);
  });
});
