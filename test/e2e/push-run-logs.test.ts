// "Push Run Logs to Loki..." in real VS Code (code-server + Chromium) against a real Loki behind a gateway that
// wants basic auth: credentials set with "LB: Set Loki Credentials", a push from a Runs view item's context menu
// and one from the palette, each with its verified result; and the extension's own log records reaching Loki
// when `lbObs.logs.pushToLoki` is on.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lokiQueryRange } from '../../core/loki/api';
import { AuthProxy, startAuthProxy } from '../support/authProxy';
import type { Workbench } from '../support/codeServer';
import { startSuiteWorkbench, stopSuiteWorkbench, SUITE_SETUP_TIMEOUT_MS, SuiteWorkbench, TEST_TIMEOUT_MS } from '../support/e2eSuite';
import { expectedEntries } from '../support/expectedEntries';
import { uniqueRunId } from '../support/lbStreams';
import { countOverTime } from '../support/lokiEntries';
import { RunningLoki, startLoki } from '../support/loki';
import { chromiumBinary, codeServerBinary, lokiBinary, needs } from '../support/prerequisites';
import { generateRun, GeneratedRun } from '../support/runGenerator';
import { waitUntil } from '../support/waitUntil';

const SUITE = 'e2e/push-run-logs';
const PASSWORD = 'e2e-s3cret';

describe('pushing run logs from VS Code', needs(SUITE, codeServerBinary(), chromiumBinary(), lokiBinary()), () => {
  let loki: RunningLoki;
  let proxy: AuthProxy;
  let suite: SuiteWorkbench | undefined;
  let run: GeneratedRun;
  const startMs = Date.now() - 3_600_000;

  before(
    async () => {
      loki = await startLoki();
      proxy = await startAuthProxy({ target: loki.url, basic: { username: 'lb', password: PASSWORD } });
      suite = await startSuiteWorkbench('lb-obs-push-e2e-', ({ workspace }) => {
        run = generateRun(path.join(workspace, 'benchmark_results'), { runId: uniqueRunId(), hosts: ['node-1'], linesPerFile: 300, startMs });
        return { settings: { 'lbObs.loki.url': proxy.url, 'lbObs.logs.pushToLoki': true } };
      });
    },
    { timeout: SUITE_SETUP_TIMEOUT_MS },
  );

  after(async () => {
    await stopSuiteWorkbench(suite);
    await proxy?.stop();
    await loki?.stop();
  });

  const onScreen = (name: string, body: (wb: Workbench) => Promise<void>) => suite!.workbench.onScreen(name, body);
  const pushedToast = (lines: number) => new RegExp(`Pushed ${lines.toLocaleString('en-US')} lines of ${run.runId} to Loki; verified: Loki holds every line once\\.`);
  const window = () => [startMs - 60_000, Date.now() + 60_000] as const;

  test('"LB: Set Loki Credentials" keeps a user and password in the secret storage', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('set-loki-credentials', async (wb) => {
      await wb.runCommandAndPick('LB: Set Loki Credentials', 'User and password');
      await wb.typeInto(/^Loki user for /, 'lb');
      await wb.typeInto(/^Password of lb on /, PASSWORD);
      await wb.waitForToast(`Loki credentials for ${proxy.url} are stored in VS Code's secret storage`);
    }),
  );

  test('from the Runs view: the run is pushed with the credentials, verified, and Grafana is offered', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('push-from-runs-view', async (wb) => {
      const expected = expectedEntries(run.files).length;
      await wb.page.locator('.activitybar .action-item [aria-label^="lb Runs"]').first().click();
      const row = wb.page.locator('[id="workbench.view.extension.lbObs"] .monaco-list-row', { hasText: run.runId });
      await row.waitFor({ timeout: 60_000 });
      await wb.contextMenu(row, 'Push Run Logs to Loki...');
      const done = await wb.waitForToast(pushedToast(expected), 180_000);
      assert.ok(await done.locator('.monaco-button', { hasText: 'Open in Grafana' }).isVisible());
      await wb.screenshot('push-run-logs-done');
      assert.equal(await countOverTime({ url: loki.url }, `{run_id="${run.runId}"}`, ...window()), expected);
      const pushes = proxy.requests.filter((r) => r.path === '/loki/api/v1/push' && r.headers['content-encoding'] === 'gzip');
      assert.ok(pushes.some((r) => r.forwarded), 'pushes went through the gateway with the stored credentials');
      await done.locator('.codicon-notifications-clear').click().catch(() => undefined);
    }),
  );

  test('from the palette, pushing the same run again sends nothing and Loki still holds each line once', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('push-from-palette', async (wb) => {
      const expected = expectedEntries(run.files).length;
      await wb.runCommandAndPick('LB: Push Run Logs to Loki...', run.runId);
      await wb.waitForToast(pushedToast(0), 180_000);
      assert.equal(await countOverTime({ url: loki.url }, `{run_id="${run.runId}"}`, ...window()), expected);
    }),
  );

  test("with lbObs.logs.pushToLoki on, the extension's own log records reach Loki", { timeout: TEST_TIMEOUT_MS }, async () => {
    let messages: string[] = [];
    await waitUntil(
      "the extension's record of the push in Loki",
      async () => {
        const streams = await lokiQueryRange({ url: loki.url }, { query: '{component="vscode-client"}', start: Date.now() - 3_600_000, end: Date.now() + 60_000, limit: 1000 });
        messages = streams.flatMap((s) => s.values.map((v) => JSON.parse(v[1]).message as string));
        return messages.some((m) => m === `pushing ${run.runDir} to ${proxy.url}`);
      },
      { timeoutMs: 120_000, intervalMs: 1000, seen: async () => `Loki holds:\n${messages.join('\n')}` },
    );
  });
});
