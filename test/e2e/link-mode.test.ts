// Workflow links that follow the pipeline, in real VS Code (code-server + Chromium): the link picker shows how
// each kind of link will find its logs and why (from the workspace's Alloy pipeline, through the language
// server), the link opened has that form, and a mode set in the workspace's settings wins and says so. A local
// Grafana stand-in records the exact URL the browser requests.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Workbench } from '../support/codeServer';
import { startSuiteWorkbench, stopSuiteWorkbench, SUITE_SETUP_TIMEOUT_MS, SuiteWorkbench, TEST_TIMEOUT_MS } from '../support/e2eSuite';
import { decodeExploreUrl } from '../support/grafanaLinks';
import { FIXTURES } from '../support/paths';
import { chromiumBinary, codeServerBinary, needs } from '../support/prerequisites';
import { waitUntil } from '../support/waitUntil';

const SUITE = 'e2e/link-mode';
const RELABEL = 'a relabel rule (target_label) in discovery.relabel "airflow"';
const AIRFLOW_ITEM = 'Airflow: DAG, DAG run, task or try';
const FLYTE_ITEM = 'Flyte: all workflow logs';

/** Any request answered with a page and recorded (127.0.0.2: code-server rewrites localhost links into its proxy). */
async function startGrafanaStandIn(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<title>Grafana stand-in</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.2:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

describe('workflow links that follow the pipeline', needs(SUITE, codeServerBinary(), chromiumBinary()), () => {
  let suite: SuiteWorkbench | undefined;
  let grafana: Awaited<ReturnType<typeof startGrafanaStandIn>>;

  before(
    async () => {
      grafana = await startGrafanaStandIn();
      suite = await startSuiteWorkbench('lb-obs-e2e-link-mode-', ({ workspace }) => {
        // The validate-folder fixture: an Alloy pipeline promoting dag_id and task_id, and an lb config (activation).
        fs.cpSync(path.join(FIXTURES, 'validate-folder'), workspace, { recursive: true });
        return { settings: { 'lbObs.grafana.url': grafana.url, 'lbObs.grafana.datasourceUid': 'lb-loki' } };
      });
    },
    { timeout: SUITE_SETUP_TIMEOUT_MS },
  );

  after(async () => {
    await stopSuiteWorkbench(suite);
    await grafana?.close();
  });

  const onScreen = (name: string, body: (wb: Workbench) => Promise<void>) => suite!.workbench.onScreen(name, body);

  /** The detail the open link picker shows under the row labelled `label`. */
  async function pickerDetail(wb: Workbench, label: string): Promise<string> {
    const row = wb.page.locator('.quick-input-list .monaco-list-row', { has: wb.page.locator('.label-name', { hasText: label }) });
    await row.first().waitFor({ timeout: 120_000 });
    // The row's text is its label, then its detail, then any separator label VS Code adds.
    return row.first().evaluate((el, name) => {
      const labels = Array.from(el.querySelectorAll('.monaco-icon-label-container')).map((l) => l.textContent ?? '');
      return labels.find((t) => t !== name && !t.startsWith(name)) ?? '';
    }, label);
  }

  /** The Explore URL the browser requests next from the stand-in. */
  function nextExploreRequest(wb: Workbench, since: number): Promise<string> {
    return waitUntil(
      'the browser to request an Explore URL',
      async () => {
        const hit = grafana.requests.slice(since).find((r) => r.startsWith('/explore?'));
        if (hit) return `${grafana.url}${hit}`;
        // VS Code asks before opening a site it does not trust yet: allow it.
        const open = wb.page.getByRole('button', { name: /^Open$/ });
        if (await open.isVisible().catch(() => false)) await open.click();
        return undefined;
      },
      { timeoutMs: 120_000, seen: async () => `stand-in requests: ${JSON.stringify(grafana.requests.slice(since))}` },
    );
  }

  async function airflowLink(wb: Workbench, runId: string, taskId: string, tryNumber?: string): Promise<string> {
    const since = grafana.requests.length;
    await wb.pick(AIRFLOW_ITEM);
    await wb.typeInto('Airflow DAG id', 'etl');
    await wb.typeInto('DAG run id (optional)', runId);
    await wb.typeInto('Task id (optional)', taskId);
    if (tryNumber !== undefined) await wb.typeInto('Try number (optional)', tryNumber);
    return decodeExploreUrl(await nextExploreRequest(wb, since)).expr;
  }

  test("the picker says each link's form and why; the Airflow link matches the labels the pipeline promotes", { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('link-mode-picker', async (wb) => {
      await wb.runCommand('LB: Open Workflow Logs in Grafana (Flyte / Airflow)...');
      assert.equal(await pickerDetail(wb, AIRFLOW_ITEM), `By pod labels: stream label dag_id from collector/airflow.alloy:15 (${RELABEL})`);
      assert.equal(
        await pickerDetail(wb, FLYTE_ITEM),
        `Every pod of an execution, by label app: the workspace's pipelines do not make app, execution_id and pod a stream label (and no Loki was asked): the default app (set the workflow label to a label whose value starts with the execution id)`,
      );
      await wb.screenshot('link-mode-picker');
      assert.equal(await airflowLink(wb, '', 'load', ''), '{namespace="airflow", dag_id="etl", task_id="load"}');
    }),
  );

  test('a run id the pipeline does not promote: the ids in the log text', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('link-mode-line-filter', async (wb) => {
      await wb.runCommand('LB: Open Workflow Logs in Grafana (Flyte / Airflow)...');
      assert.equal(await airflowLink(wb, 'manual_1', 'load'), '{namespace="airflow"} |= "dag_id=etl" |= "task_id=load" |= "run_id=manual_1"');
    }),
  );

  test('a mode set in the workspace settings wins, and the picker says so', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('link-mode-setting', async (wb) => {
      fs.mkdirSync(path.join(suite!.workspace, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(suite!.workspace, '.vscode', 'settings.json'), '{ "lbObs.airflow.mode": "line-filter" }\n');
      const expected = `By line filter: setting lbObs.airflow.mode (workspace settings) is "line-filter": a choice you make always wins over the labels found`;
      let shown = '';
      // VS Code reads the settings file once it notices the change: the picker is opened again until it has.
      await waitUntil(
        'the picker to show the workspace setting',
        async () => {
          await wb.runCommand('LB: Open Workflow Logs in Grafana (Flyte / Airflow)...');
          shown = await pickerDetail(wb, AIRFLOW_ITEM);
          if (shown === expected) return true;
          await wb.page.keyboard.press('Escape');
          return false;
        },
        { timeoutMs: 120_000, intervalMs: 1000, seen: async () => `it shows ${shown}` },
      );
      assert.equal(await airflowLink(wb, '', 'load'), '{namespace="airflow"} |= "dag_id=etl" |= "task_id=load"');
    }),
  );
});
