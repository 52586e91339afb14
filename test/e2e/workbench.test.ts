// The packaged extension in real VS Code (code-server + Chromium): it installs from the .vsix, activates in a
// workspace with an lb config, and shows the config's mistakes in the Problems panel.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { Workbench } from '../support/codeServer';
import { FIXTURES } from '../support/paths';
import { chromiumBinary, codeServerBinary, needs } from '../support/prerequisites';
import { buildVsix } from '../support/vsix';

const SUITE = 'e2e/workbench';

describe('the packaged extension in code-server', needs(SUITE, codeServerBinary(), chromiumBinary()), () => {
  let tempDir: string;
  let workbench: Workbench | undefined;

  before(
    async () => {
      tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-e2e-'));
      const vsix = await buildVsix(tempDir);
      // A copy, so that whatever VS Code writes into the workspace never touches the fixture.
      const workspace = path.join(tempDir, 'workspace');
      fs.cpSync(path.join(FIXTURES, 'e2e-workspace'), workspace, { recursive: true });
      workbench = await Workbench.start({ workspace, vsix });
      await workbench.waitForWorkbench();
      await workbench.acceptWorkspaceTrust();
    },
    { timeout: 300_000 },
  );

  /** Runs a test body, keeping a screenshot of the screen at a failure: the first thing to look at. */
  async function onScreen(name: string, body: (wb: Workbench) => Promise<void>): Promise<void> {
    const wb = workbench!;
    try {
      await body(wb);
    } catch (err) {
      await wb.screenshot(`failed-${name}`).catch(() => undefined);
      throw err;
    }
  }

  after(async () => {
    await workbench?.stop();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  });

  test('the extension activates: "LB: Show Extension Logs" shows its log channel', { timeout: 120_000 }, () =>
    onScreen('extension-logs', async (wb) => {
    assert.ok((await wb.paletteEntries('LB: Show Extension Logs')).includes('LB: Show Extension Logs'));
    await wb.runCommand('LB: Show Extension Logs');
    let text = '';
    for (let i = 0; i < 60 && !/\bactivated\b/.test(text); i++) {
      text = await wb.outputText();
      if (!/\bactivated\b/.test(text)) await wb.page.waitForTimeout(500);
    }
    await wb.screenshot('workbench-extension-logs');
    assert.match(text, /activating lb-observability 0\.1\.0/);
    assert.match(text, /\bactivated\b/);
  }));

  test('a misspelled key shows a warning suggesting "repetitions" in the Problems panel', { timeout: 120_000 }, () =>
    onScreen('problems', async (wb) => {
    await wb.openFile('benchmark_config.json');
    const rows = await wb.problems(/repetitions/);
    await wb.screenshot('workbench-problems-repetiton');
    const row = rows.find((r) => /repetiton/.test(r.text) && /repetitions/.test(r.text));
    assert.ok(row, `no Problems row about "repetiton"; rows: ${JSON.stringify(rows)}`);
    assert.match(row.label, /^Warning: /);
    assert.match(row.text, /Unknown key "repetiton": lb ignores it, so it has no effect\. Did you mean "repetitions"\?/);
    assert.match(row.text, /\[Ln 2, Col 3\]/);
  }));
});
