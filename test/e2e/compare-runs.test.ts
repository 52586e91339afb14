// "Compare with..." in real VS Code (code-server + Chromium), from the packaged extension: on a run of the
// Runs view, the quick pick offers the last passed run of the same config first; the comparison panel shows
// the error pattern that is new in the run, and its "B" button opens the run's log panel filtered to exactly
// that pattern's lines; a task row's "B" button then shows exactly that task's lines (host, workload, repetition).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import type { Workbench } from '../support/codeServer';
import { startSuiteWorkbench, stopSuiteWorkbench, SUITE_SETUP_TIMEOUT_MS, SuiteWorkbench, TEST_TIMEOUT_MS } from '../support/e2eSuite';
import { GROUND_TRUTH_TEMPLATES, TemplateSpec, writePatternRun } from '../support/patternRuns';
import { chromiumBinary, codeServerBinary, needs } from '../support/prerequisites';
import { waitUntil } from '../support/waitUntil';

const SUITE = 'e2e/compare-runs';
const SEGFAULT: TemplateSpec = { pattern: 'Segmentation fault in worker <*> at <*>', level: 'ERROR', component: 'runner', count: 6 };
/** A message that would run script or change the page if the panel treated it as HTML. */
const HOSTILE: TemplateSpec = { pattern: '<img src=x onerror=alert(1)><b>bold</b> </td></tr><script>alert(2)</script> from <*>', level: 'WARNING', component: 'runner', count: 3 };
const TASKS = [1, 2, 3].map((repetition) => ({ host: 'node-1', workload: 'stress_ng', repetition, durationSeconds: 60 }));
const BASELINE = 'run-20261120-090000';
const OTHER_CONFIG = 'run-20261121-090000';
const RUN = 'run-20261122-090000';

/** Sets the journal's config_hash, as lb writes it. */
function setConfigHash(runDir: string, hash: string): void {
  const file = path.join(runDir, 'run_journal.json');
  const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as { metadata: Record<string, unknown> };
  journal.metadata.config_hash = hash;
  fs.writeFileSync(file, JSON.stringify(journal, null, 2));
}

/** The frame of a webview whose document has `selector`, waiting for it. */
async function webviewFrame(wb: Workbench, selector: string, what: string): Promise<Frame> {
  return waitUntil(what, async () => {
    for (const f of wb.page.frames()) if ((await f.$(selector).catch(() => null)) !== null) return f;
    return undefined;
  }, { timeoutMs: 120_000 });
}

describe('Compare with... in code-server', needs(SUITE, codeServerBinary(), chromiumBinary()), () => {
  let suite: SuiteWorkbench | undefined;
  /** Run B's segmentation fault messages, in time order. */
  let segfaults: string[];
  /** Run B's records of its failed task (node-1, stress_ng, repetition 3): their messages and how many. */
  let failedTaskMessages: Set<string>;
  let failedTaskLines: number;

  before(
    async () => {
      suite = await startSuiteWorkbench('lb-obs-compare-e2e-', ({ workspace }) => {
        const results = path.join(workspace, 'benchmark_results');
        fs.mkdirSync(results, { recursive: true });
        const baseline = writePatternRun(results, { runId: BASELINE, templates: GROUND_TRUTH_TEMPLATES, tasks: TASKS, seed: 1, startMs: Date.UTC(2026, 10, 20, 9), taskLines: true });
        setConfigHash(baseline.runDir, 'cfg-1');
        const other = writePatternRun(results, { runId: OTHER_CONFIG, templates: GROUND_TRUTH_TEMPLATES, tasks: TASKS, seed: 2, startMs: Date.UTC(2026, 10, 21, 9) });
        setConfigHash(other.runDir, 'cfg-2');
        const run = writePatternRun(results, {
          runId: RUN,
          templates: [...GROUND_TRUTH_TEMPLATES, SEGFAULT, HOSTILE],
          tasks: TASKS.map((t) => (t.repetition === 3 ? { ...t, status: 'FAILED' as const, error: 'worker crashed' } : t)),
          seed: 3,
          startMs: Date.UTC(2026, 10, 22, 9),
          taskLines: true,
        });
        setConfigHash(run.runDir, 'cfg-1');
        segfaults = fs
          .readFileSync(path.join(run.runDir, 'logs', 'runner-node-1.jsonl'), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { message: string })
          .map((r) => r.message)
          .filter((m) => m.startsWith('Segmentation fault'));
        const records = fs
          .readdirSync(path.join(run.runDir, 'logs'))
          .flatMap((f) => fs.readFileSync(path.join(run.runDir, 'logs', f), 'utf8').split('\n').filter(Boolean))
          .map((line) => JSON.parse(line) as { host: string; workload?: string; repetition?: number; message: string });
        const failedTask = records.filter((r) => r.host === 'node-1' && r.workload === 'stress_ng' && r.repetition === 3);
        failedTaskMessages = new Set(failedTask.map((r) => r.message));
        failedTaskLines = failedTask.length;
        return {};
      });
    },
    { timeout: SUITE_SETUP_TIMEOUT_MS },
  );

  after(() => stopSuiteWorkbench(suite));

  test('the new error pattern is listed first and its lines open in the run\'s log panel', { timeout: TEST_TIMEOUT_MS }, () =>
    suite!.workbench.onScreen('compare-runs', async (wb) => {
      const dialogs: string[] = [];
      wb.page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await wb.page.locator('.activitybar .action-item [aria-label^="lb Runs"]').first().click();
      const row = wb.page.locator('[id="workbench.view.extension.lbObs"] .monaco-list-row', { hasText: RUN });
      await row.waitFor({ timeout: 60_000 });
      await wb.contextMenu(row, 'Compare with...');

      // The partner: the last run of the same config that passed, before the run of another config.
      const pick = await wb.quickInput(`Compare ${RUN} with...`);
      const items = pick.locator('.monaco-list-row');
      await items.nth(1).waitFor();
      const labels = await items.evaluateAll((rows) => rows.map((r) => r.querySelector('.label-name')?.textContent));
      assert.deepEqual(labels, [BASELINE, OTHER_CONFIG]);
      assert.match(await items.first().innerText(), /default: the last run of the same config that passed/);
      await wb.page.keyboard.press('Enter');

      await wb.page.locator('.tabs-container .tab', { hasText: `Compare: ${RUN} with ${BASELINE}` }).waitFor({ timeout: 60_000 });
      const compare = await webviewFrame(wb, '.pattern-table', 'the comparison panel to show its patterns');
      const cells = await compare.$$eval('.pattern-table tbody tr', (rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent).slice(0, 6)));
      assert.deepEqual(cells[0], ['new', 'ERROR', 'runner', '0', String(SEGFAULT.count), SEGFAULT.pattern]);
      // The hostile message is a pattern shown as text: no element made of it, nothing ran.
      const hostile = cells.find((c) => c[1] === 'WARNING' && c[0] === 'new');
      assert.ok(hostile && hostile[5] === '<img src=x onerror=<*> <*> from <*>', JSON.stringify(cells));
      assert.equal(await compare.locator('.pattern-table img, .pattern-table b, .pattern-table script').count(), 0);
      assert.deepEqual(dialogs, []);
      const newFailure = await compare.$eval('.task-table .new-failure', (e) => e.textContent);
      assert.equal(newFailure, 'NEW FAILURE: worker crashed');
      await wb.screenshot('compare-runs-panel');

      // Its lines in run B: the log panel opens filtered to exactly them.
      await compare.locator('.pattern-table tbody tr').first().locator('.lines button', { hasText: 'B' }).click();
      await wb.page.locator('.tabs-container .tab', { hasText: `Logs: ${RUN}` }).waitFor({ timeout: 60_000 });
      const total = GROUND_TRUTH_TEMPLATES.reduce((n, t) => n + t.count, SEGFAULT.count + HOSTILE.count);
      const panel = await webviewFrame(wb, '.rows .row', 'the log panel to show rows');
      await waitUntil('the log panel to show the pattern\'s lines', async () =>
        (await panel.$eval('.counts', (e) => e.textContent ?? '').catch(() => '')) === `${SEGFAULT.count} of ${total.toLocaleString('en-US')} lines · 4 sources`,
      );
      await panel.waitForFunction((n) => document.querySelectorAll('.rows .row').length === n && !document.querySelector('.rows .row.level-LOADING'), SEGFAULT.count);
      const shown = await panel.$$eval('.rows .row', (rs) => rs.map((r) => [r.querySelector('.col-level')?.textContent, r.querySelector('.col-message')?.textContent]));
      assert.deepEqual(shown, segfaults.map((m) => ['ERROR', m]));
      await wb.screenshot('compare-runs-lines');

      // The failed task's lines in run B: its row's B button shows exactly them in the same log panel.
      await wb.page.locator('.tabs-container .tab', { hasText: `Compare: ${RUN} with ${BASELINE}` }).click();
      const again = await webviewFrame(wb, '.task-table', 'the comparison panel to show its tasks');
      const taskRow = again.locator('.task-table tbody tr', { hasText: 'NEW FAILURE' });
      assert.deepEqual(await taskRow.locator('td').evaluateAll((tds) => tds.slice(0, 3).map((td) => td.textContent)), ['node-1', 'stress_ng', '3']);
      await taskRow.locator('.lines button', { hasText: 'B' }).click();
      await wb.page.locator('.tabs-container .tab.active', { hasText: `Logs: ${RUN}` }).waitFor({ timeout: 60_000 });
      const taskPanel = await webviewFrame(wb, '.rows .row', 'the log panel to show rows');
      const taskLines = failedTaskLines;
      assert.ok(taskLines > 100 && taskLines < total / 2, `the failed task has ${taskLines} of ${total} lines`);
      await waitUntil("the log panel to show the task's lines", async () =>
        (await taskPanel.$eval('.counts', (e) => e.textContent ?? '').catch(() => '')) === `${taskLines.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} lines · 4 sources`,
      );
      await taskPanel.waitForFunction(() => document.querySelectorAll('.rows .row').length > 0 && !document.querySelector('.rows .row.level-LOADING'));
      const taskShown = await taskPanel.$$eval('.rows .row', (rs) => rs.map((r) => r.querySelector('.col-message')?.textContent ?? ''));
      assert.deepEqual(taskShown.filter((m) => !failedTaskMessages.has(m)), []);
      await wb.screenshot('compare-runs-task-lines');
    }),
  );
});
