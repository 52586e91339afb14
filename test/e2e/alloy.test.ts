// Alloy pipelines in real VS Code (code-server + Chromium): the diagnostics of an `.alloy` file and of the Alloy
// configuration inside a Flux HelmRelease, and Preview Pipeline from its code lens on the lines selected in a
// task log, showing in its webview the labels Alloy would give an Airflow line.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import type { Workbench } from '../support/codeServer';
import { startSuiteWorkbench, stopSuiteWorkbench, SUITE_SETUP_TIMEOUT_MS, SuiteWorkbench, TEST_TIMEOUT_MS } from '../support/e2eSuite';
import { REPO_ROOT } from '../support/paths';
import { chromiumBinary, codeServerBinary, needs } from '../support/prerequisites';
import { waitUntil } from '../support/waitUntil';

const SUITE = 'e2e/alloy';
const WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'alloy-pipeline', 'e2e-workspace');

interface ShownEntry {
  line: string;
  labels: string[];
  metadata: string[];
  timestamp: string;
}

/** The entries a pipeline preview webview shows, once one shows any. */
async function previewEntries(wb: Workbench): Promise<ShownEntry[]> {
  let seen = '';
  return waitUntil(
    'a pipeline preview showing entries',
    async () => {
      for (const frame of wb.page.frames()) {
        const entries = await readEntries(frame).catch(() => undefined);
        if (entries?.length) return entries;
        const error = await frame.$eval('.error', (e) => e.textContent ?? '').catch(() => undefined);
        if (error) seen = `the preview says: ${error}`;
      }
      return undefined;
    },
    { timeoutMs: 120_000, seen: async () => seen || 'no preview webview with entries' },
  );
}

function readEntries(frame: Frame): Promise<ShownEntry[]> {
  return frame.$$eval('.entry', (cards) =>
    cards.map((card) => {
      const chips = (kind: string) => Array.from(card.querySelectorAll(`.chip.${kind}`), (c) => c.textContent ?? '');
      return {
        line: card.querySelector('.entry-head .line')?.textContent ?? '',
        labels: chips('label'),
        metadata: chips('metadata'),
        timestamp: card.querySelector('.timestamp')?.textContent ?? '',
      };
    }),
  );
}

describe('Alloy pipelines in code-server', needs(SUITE, codeServerBinary(), chromiumBinary()), () => {
  let suite: SuiteWorkbench | undefined;

  before(
    async () => {
      suite = await startSuiteWorkbench(
        'lb-obs-e2e-alloy-',
        ({ workspace }) => {
          fs.cpSync(WORKSPACE, workspace, { recursive: true });
          return {};
        },
        // Nothing in the folder activates the extension before an Alloy or YAML file is opened.
        { activates: false },
      );
    },
    { timeout: SUITE_SETUP_TIMEOUT_MS },
  );

  after(() => stopSuiteWorkbench(suite));

  const onScreen = (name: string, body: (wb: Workbench) => Promise<void>) => suite!.workbench.onScreen(name, body);

  test('an .alloy file and a HelmRelease show their Alloy diagnostics', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('alloy-diagnostics', async (wb) => {
      await wb.openFile('broken.alloy');
      await wb.waitForExtensionActivated();
      await wb.waitForProblems(/lookahead assertions are not supported by RE2/);
      await wb.openFile('helmrelease.yaml');
      const rows = await wb.waitForProblems(/execution_date/);
      await wb.screenshot('alloy-diagnostics');
      assert.ok(rows.some((r) => /helmrelease\.yaml/.test(r.label) || /execution_date/.test(r.text)));
    }),
  );

  test('Preview Pipeline on selected Airflow lines shows the labels Alloy gives them', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('alloy-preview', async (wb) => {
      await wb.openFile('airflow-task.log');
      await wb.page.locator('.monaco-editor .view-lines').first().click();
      await wb.page.keyboard.press('Control+A');
      await wb.runCommand('View: Split Editor Right');
      await wb.openFile('airflow.alloy');
      await wb.waitForExtensionActivated();
      const lens = wb.page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Preview Pipeline' }).first();
      await lens.waitFor({ state: 'visible', timeout: 120_000 });
      await lens.click();
      await wb.quickInput('Preview Pipeline: sample lines');
      await wb.pick('Selected lines');
      // The label the pipeline's stage.match tests is offered; the user confirms it.
      const labels = (await wb.quickInput('Preview Pipeline: labels of the sample lines')).locator('input');
      assert.equal(await labels.inputValue(), 'namespace=airflow');
      await wb.page.keyboard.press('Enter');

      const entries = await previewEntries(wb);
      await wb.screenshot('alloy-preview');
      assert.equal(entries.length, 2);
      assert.match(entries[0].line, /^\[2024-01-01T00:00:00\.000\+0000\] \{taskinstance\.py:1234\} INFO - dag_id=hello_world/);
      assert.deepEqual(entries[0].labels, ['dag_id="hello_world"', 'level="INFO"', 'namespace="airflow"', 'task_id="say_hello"']);
      assert.deepEqual(entries[0].metadata, ['execution_date="2024-01-01T00:00:00+00:00"']);
      assert.equal(entries[0].timestamp, '2024-01-01T00:00:00Z');
      assert.deepEqual(entries[1].labels, ['level="WARNING"', 'namespace="airflow"']);
    }),
  );
});
