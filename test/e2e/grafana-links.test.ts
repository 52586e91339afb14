// Grafana links in real VS Code (code-server + Chromium): credentials set through the UI, the Loki datasource
// discovered and picked, a run's logs and a .logql query opened; a local Grafana stand-in records the exact
// URL the browser requests, so what Grafana would receive is checked (including a `+` inside the query).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Workbench } from '../support/codeServer';
import { startSuiteWorkbench, stopSuiteWorkbench, SUITE_SETUP_TIMEOUT_MS, SuiteWorkbench, TEST_TIMEOUT_MS } from '../support/e2eSuite';
import { decodeExploreUrl } from '../support/grafanaLinks';
import { chromiumBinary, codeServerBinary, needs } from '../support/prerequisites';
import { waitUntil } from '../support/waitUntil';

const SUITE = 'e2e/grafana-links';
const T0 = Date.UTC(2026, 10, 21, 13, 56, 0);
const TOKEN = 'glsa_e2e_token';

interface Recorded {
  url: string;
  authorization?: string;
}

/**
 * Grafana's API for discovery (token required) and any other path answered with a page, all recorded. It listens
 * on 127.0.0.2: VS Code (here code-server) rewrites links to localhost / 127.0.0.1 into its port-forwarding
 * proxy, which code-server reduces to the proxy's root, losing the link's path and query.
 */
async function startGrafanaStandIn(): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    if (req.url === '/grafana/api/datasources') {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"message":"Unauthorized"}');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify([
          { uid: 'lb-loki', name: 'loki', type: 'loki', isDefault: true },
          { uid: 'archive', name: 'loki-archive', type: 'loki' },
          { uid: 'prom', name: 'Prometheus', type: 'prometheus' },
        ]),
      );
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<title>Grafana stand-in</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.2:${port}/grafana`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

function writeWorkspace(dir: string): void {
  const run = path.join(dir, 'benchmark_results', 'run-20261121-135600');
  fs.mkdirSync(path.join(run, 'logs'), { recursive: true });
  const task = { host: 'node-1', workload: 'stress_ng', repetition: 1, status: 'COMPLETED', started_at: new Date(T0).toISOString(), finished_at: new Date(T0 + 600_000).toISOString() };
  fs.writeFileSync(path.join(run, 'run_journal.json'), JSON.stringify({ run_id: 'run-20261121-135600', tasks: [task], metadata: {} }));
  fs.writeFileSync(path.join(dir, 'queries.logql'), '# errors with a plus sign\n{run_id="run-20261121-135600"} |= "1+1 & #2"\n');
}

describe('Grafana links in code-server', needs(SUITE, codeServerBinary(), chromiumBinary()), () => {
  let suite: SuiteWorkbench | undefined;
  let grafana: Awaited<ReturnType<typeof startGrafanaStandIn>>;
  /** Requests of the browser outside code-server itself, for failure messages. */
  const browserRequests: string[] = [];

  before(
    async () => {
      grafana = await startGrafanaStandIn();
      suite = await startSuiteWorkbench('lb-obs-e2e-grafana-', ({ workspace }) => {
        writeWorkspace(workspace);
        return { settings: { 'lbObs.grafana.url': grafana.url, 'lbObs.grafana.orgId': 2 } };
      });
      const { url } = suite.workbench;
      suite.workbench.page.context().on('request', (r) => {
        if (!r.url().startsWith(url) || r.url().includes('/proxy/')) browserRequests.push(r.url());
      });
    },
    { timeout: SUITE_SETUP_TIMEOUT_MS },
  );

  after(async () => {
    await stopSuiteWorkbench(suite);
    await grafana?.close();
  });

  const onScreen = (name: string, body: (wb: Workbench) => Promise<void>) => suite!.workbench.onScreen(name, body);

  /** The next Explore request the browser makes to the stand-in (opening a link opens a browser tab). */
  function nextExploreRequest(since: number): Promise<string> {
    const page = suite!.workbench.page;
    return waitUntil(
      'the browser to request an Explore URL',
      async () => {
        const hit = grafana.requests.slice(since).find((r) => r.url.startsWith('/grafana/explore?'));
        if (hit) return `${new URL(grafana.url).origin}${hit.url}`;
        // VS Code asks before opening a site it does not trust yet: allow it.
        const open = page.getByRole('button', { name: /^Open$/ });
        if (await open.isVisible().catch(() => false)) await open.click();
        return undefined;
      },
      {
        timeoutMs: 120_000,
        seen: async () =>
          `stand-in requests: ${JSON.stringify(grafana.requests.slice(since))}; tabs: ${JSON.stringify(page.context().pages().map((p) => p.url()))}; ` +
          `browser requests: ${JSON.stringify(browserRequests.slice(-20))}`,
      },
    );
  }

  test('credentials, discovery and "Open Run Logs in Grafana" open exactly the run\'s Explore link', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('grafana-run', async (wb) => {
      await wb.runCommandAndPick('LB: Set Grafana Credentials', 'Service account token');
      await wb.typeInto(/^Service account token for /, TOKEN);
      await wb.waitForToast(/secret storage/);

      const since = grafana.requests.length;
      await wb.runCommandAndPick('LB: Open Run Logs in Grafana', 'run-20261121-135600');
      await wb.pick('loki-archive');
      const link = decodeExploreUrl(await nextExploreRequest(since));
      assert.deepEqual(
        { expr: link.expr, uid: link.datasourceUid, org: link.orgId, from: link.from, to: link.to },
        { expr: '{run_id="run-20261121-135600"}', uid: 'archive', org: '2', from: String(T0 - 60_000), to: String(T0 + 660_000) },
      );
      const discovery = grafana.requests.slice(since).filter((r) => r.url === '/grafana/api/datasources');
      assert.deepEqual(discovery.map((r) => r.authorization), [`Bearer ${TOKEN}`]);
    }),
  );

  test('the "Open in Grafana" code lens of a .logql query opens it unchanged, + & # included', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('grafana-codelens', async (wb) => {
      await wb.openFile('queries.logql');
      const lens = wb.page.locator('.codelens-decoration a', { hasText: 'Open in Grafana' });
      await lens.first().waitFor({ timeout: 60_000 });
      const since = grafana.requests.length;
      await lens.first().click();
      const link = decodeExploreUrl(await nextExploreRequest(since));
      assert.equal(link.expr, '{run_id="run-20261121-135600"} |= "1+1 & #2"');
      assert.equal(link.datasourceUid, 'archive', 'the datasource picked before is kept for the session');
      await wb.screenshot('grafana-codelens');
    }),
  );

  test('"Copy Grafana Link" puts the same link on the clipboard and shows it', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('grafana-copy', async (wb) => {
      await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.url });
      await wb.runCommandAndPick('LB: Copy Grafana Link', 'run-20261121-135600');
      await wb.waitForToast('Copied Grafana link:');
      await wb.screenshot('grafana-copy-link');
      const copied = await wb.page.evaluate(() => navigator.clipboard.readText());
      const link = decodeExploreUrl(copied);
      assert.deepEqual([link.expr, link.datasourceUid, link.from], ['{run_id="run-20261121-135600"}', 'archive', String(T0 - 60_000)]);
      assert.ok(copied.startsWith(`${grafana.url}/explore?schemaVersion=1&panes=`));
    }),
  );
});
