// The pipeline preview's webview script (dist/webview/alloyPreview.js) in real Chromium, inside the panel's real
// HTML and Content-Security-Policy (client/src/logs/panelHtml.ts), served from a local origin; a stand-in for
// VS Code's webview API records what it posts. Log lines and values are shown as text, whatever they hold.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { panelHtml } from '../../client/src/logs/panelHtml';
import type { ToPreviewWebview } from '../../protocol/alloyPreview';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT } from '../support/paths';
import { chromiumBinary, needs } from '../support/prerequisites';

const WEBVIEW_DIR = path.join(REPO_ROOT, 'dist', 'webview');
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>&amp;';

describe('pipeline preview webview in Chromium', needs('alloy preview webview e2e', chromiumBinary()), () => {
  let server: http.Server;
  let origin = '';
  let browser: Browser;

  before(async () => {
    server = http.createServer((req, res) => {
      const name = (req.url ?? '/').replace(/^\/webview\//, '');
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(panelHtml({ cspSource: origin, scriptUri: `${origin}/webview/alloyPreview.js`, styleUri: `${origin}/webview/alloyPreview.css` }));
      } else if (/^alloyPreview\.(js|css)$/.test(name)) {
        res.writeHead(200, { 'content-type': name.endsWith('.js') ? 'text/javascript' : 'text/css' });
        res.end(fs.readFileSync(path.join(WEBVIEW_DIR, name)));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium(chromiumBinary().path!);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function open(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      const posted: unknown[] = [];
      const violations: string[] = [];
      w.__posted = posted;
      w.__violations = violations;
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => posted.push(m) });
    });
    await page.goto(origin);
    await page.waitForFunction(() => ((window as unknown as { __posted: unknown[] }).__posted ?? []).length > 0);
    return page;
  }

  const send = (page: Page, message: ToPreviewWebview) => page.evaluate((data) => window.dispatchEvent(new MessageEvent('message', { data })), message);

  test('entries show their labels, metadata, timestamp and drops as text; hostile values stay text', async () => {
    const page = await open();
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted), [{ type: 'ready' }]);
    await send(page, {
      type: 'show',
      view: {
        component: 'loki.process "airflow"',
        source: `2 selected lines of ${HOSTILE}`,
        inputs: [
          { line: `dag_id=hello ${HOSTILE}`, labels: { namespace: 'airflow' } },
          { line: 'DEBUG noise', labels: {} },
        ],
        notSimulated: [{ id: 'stage.metrics (line 9)', name: 'stage.metrics', range: { start: 0, end: 1 } }],
        results: [
          {
            line: `dag_id=hello ${HOSTILE}`,
            labels: { namespace: 'airflow', dag_id: HOSTILE },
            structuredMetadata: [{ name: 'execution_date', value: '2024-01-01' }],
            timestamp: '2024-01-01T00:00:00Z',
            extracted: { dag_id: HOSTILE, n: 3 },
          },
          { line: 'DEBUG noise', labels: {}, structuredMetadata: [], timestamp: '', extracted: {}, droppedBy: 'stage.drop (line 12)', dropReason: 'debug' },
        ],
      },
    });
    await page.waitForSelector('.entry');
    const shown = await page.$$eval('.entry', (cards) =>
      cards.map((c) => ({
        line: c.querySelector('.entry-head .line')?.textContent,
        labels: Array.from(c.querySelectorAll('.chip.label'), (x) => x.textContent),
        metadata: Array.from(c.querySelectorAll('.chip.metadata'), (x) => x.textContent),
        drop: c.querySelector('.drop')?.textContent,
      })),
    );
    assert.deepEqual(shown, [
      { line: `dag_id=hello ${HOSTILE}`, labels: [`dag_id=${JSON.stringify(HOSTILE)}`, 'namespace="airflow"'], metadata: ['execution_date="2024-01-01"'], drop: undefined },
      { line: 'DEBUG noise', labels: [], metadata: [], drop: 'Dropped by stage.drop (line 12) (reason: debug)' },
    ]);
    assert.equal(await page.textContent('.notice'), 'Not simulated (entries pass them unchanged): stage.metrics (line 9)');
    assert.equal(await page.$$eval('img, .entries script', (x) => x.length), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
    fs.mkdirSync(path.join(REPO_ROOT, 'test-results', 'webview'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-results', 'webview', 'alloy-preview.png') });

    await page.click('.rerun');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted), [{ type: 'ready' }, { type: 'rerun' }]);
    await page.close();
  });

  test('a pipeline Alloy would refuse shows its message', async () => {
    const page = await open();
    await send(page, { type: 'failed', component: 'loki.process "x"', message: `stage.regex (line 3): could not compile ${HOSTILE}` });
    assert.equal(await page.textContent('.error'), `stage.regex (line 3): could not compile ${HOSTILE}`);
    await page.close();
  });
});
