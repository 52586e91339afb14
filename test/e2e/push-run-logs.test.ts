// "Push Run Logs to Loki..." in real VS Code (code-server + Chromium) against a real Loki behind a gateway that
// wants basic auth: credentials set with "LB: Set Loki Credentials", a push from a Runs view item's context menu
// and one from the palette, each with its verified result; and the extension's own log records reaching Loki
// when `lbObs.logs.pushToLoki` is on.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lokiQueryRange } from '../../core/loki/api';
import { AuthProxy, startAuthProxy } from '../support/authProxy';
import { Workbench } from '../support/codeServer';
import { expectedEntries } from '../support/expectedEntries';
import { uniqueRunId } from '../support/lbStreams';
import { countOverTime } from '../support/lokiEntries';
import { RunningLoki, startLoki } from '../support/loki';
import { chromiumBinary, codeServerBinary, lokiBinary, needs } from '../support/prerequisites';
import { generateRun, GeneratedRun } from '../support/runGenerator';
import { buildVsix } from '../support/vsix';

const SUITE = 'e2e/push-run-logs';
const PASSWORD = 'e2e-s3cret';

describe('pushing run logs from VS Code', needs(SUITE, codeServerBinary(), chromiumBinary(), lokiBinary()), () => {
  let tempDir: string;
  let loki: RunningLoki;
  let proxy: AuthProxy;
  let workbench: Workbench | undefined;
  let run: GeneratedRun;
  const startMs = Date.now() - 3_600_000;

  before(
    async () => {
      tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-push-e2e-'));
      loki = await startLoki();
      proxy = await startAuthProxy({ target: loki.url, basic: { username: 'lb', password: PASSWORD } });
      const vsix = await buildVsix(tempDir);
      const workspace = path.join(tempDir, 'workspace');
      fs.mkdirSync(workspace, { recursive: true });
      run = generateRun(path.join(workspace, 'benchmark_results'), { runId: uniqueRunId(), hosts: ['node-1'], linesPerFile: 300, startMs });
      workbench = await Workbench.start({
        workspace,
        vsix,
        settings: { 'lbObs.loki.url': proxy.url, 'lbObs.logs.pushToLoki': true },
        // Checkpoints and lb's own config in the test's folders, not the user's.
        env: { XDG_STATE_HOME: path.join(tempDir, 'state'), XDG_CONFIG_HOME: path.join(tempDir, 'config') },
      });
      await workbench.waitForWorkbench();
      await workbench.acceptWorkspaceTrust();
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await workbench?.stop();
    await proxy?.stop();
    await loki?.stop();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  });

  async function onScreen(name: string, body: (wb: Workbench) => Promise<void>): Promise<void> {
    const wb = workbench!;
    try {
      await body(wb);
    } catch (err) {
      await wb.screenshot(`failed-${name}`).catch(() => undefined);
      throw err;
    }
  }

  async function pick(wb: Workbench, label: string): Promise<void> {
    const row = wb.page.locator('.quick-input-list .monaco-list-row', { has: wb.page.locator('.label-name', { hasText: label }) });
    await row.first().waitFor({ timeout: 20_000 });
    await row.first().click();
  }

  /** Types into the input box titled `title` (waiting for it: one box follows another in the same widget). */
  async function type(wb: Workbench, title: RegExp, text: string): Promise<void> {
    await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 20_000 });
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    await wb.page.keyboard.press('Enter');
  }

  const toast = (wb: Workbench, text: RegExp) => wb.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  const window = () => [startMs - 60_000, Date.now() + 60_000] as const;

  test('"LB: Set Loki Credentials" keeps a user and password in the secret storage', { timeout: 60_000 }, () =>
    onScreen('set-loki-credentials', async (wb) => {
      await wb.runCommand('LB: Set Loki Credentials');
      await pick(wb, 'User and password');
      await type(wb, /^Loki user for /, 'lb');
      await type(wb, /^Password of lb on /, PASSWORD);
      await toast(wb, new RegExp(`Loki credentials for ${proxy.url} are stored in VS Code's secret storage`)).waitFor({ timeout: 20_000 });
    }),
  );

  test('from the Runs view: the run is pushed with the credentials, verified, and Grafana is offered', { timeout: 180_000 }, () =>
    onScreen('push-from-runs-view', async (wb) => {
      const expected = expectedEntries(run.files).length;
      await wb.page.locator('.activitybar .action-item [aria-label^="lb Runs"]').first().click();
      const row = wb.page.locator('[id="workbench.view.extension.lbObs"] .monaco-list-row', { hasText: run.runId });
      await row.waitFor({ timeout: 60_000 });
      await row.click({ button: 'right' });
      // The web workbench's context menu acts on the focused item: point at it, then press Enter.
      await wb.page.locator('.context-view .action-label', { hasText: 'Push Run Logs to Loki...' }).hover();
      await wb.page.keyboard.press('Enter');
      const done = toast(wb, new RegExp(`Pushed ${expected.toLocaleString('en-US')} lines of ${run.runId} to Loki; verified: Loki holds every line once\\.`));
      await done.waitFor({ timeout: 120_000 });
      assert.ok(await done.locator('.monaco-button', { hasText: 'Open in Grafana' }).isVisible());
      await wb.screenshot('push-run-logs-done');
      assert.equal(await countOverTime({ url: loki.url }, `{run_id="${run.runId}"}`, ...window()), expected);
      const pushes = proxy.requests.filter((r) => r.path === '/loki/api/v1/push' && r.headers['content-encoding'] === 'gzip');
      assert.ok(pushes.some((r) => r.forwarded), 'pushes went through the gateway with the stored credentials');
      await done.locator('.codicon-notifications-clear').click().catch(() => undefined);
    }),
  );

  test('from the palette, pushing the same run again sends nothing and Loki still holds each line once', { timeout: 180_000 }, () =>
    onScreen('push-from-palette', async (wb) => {
      const expected = expectedEntries(run.files).length;
      await wb.runCommand('LB: Push Run Logs to Loki...');
      const pick = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: run.runId });
      await pick.first().waitFor({ timeout: 30_000 });
      await pick.first().click();
      await toast(wb, new RegExp(`Pushed 0 lines of ${run.runId} to Loki; verified: Loki holds every line once\\.`)).waitFor({ timeout: 120_000 });
      assert.equal(await countOverTime({ url: loki.url }, `{run_id="${run.runId}"}`, ...window()), expected);
    }),
  );

  test("with lbObs.logs.pushToLoki on, the extension's own log records reach Loki", { timeout: 60_000 }, async () => {
    const deadline = Date.now() + 30_000;
    let messages: string[] = [];
    while (Date.now() < deadline) {
      const streams = await lokiQueryRange({ url: loki.url }, { query: '{component="vscode-client"}', start: Date.now() - 3_600_000, end: Date.now() + 60_000, limit: 1000 });
      messages = streams.flatMap((s) => s.values.map((v) => JSON.parse(v[1]).message as string));
      if (messages.some((m) => m.includes(`pushing ${run.runDir}`))) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    assert.ok(messages.some((m) => m === `pushing ${run.runDir} to ${proxy.url}`), messages.join('\n'));
  });
});
