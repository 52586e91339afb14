// Workflow logs in real VS Code (code-server + Chromium) from a real Loki: the "Open in Log Panel" code lens of a
// .logql query opens a log panel with the query's lines (Airflow pods' plain output, not lb records), their
// columns taken from the stream labels (namespace, pod, container, task), their level from Loki's detected_level,
// and a logfmt line's fields in its details.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { lokiPush } from '../../core/loki/api';
import { startSuiteWorkbench, stopSuiteWorkbench, SUITE_SETUP_TIMEOUT_MS, SuiteWorkbench, TEST_TIMEOUT_MS } from '../support/e2eSuite';
import { RunningLoki, startLoki } from '../support/loki';
import { chromiumBinary, codeServerBinary, lokiBinary, needs } from '../support/prerequisites';
import { waitUntil } from '../support/waitUntil';

const SUITE = 'e2e/workflow-logs';
const QUERY = '{namespace="airflow"} |= "dag_id=hello_world"';

interface ShownRow {
  level: string;
  component: string;
  host: string;
  workload: string;
  phase: string;
  message: string;
}

/** The log panel frame whose rows include `message`, and its rows and column headers. */
async function panelRows(frames: Frame[], message: string): Promise<{ frame: Frame; headers: string[]; rows: ShownRow[] } | undefined> {
  for (const f of frames) {
    const shown = await f
      .evaluate(() => ({
        headers: Array.from(document.querySelectorAll('.row.header .cell')).map((c) => c.textContent ?? ''),
        rows: Array.from(document.querySelectorAll('.rows .row')).map((r) => {
          const cell = (key: string) => r.querySelector(`.col-${key}`)?.textContent ?? '';
          return { level: cell('level'), component: cell('component'), host: cell('host'), workload: cell('workload'), phase: cell('phase'), message: cell('message') };
        }),
      }))
      .catch(() => undefined);
    if (shown?.rows.some((r) => r.message === message)) return { frame: f, ...shown };
  }
  return undefined;
}

describe('workflow logs in the log panel', needs(SUITE, codeServerBinary(), chromiumBinary(), lokiBinary()), () => {
  let loki: RunningLoki;
  let suite: SuiteWorkbench | undefined;
  const now = Date.now();
  const lines = [
    { pod: 'hello-world-extract-1', task: 'extract', at: now - 120_000, line: 'level=info msg="extract started" dag_id=hello_world' },
    { pod: 'hello-world-extract-1', task: 'extract', at: now - 119_000, line: 'level=error msg="extract failed: timeout" dag_id=hello_world' },
    { pod: 'hello-world-load-1', task: 'load', at: now - 60_000, line: 'level=info msg="load done" dag_id=hello_world' },
  ];

  before(
    async () => {
      loki = await startLoki();
      await lokiPush(
        { url: loki.url },
        lines.map((l) => ({
          stream: { namespace: 'airflow', pod: l.pod, container: 'base', dag_id: 'hello_world', task_id: l.task },
          values: [[(BigInt(l.at) * 1_000_000n).toString(), l.line]],
        })),
      );
      // Another DAG's line, which the query's line filter leaves out.
      await lokiPush({ url: loki.url }, [{ stream: { namespace: 'airflow', pod: 'other-1', container: 'base' }, values: [[(BigInt(now - 30_000) * 1_000_000n).toString(), 'level=info dag_id=other']] }]);
      suite = await startSuiteWorkbench(
        'lb-obs-workflow-e2e-',
        ({ workspace }) => {
          fs.mkdirSync(workspace, { recursive: true });
          fs.writeFileSync(path.join(workspace, 'airflow.logql'), `${QUERY}\n`);
          return { settings: { 'lbObs.loki.url': loki.url } };
        },
        { activates: false },
      );
    },
    { timeout: SUITE_SETUP_TIMEOUT_MS },
  );

  after(async () => {
    await stopSuiteWorkbench(suite);
    await loki?.stop();
  });

  test('"Open in Log Panel" on a .logql query shows its lines with the label columns', { timeout: TEST_TIMEOUT_MS }, () =>
    suite!.workbench.onScreen('workflow-logs-panel', async (wb) => {
      await wb.openFile('airflow.logql');
      const lens = wb.page.locator('.codelens-decoration a', { hasText: 'Open in Log Panel' });
      await lens.first().waitFor({ timeout: 120_000 });
      await lens.first().click();
      const last = lines[lines.length - 1].line;
      let seen = '';
      const shown = await waitUntil(
        'a log panel showing the query\'s lines',
        async () => {
          const found = await panelRows(wb.page.frames(), last);
          seen = JSON.stringify(found);
          return found && found.rows.length >= lines.length ? found : undefined;
        },
        { timeoutMs: 120_000, seen: async () => `the panel shows ${seen}` },
      );
      await wb.screenshot('workflow-logs-panel');
      assert.deepEqual(shown.headers, ['Time', 'Level', 'Namespace', 'Pod', 'Container', 'Rep', 'Task', 'Message']);
      assert.deepEqual(
        shown.rows.map(({ level, component, host, workload, phase, message }) => ({ level, component, host, workload, phase, message })),
        [
          { level: 'INFO', component: 'airflow', host: 'hello-world-extract-1', workload: 'base', phase: 'extract', message: lines[0].line },
          { level: 'ERROR', component: 'airflow', host: 'hello-world-extract-1', workload: 'base', phase: 'extract', message: lines[1].line },
          { level: 'INFO', component: 'airflow', host: 'hello-world-load-1', workload: 'base', phase: 'load', message: lines[2].line },
        ],
      );
      assert.ok(await shown.frame.locator('button', { hasText: 'Grafana' }).isEnabled(), 'a query opens in Grafana too');
      await shown.frame.locator('.rows .row', { hasText: 'extract failed' }).dblclick();
      const details = shown.frame.locator('.details-body');
      await details.waitFor({ timeout: 60_000 });
      await waitUntil('the logfmt fields in the details', async () => /"msg": "extract failed: timeout"/.test((await details.textContent()) ?? ''), {
        seen: async () => (await details.textContent()) ?? '',
      });
      assert.match((await details.textContent()) ?? '', /"level": "error",\s*"msg": "extract failed: timeout",\s*"dag_id": "hello_world"/);
      await wb.screenshot('workflow-logs-details');
    }),
  );

  test('"Open Workflow Logs in Log Panel" for an Airflow task shows only that task\'s lines', { timeout: TEST_TIMEOUT_MS }, () =>
    suite!.workbench.onScreen('workflow-logs-airflow-task', async (wb) => {
      await wb.runCommandAndPick('LB: Open Workflow Logs in Log Panel (Flyte / Airflow)...', 'Airflow: DAG, DAG run, task or try');
      await wb.typeInto('Airflow DAG id', 'hello_world');
      await wb.typeInto('DAG run id (optional)', '');
      await wb.typeInto('Task id (optional)', 'load');
      await wb.typeInto('Try number (optional)', '');
      let seen = '';
      // The task's own panel: its one line, none of the extract task's (the first test's panel shows all three).
      const shown = await waitUntil(
        "a log panel showing the load task's line",
        async () => {
          for (const frame of wb.page.frames()) {
            const found = await panelRows([frame], lines[2].line);
            if (found) seen = JSON.stringify(found.rows);
            if (found?.rows.length === 1) return found;
          }
          return undefined;
        },
        { timeoutMs: 120_000, seen: async () => `a panel shows ${seen}` },
      );
      assert.deepEqual(shown.rows[0], { level: 'INFO', component: 'airflow', host: 'hello-world-load-1', workload: 'base', phase: 'load', message: lines[2].line });
      await wb.screenshot('workflow-logs-airflow-task');
    }),
  );
});
