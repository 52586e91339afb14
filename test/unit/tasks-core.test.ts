// The pure parts behind the task commands: workloads and output_dir read from a run config (with key
// positions for the code lenses), the status bar's backoff, which hosts the install scripts
// support, and the Loki/Grafana health checks against real local HTTP servers.
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIRST_RETRY_MS, HEALTHY_INTERVAL_MS, MAX_RETRY_MS, nextPollDelay } from '../../core/health/backoff';
import { checkGrafana, checkLoki } from '../../core/health/health';
import { findExecutable, hostSupport } from '../../core/tasks/hostSupport';
import { readRunConfig } from '../../core/tasks/runConfig';
import { freePort } from '../support/ports';

describe('readRunConfig', () => {
  test('lists workloads in order with plugin, enabled and the key range; reads output_dir', () => {
    const text = '{\n  "output_dir": "./out",\n  "workloads": {\n    "stress_ng": {"plugin": "stress_ng"},\n    "fio \\"x\\"": {"plugin": "fio", "enabled": false}\n  }\n}';
    const summary = readRunConfig(text);
    assert.equal(summary.outputDir, './out');
    assert.deepEqual(
      summary.workloads.map((w) => ({ ...w, key: text.slice(w.keyOffset, w.keyOffset + w.keyLength) })),
      [
        { name: 'stress_ng', plugin: 'stress_ng', enabled: true, keyOffset: text.indexOf('"stress_ng":'), keyLength: 11, key: '"stress_ng"' },
        { name: 'fio "x"', plugin: 'fio', enabled: false, keyOffset: text.indexOf('"fio'), keyLength: 11, key: '"fio \\"x\\""' },
      ],
    );
  });

  test('a config being edited still yields what can be read; garbage yields nothing', () => {
    assert.deepEqual(readRunConfig('{"workloads": {"a": {"plugin": "dd"}, "b": ').workloads.map((w) => w.name), ['a', 'b']);
    assert.deepEqual(readRunConfig('not json'), { workloads: [] });
    assert.deepEqual(readRunConfig('{"workloads": []}').workloads, []);
  });
});

describe('nextPollDelay', () => {
  test('slow while healthy, quick after a failure, doubling up to the cap', () => {
    assert.equal(nextPollDelay(0), HEALTHY_INTERVAL_MS);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 50].map(nextPollDelay), [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, MAX_RETRY_MS, MAX_RETRY_MS]);
    assert.equal(FIRST_RETRY_MS, 5_000);
  });
});

describe('hostSupport', () => {
  test('the methods the scripts offer: the package manager where they support it, docker and binary on any Linux', () => {
    assert.deepEqual(hostSupport('darwin'), { supported: true, label: 'macOS', methods: ['brew', 'docker', 'binary'] });
    const linux = (osRelease?: string) => hostSupport('linux', osRelease);
    assert.deepEqual(linux('PRETTY_NAME="Ubuntu 24.10"\nID=ubuntu\nVERSION_ID="24.10"\n'), { supported: true, label: 'Ubuntu 24.10', methods: ['apt', 'docker', 'binary'] });
    assert.deepEqual(linux('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'), {
      supported: true,
      label: 'Debian GNU/Linux 12 (bookworm)',
      methods: ['apt', 'docker', 'binary'],
    });
    assert.deepEqual(linux('PRETTY_NAME="Ubuntu 22.04.4 LTS"\nID=ubuntu\nVERSION_ID="22.04"\n'), { supported: true, label: 'Ubuntu 22.04.4 LTS', methods: ['docker', 'binary'] });
    assert.deepEqual(linux('ID=debian\nVERSION_ID="11"\n'), { supported: true, label: 'debian 11', methods: ['docker', 'binary'] });
    assert.deepEqual(linux('PRETTY_NAME="Debian GNU/Linux trixie/sid"\nID=debian\n'), { supported: true, label: 'Debian GNU/Linux trixie/sid', methods: ['docker', 'binary'] });
    assert.deepEqual(linux('NAME="Fedora Linux"\nVERSION_ID=40\nID=fedora\n'), { supported: true, label: 'fedora 40', methods: ['docker', 'binary'] });
    assert.deepEqual(linux(undefined), { supported: true, label: 'Linux', methods: ['docker', 'binary'] });
    assert.deepEqual(hostSupport('freebsd'), { supported: true, label: 'freebsd', methods: ['docker', 'binary'] });
  });

  test('Windows gets the reason', () => {
    assert.deepEqual(hostSupport('win32'), { supported: false, label: 'Windows', reason: 'the install scripts are bash scripts for macOS and Linux' });
  });

  test('findExecutable looks along PATH for an executable file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-which-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, 'lb'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'notexec'), '', { mode: 0o644 });
    fs.mkdirSync(path.join(dir, 'adir'));
    assert.equal(await findExecutable('lb', `/nonexistent:${dir}`), path.join(dir, 'lb'));
    assert.equal(await findExecutable('notexec', dir), undefined);
    assert.equal(await findExecutable('adir', dir), undefined);
    assert.equal(await findExecutable(path.join(dir, 'lb'), ''), path.join(dir, 'lb'));
  });
});

describe('health checks', () => {
  async function serve(handler: http.RequestListener): Promise<string> {
    const server = http.createServer(handler).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    after(() => server.close());
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  test('Loki: 200 on /ready is ready; 503 carries Loki\'s reason; the tenant header is sent', async () => {
    const seen: Array<string | undefined> = [];
    let ready = false;
    const url = await serve((req, res) => {
      seen.push(req.headers['x-scope-orgid'] as string | undefined);
      assert.equal(req.url, '/ready');
      if (ready) res.end('ready\n');
      else res.writeHead(503).end('Ingester not ready: waiting for 15s after being ready\n');
    });
    const down = await checkLoki({ url: `${url}/loki/api/v1/push`, tenant: 'team-a' });
    assert.deepEqual([down.ok, down.url, down.detail], [false, url, 'HTTP 503: Ingester not ready: waiting for 15s after being ready']);
    ready = true;
    const up = await checkLoki({ url });
    assert.deepEqual([up.ok, up.detail], [true, 'ready']);
    assert.deepEqual(seen, ['team-a', undefined]);
  });

  test('Loki: credentials written into the URL are sent as a header and never shown in the result', async () => {
    const seen: Array<string | undefined> = [];
    const url = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.end('ready\n');
    });
    const result = await checkLoki({ url: url.replace('http://', 'http://user:s3cret@') });
    assert.deepEqual([result.ok, result.url], [true, url]);
    assert.deepEqual(seen, [`Basic ${Buffer.from('user:s3cret').toString('base64')}`]);
  });

  test('Grafana: version and database state from /api/health, asked with the links\' org and credentials; a non-Grafana answer is named', async () => {
    let status = 200;
    let body = '{"commit":"abc","database":"ok","version":"11.3.0"}';
    const seen: Array<[string | undefined, string | undefined]> = [];
    const url = await serve((req, res) => {
      assert.equal(req.url, '/api/health');
      seen.push([req.headers['x-grafana-org-id'] as string | undefined, req.headers.authorization]);
      res.writeHead(status).end(body);
    });
    const up = await checkGrafana({ url: `${url}/`, orgId: 2, auth: { type: 'bearer', token: 'tok' } });
    assert.deepEqual([up.ok, up.url, up.detail], [true, url, 'Grafana 11.3.0, database ok']);
    assert.deepEqual(seen, [['2', 'Bearer tok']]);
    body = '{"database":"failing","version":"11.3.0"}';
    assert.equal((await checkGrafana({ url })).detail, 'Grafana 11.3.0, database failing');
    for (const notGrafana of ['<html>', '[]']) {
      body = notGrafana;
      assert.equal((await checkGrafana({ url })).detail, "answered, but not with Grafana's health JSON (is this URL Grafana?)");
    }
    status = 503;
    body = 'upstream unavailable\nmore';
    assert.deepEqual((({ ok, detail }) => ({ ok, detail }))(await checkGrafana({ url })), { ok: false, detail: 'HTTP 503: upstream unavailable' });
  });

  test('nothing listening: connection refused, said plainly; an unusable URL is named', async () => {
    const port = await freePort();
    const r = await checkGrafana({ url: `http://127.0.0.1:${port}` });
    assert.deepEqual([r.ok, r.detail], [false, 'connection refused (nothing listens on that port)']);
    const loki = await checkLoki({ url: `http://127.0.0.1:${port}` });
    assert.deepEqual([loki.ok, loki.detail], [false, 'connection refused (nothing listens on that port)']);
    const bad = await checkGrafana({ url: 'grafana.lab' });
    assert.deepEqual([bad.ok, bad.url, bad.detail], [false, 'grafana.lab', 'Grafana URL "grafana.lab" is not a valid URL (e.g. http://localhost:3000)']);
  });
});
