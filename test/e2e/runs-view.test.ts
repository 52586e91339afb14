// The Runs view and the log panel in real VS Code (code-server + Chromium), from the packaged extension: runs
// listed newest first with their status, a new run showing up as lb writes its journal, and "Open Run Logs"
// opening the panel on the run's files through the log worker.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConsoleMessage, Dialog, Frame } from 'playwright-core';
import type { Workbench } from '../support/codeServer';
import { startSuiteWorkbench, stopSuiteWorkbench, SUITE_SETUP_TIMEOUT_MS, SuiteWorkbench, TEST_TIMEOUT_MS } from '../support/e2eSuite';
import { chromiumBinary, codeServerBinary, needs } from '../support/prerequisites';
import { addTruth, emptyTruth, GroundTruth, writeLogFile } from '../support/runGenerator';
import { waitUntil } from '../support/waitUntil';

const SUITE = 'e2e/runs-view';

function task(host: string, workload: string, repetition: number, status: string, start?: string, end?: string, error?: string) {
  return { host, workload, repetition, status, started_at: start ?? null, finished_at: end ?? null, error: error ?? null };
}

function writeRun(outputDir: string, runId: string, createdAt: string, tasks: object[]): string {
  const dir = path.join(outputDir, runId);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'run_journal.json'), JSON.stringify({ run_id: runId, tasks, metadata: { created_at: createdAt } }));
  return dir;
}

/** Log messages that would run script or change the page if the panel treated them as HTML. */
const HOSTILE_MESSAGES = [
  `<img src=x onerror="alert('img onerror ran')">`,
  '<script>alert("script ran")</script> after the script',
  '</div></div><svg onload=alert(3)><b>not bold</b> &amp; &lt;i&gt;',
];

/** A run's log file: lb records from the generator, preceded by error records carrying hostile messages. */
function writeHostileRunLog(file: string, runId: string): { level: string; message: string }[] {
  const start = Date.UTC(2026, 10, 20, 9, 0, 1);
  writeLogFile(file, { seed: 5, lines: 1500, component: 'runner', host: 'node-1', runId, workloads: ['stress_ng'], startMs: start + 4000 });
  const hostile = HOSTILE_MESSAGES.map((message, i) =>
    JSON.stringify({
      timestamp: new Date(start + i * 1000).toISOString().replace('Z', '000Z'),
      level: i === 1 ? 'CRITICAL' : 'ERROR',
      component: 'runner',
      host: 'node-1',
      run_id: runId,
      logger: 'lb_runner.engine.runner',
      message,
      event_type: 'log',
    }),
  );
  const text = `${hostile.join('\n')}\n${fs.readFileSync(file, 'utf8')}`;
  fs.writeFileSync(file, text);
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: string; message: string });
}

interface ShownRow {
  index: number;
  level: string;
  message: string;
}

/** The panel's rows as rendered: a row shows one line, its line breaks as ↵. */
const shownMessage = (message: string) => message.replace(/\r?\n/g, ' ↵ ');

/** Every row of the panel's filtered list, scrolling through it (the list only renders what is in view). */
async function allRows(frame: Frame): Promise<ShownRow[]> {
  const byIndex = new Map<number, ShownRow>();
  for (let page = 0; page < 200; page++) {
    await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await frame.waitForFunction(() => document.querySelectorAll('.rows .row').length > 0 && !document.querySelector('.rows .row.level-LOADING'));
    const rows = await frame.$$eval('.rows .row', (rs) =>
      rs.map((r) => ({
        index: Number(r.getAttribute('data-index')),
        level: r.querySelector('.col-level')?.textContent ?? '',
        message: r.querySelector('.col-message')?.textContent ?? '',
      })),
    );
    for (const row of rows) byIndex.set(row.index, row);
    const atEnd = await frame.$eval('.scroller', (s) => {
      const end = s.scrollTop + s.clientHeight >= s.scrollHeight - 2;
      s.scrollTop += Math.floor(s.clientHeight * 0.8);
      return end;
    });
    if (atEnd) break;
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** The panels' status lines, by frame. */
async function panelCounts(wb: Workbench): Promise<Array<[Frame, string]>> {
  const found: Array<[Frame, string]> = [];
  for (const f of wb.page.frames()) {
    const counts = await f.$eval('.counts', (e) => e.textContent ?? '').catch(() => undefined);
    if (counts !== undefined) found.push([f, counts]);
  }
  return found;
}

/** The panel whose status line reads `counts`, waiting for it. */
async function panelFrame(wb: Workbench, counts: string): Promise<Frame> {
  let seen: Array<[Frame, string]> = [];
  return waitUntil(
    `a log panel showing "${counts}"`,
    async () => {
      seen = await panelCounts(wb);
      return seen.find(([, c]) => c === counts)?.[0];
    },
    { timeoutMs: 120_000, seen: async () => `the panels show ${JSON.stringify(seen.map(([, c]) => c))}` },
  );
}

describe('Runs view and log panel in code-server', needs(SUITE, codeServerBinary(), chromiumBinary()), () => {
  let suite: SuiteWorkbench | undefined;
  let results: string;
  let truth: GroundTruth;
  /** The records of run-20261120-090000's one log file, in order. */
  let completedRunLines: { level: string; message: string }[];

  before(
    async () => {
      suite = await startSuiteWorkbench('lb-obs-runs-e2e-', ({ workspace }) => {
        // The run config moves lb's output: the view must look there.
        results = path.join(workspace, 'results');
        fs.mkdirSync(workspace, { recursive: true });
        fs.writeFileSync(path.join(workspace, 'benchmark_config.json'), '{\n  // runs go here\n  "output_dir": "./results",\n}\n');
        const completed = writeRun(results, 'run-20261120-090000', '2026-11-20T09:00:00', [
          task('node-1', 'stress_ng', 1, 'COMPLETED', '2026-11-20T09:00:05Z', '2026-11-20T09:10:05Z'),
        ]);
        completedRunLines = writeHostileRunLog(path.join(completed, 'logs', 'runner-node-1.jsonl'), 'run-20261120-090000');
        const failed = writeRun(results, 'run-20261121-090000', '2026-11-21T09:00:00', [
          task('node-1', 'stress_ng', 1, 'COMPLETED', '2026-11-21T09:00:05Z', '2026-11-21T09:10:05Z'),
          task('node-1', 'fio', 1, 'FAILED', '2026-11-21T09:10:10Z', '2026-11-21T09:11:00Z', 'fio exited with status 1'),
        ]);
        truth = emptyTruth();
        addTruth(truth, writeLogFile(path.join(failed, 'logs', 'controller-ctl.jsonl'), {
          seed: 3, lines: 4000, component: 'controller', host: 'ctl', runId: 'run-20261121-090000', workloads: ['stress_ng', 'fio'],
        }));
        addTruth(truth, writeLogFile(path.join(failed, 'logs', 'runner-node-1.jsonl'), {
          seed: 4, lines: 6000, component: 'runner', host: 'node-1', runId: 'run-20261121-090000', workloads: ['stress_ng', 'fio'],
          malformedRate: 0.01,
        }));
        return {};
      });
    },
    { timeout: SUITE_SETUP_TIMEOUT_MS },
  );

  after(() => stopSuiteWorkbench(suite));

  const onScreen = (name: string, body: (wb: Workbench) => Promise<void>) => suite!.workbench.onScreen(name, body);

  /** The Runs view's rows as "label|description". */
  async function runRows(wb: Workbench): Promise<string[]> {
    return wb.page.locator('[id="workbench.view.extension.lbObs"] .monaco-list-row').evaluateAll((rows) =>
      rows.map((r) => `${r.querySelector('.label-name')?.textContent ?? ''}|${r.querySelector('.label-description')?.textContent ?? ''}`),
    );
  }

  test('the view lists the runs under the config\'s output_dir, newest first, with their status', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('runs-view', async (wb) => {
      await wb.page.locator('.activitybar .action-item [aria-label^="lb Runs"]').first().click();
      const expected = ['run-20261121-090000|failed · 1/2 · 10 min 55 s', 'run-20261120-090000|completed · 1/1 · 10 min 00 s'];
      let rows: string[] = [];
      await waitUntil('the Runs view to list both runs', async () => {
        rows = await runRows(wb);
        return JSON.stringify(rows) === JSON.stringify(expected);
      }, { seen: async () => `it lists ${JSON.stringify(rows)}` }).catch(() => undefined);
      assert.deepEqual(rows, expected);
      const icon = await wb.page
        .locator('[id="workbench.view.extension.lbObs"] .monaco-list-row', { hasText: 'run-20261121-090000' })
        .locator('.custom-view-tree-node-item-icon')
        .getAttribute('class');
      assert.match(icon ?? '', /codicon-error/);

      // lb starts another run: the view picks it up from the new journal.
      writeRun(results, 'run-20261122-090000', '2026-11-22T09:00:00', [
        task('node-1', 'stress_ng', 1, 'RUNNING', new Date(Date.now() - 65_000).toISOString()),
        task('node-1', 'stress_ng', 2, 'PENDING'),
      ]);
      await waitUntil('the Runs view to list the new run first', async () => {
        rows = await runRows(wb);
        return (rows[0] ?? '').startsWith('run-20261122-090000|running · 0/2');
      }).catch(() => undefined);
      assert.match(rows[0], /^run-20261122-090000\|running · 0\/2 · 1 min \d\d s$/);
      await wb.screenshot('runs-view');
    }),
  );

  test('"Open Run Logs" on a run opens the panel with every line of its files', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('runs-open-logs', async (wb) => {
      const row = wb.page.locator('[id="workbench.view.extension.lbObs"] .monaco-list-row', { hasText: 'run-20261121-090000' });
      await row.hover();
      await row.locator('.action-label[aria-label="Open Run Logs..."]').click();
      await wb.page.locator('.tabs-container .tab', { hasText: 'Logs: run-20261121-090000' }).waitFor({ timeout: 60_000 });

      const frame = await panelFrame(wb, `${truth.lines.toLocaleString('en-US')} lines · 2 sources`);
      const unparsed = await frame.$eval('.unparsed-toggle', (e) => e.textContent);
      assert.equal(unparsed, `${truth.malformed.toLocaleString('en-US')} unparsed (shown)`);
      // The status line comes with the session; the rows with the first page the panel asks for after it.
      await frame.waitForFunction(() => document.querySelectorAll('.rows .row').length > 0 && !document.querySelector('.rows .row.level-LOADING'));
      const shownRows = await frame.$$eval('.rows .row', (r) => r.length);
      assert.ok(shownRows > 10 && shownRows < 80, `${shownRows} rows in the DOM`);
      await wb.screenshot('runs-log-panel');
    }),
  );

  test('a run\'s logs in the panel: its lines in order, only errors under ERROR, hostile lines shown as text', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('runs-log-panel-errors', async (wb) => {
      const dialogs: string[] = [];
      const onDialog = (d: Dialog) => {
        dialogs.push(d.message());
        void d.dismiss();
      };
      wb.page.on('dialog', onDialog);
      const webviewErrors: string[] = [];
      const onConsole = (m: ConsoleMessage) => {
        // code-server serves webview frames (and what they load relative to themselves) under contrib/webview/.
        if (m.type() === 'error' && m.location().url.includes('/contrib/webview/')) webviewErrors.push(`${m.text()} (${m.location().url})`);
      };
      wb.page.on('console', onConsole);
      try {
        const row = wb.page.locator('[id="workbench.view.extension.lbObs"] .monaco-list-row', { hasText: 'run-20261120-090000' });
        await row.hover();
        await row.locator('.action-label[aria-label="Open Run Logs..."]').click();
        await wb.page.locator('.tabs-container .tab', { hasText: 'Logs: run-20261120-090000' }).waitFor({ timeout: 60_000 });

        const lines = completedRunLines.length;
        const frame = await panelFrame(wb, `${lines.toLocaleString('en-US')} lines · 1 source`);
        await frame.waitForFunction(() => document.querySelectorAll('.rows .row').length > 0 && !document.querySelector('.rows .row.level-LOADING'));
        const first = await frame.$$eval('.rows .row', (rs) => rs.map((r) => [r.querySelector('.col-level')?.textContent, r.querySelector('.col-message')?.textContent]));
        assert.ok(first.length > 10, `${first.length} rows shown`);
        assert.deepEqual(first, completedRunLines.slice(0, first.length).map((l) => [l.level, shownMessage(l.message)]));

        await frame.selectOption('.level-select', 'ERROR');
        const errors = completedRunLines.filter((l) => l.level === 'ERROR' || l.level === 'CRITICAL');
        await panelFrame(wb, `${errors.length.toLocaleString('en-US')} of ${lines.toLocaleString('en-US')} lines · 1 source`);
        await wb.screenshot('runs-log-panel-errors-hostile');
        const shown = await allRows(frame);
        assert.deepEqual(
          shown.map((r) => [r.index, r.level, r.message]),
          errors.map((l, i) => [i, l.level, shownMessage(l.message)]),
        );

        // The hostile messages are text: visible as written, no element made of them, nothing ran.
        await frame.$eval('.scroller', (s) => (s.scrollTop = 0));
        for (const message of HOSTILE_MESSAGES) {
          const cell = frame.locator('.rows .row .col-message', { hasText: message });
          await cell.waitFor({ state: 'visible' });
          assert.equal(await cell.textContent(), message);
        }
        assert.equal(await frame.locator('.rows img, .rows script, .rows svg, .rows b').count(), 0);
        assert.deepEqual(dialogs, []);
        assert.deepEqual(webviewErrors, []);
      } finally {
        wb.page.off('dialog', onDialog);
        wb.page.off('console', onConsole);
      }
    }),
  );
});
