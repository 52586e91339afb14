// Grafana's HTTP API as the links use it (health, Loki datasource discovery), against a recording stand-in
// that checks method, path, headers and auth; and where the Grafana settings come from.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GrafanaHttpError, grafanaHealth, grafanaLokiDatasources } from '../../core/grafana/client';
import { lbPlatformConfigPath } from '../../core/config/lbPaths';
import { resolveGrafanaSettings } from '../../core/grafana/settings';
import { RecordingGrafana, startRecordingGrafana } from '../support/recordingGrafana';

const DATASOURCES = [
  { id: 1, uid: 'prom1', name: 'Prometheus', type: 'prometheus', isDefault: true },
  { id: 2, uid: 'loki-a', name: 'loki', type: 'loki', isDefault: false, url: 'http://loki:3100' },
  { id: 3, uid: 'loki-b', name: 'Loki archive', type: 'loki', isDefault: true },
  { id: 4, name: 'no uid', type: 'loki' },
];

describe('Grafana HTTP API', () => {
  let grafana: RecordingGrafana;
  before(async () => {
    grafana = await startRecordingGrafana({ authorization: 'Bearer glsa_token', datasources: DATASOURCES, subPath: '/grafana' });
  });
  after(() => grafana.close());

  test('health: GET /api/health under the sub-path', async () => {
    grafana.requests.length = 0;
    assert.deepEqual(await grafanaHealth({ url: `${grafana.url}/` }), { database: 'ok', version: '11.3.0', commit: 'abc123' });
    assert.deepEqual(
      grafana.requests.map((r) => [r.method, r.url, r.headers.authorization, r.headers['x-grafana-org-id']]),
      [['GET', '/grafana/api/health', undefined, undefined]],
    );
  });

  test('datasources: Bearer token and org header; only Loki datasources with a uid, default first', async () => {
    grafana.requests.length = 0;
    const found = await grafanaLokiDatasources({ url: grafana.url, orgId: 4, auth: { type: 'bearer', token: 'glsa_token' } });
    assert.deepEqual(found, [
      { uid: 'loki-b', name: 'Loki archive', type: 'loki', isDefault: true, url: undefined },
      { uid: 'loki-a', name: 'loki', type: 'loki', isDefault: false, url: 'http://loki:3100' },
    ]);
    assert.equal(grafana.requests.length, 1);
    const r = grafana.requests[0];
    assert.deepEqual([r.method, r.url, r.headers.authorization, r.headers['x-grafana-org-id'], r.headers.accept], [
      'GET',
      '/grafana/api/datasources',
      'Bearer glsa_token',
      '4',
      'application/json',
    ]);
  });

  test('basic auth, from the auth setting or from user:password in the URL (never shown in errors)', async () => {
    const basic = await startRecordingGrafana({ authorization: `Basic ${Buffer.from('admin:pa:ss').toString('base64')}`, datasources: DATASOURCES });
    try {
      assert.equal((await grafanaLokiDatasources({ url: basic.url, auth: { type: 'basic', username: 'admin', password: 'pa:ss' } })).length, 2);
      const withUserinfo = basic.url.replace('http://', 'http://admin:pa%3Ass@');
      assert.equal((await grafanaLokiDatasources({ url: withUserinfo })).length, 2);
      assert.equal(basic.requests[1].headers.authorization, `Basic ${Buffer.from('admin:pa:ss').toString('base64')}`);
      await assert.rejects(grafanaLokiDatasources({ url: basic.url.replace('http://', 'http://admin:Sup3rSecret@') }), (err: Error) => {
        assert.ok(err instanceof GrafanaHttpError);
        assert.equal(err.status, 401);
        assert.equal(err.message, `Grafana answered 401 for GET ${basic.url}/api/datasources (missing or wrong credentials: set a service-account token or user and password): "Unauthorized"`);
        assert.doesNotMatch(err.message, /Sup3rSecret|admin/);
        return true;
      });
    } finally {
      await basic.close();
    }
  });

  test('an unreachable Grafana is reported with the URL', async () => {
    const gone = await startRecordingGrafana();
    await gone.close();
    await assert.rejects(grafanaHealth({ url: gone.url }), new RegExp(`cannot reach Grafana for GET ${gone.url}/api/health: ECONNREFUSED`));
  });
});

describe('Grafana settings', () => {
  const files: Record<string, string> = {};
  const input = (env: NodeJS.ProcessEnv, explicit = {}) => ({ env, homeDir: '/home/u', readFile: (f: string) => files[f], explicit });

  test("platform.json: ~/.config/lb, or $XDG_CONFIG_HOME/lb", () => {
    assert.equal(lbPlatformConfigPath('/home/u'), path.join('/home/u', '.config', 'lb', 'platform.json'));
    assert.equal(lbPlatformConfigPath('/home/u', '/xdg'), path.join('/xdg', 'lb', 'platform.json'));
  });

  test('explicit values, then the environment, then platform.json, then defaults', () => {
    files['/home/u/.config/lb/platform.json'] = JSON.stringify({ grafana: { url: 'http://grafana.lab:3000', org_id: 2, api_key: 'platform-key' } });
    const fromPlatform = resolveGrafanaSettings(input({}));
    assert.deepEqual(fromPlatform, {
      url: 'http://grafana.lab:3000',
      urlConfigured: true,
      orgId: 2,
      datasourceUid: undefined,
      auth: { type: 'bearer', token: 'platform-key' },
      warnings: [],
    });
    const fromEnv = resolveGrafanaSettings(input({ LB_OBS_GRAFANA_URL: 'http://env:3000', LB_OBS_DATASOURCE_UID: 'envuid', LB_OBS_GRAFANA_TOKEN: 'envtok' }));
    assert.deepEqual([fromEnv.url, fromEnv.orgId, fromEnv.datasourceUid, fromEnv.auth], ['http://env:3000', 2, 'envuid', { type: 'bearer', token: 'envtok' }]);
    const explicit = resolveGrafanaSettings(input({ LB_OBS_GRAFANA_URL: 'http://env:3000' }, { url: 'http://flag:3000', orgId: 5, datasourceUid: 'flaguid' }));
    assert.deepEqual([explicit.url, explicit.orgId, explicit.datasourceUid], ['http://flag:3000', 5, 'flaguid']);
    const basic = resolveGrafanaSettings(input({ LB_OBS_GRAFANA_USER: 'admin', LB_OBS_GRAFANA_PASSWORD: 'pw' }));
    assert.deepEqual(basic.auth, { type: 'basic', username: 'admin', password: 'pw' });
  });

  test('no platform.json: lb defaults; a broken one is reported and ignored', () => {
    const none = resolveGrafanaSettings({ ...input({}), homeDir: '/nobody' });
    assert.deepEqual([none.url, none.urlConfigured, none.orgId, none.auth, none.warnings], ['http://localhost:3000', false, 1, undefined, []]);
    files['/xdg/lb/platform.json'] = '{"grafana": {"url": 3, "org_id": 0}';
    assert.match(resolveGrafanaSettings(input({ XDG_CONFIG_HOME: '/xdg' })).warnings[0], /^\/xdg\/lb\/platform\.json is not valid JSON/);
    files['/xdg/lb/platform.json'] = '{"grafana": {"url": 3, "org_id": 0}}';
    assert.deepEqual(resolveGrafanaSettings(input({ XDG_CONFIG_HOME: '/xdg' })).warnings, [
      '/xdg/lb/platform.json: grafana.url is not a non-empty string; ignored',
      '/xdg/lb/platform.json: grafana.org_id is not an integer >= 1; ignored',
    ]);
  });
});
