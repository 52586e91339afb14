// The log panel's Patterns view in real Chromium over the real log engine: a run of known templates with known
// counts; the view, beside the rows (above them in a narrow panel), lists them most first with their counts, a
// template's text shows exactly its lines in the rows next to it (a removable chip), "Hide" takes exactly its
// lines out there (a "not" chip); `p` closes and opens it. Template text is log content: a template that looks
// like markup stays text.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LocalLogSession } from '../../core/logs/logSession';
import { createLogSession } from '../../core/logs/openLogSession';
import { OpenPanel, PanelHarness, SCREENSHOT_DIR } from '../support/logPanelHarness';
import { chromiumBinary, needs } from '../support/prerequisites';
import { DARK_MODERN } from '../support/vscodeTheme';

const chromium = chromiumBinary();
const T0 = Date.parse('2026-11-20T10:00:00Z');

function line(i: number, level: string, component: string, message: string): string {
  return JSON.stringify({ timestamp: new Date(T0 + i * 1000).toISOString(), level, component, host: 'node-1', run_id: 'r1', logger: 'lb', message });
}

/** 300 connections, 40 task timeouts, 6 lines that look like markup, 3 lines that are not records. */
function writeRun(runDir: string): void {
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    lines.push(line(lines.length, 'INFO', 'controller', `connected to host node-${i % 7} in ${10 + (i % 13)} ms`));
    if (i % 7 === 0 && i < 280) lines.push(line(lines.length, 'ERROR', 'k6', `task ${1000 + i} failed: timeout after ${30 + (i % 3)}s`));
    if (i % 50 === 0) lines.push(line(lines.length, 'WARNING', 'runner', `<img src=x onerror="alert(${i})"> payload`));
    if (i % 100 === 50) lines.push('not a record {');
  }
  fs.mkdirSync(path.join(runDir, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(runDir, 'logs', 'controller.jsonl'), `${lines.join('\n')}\n`);
}

interface ShownPattern {
  count: string;
  level: string;
  component: string;
  pattern: string;
  hidden: boolean;
}

async function shownPatterns(panel: OpenPanel): Promise<ShownPattern[]> {
  return panel.page.$$eval('.patterns-list .pattern', (items) =>
    items.map((li) => ({
      count: li.querySelector('.pattern-count')?.textContent ?? '',
      level: li.querySelector('.pattern-level')?.textContent ?? '',
      component: li.querySelector('.pattern-component')?.textContent ?? '',
      pattern: li.querySelector('.pattern-text')?.textContent ?? '',
      hidden: li.classList.contains('hidden-pattern'),
    })),
  );
}

async function counts(panel: OpenPanel, text: string): Promise<void> {
  await panel.page.waitForFunction((t) => document.querySelector('.counts')?.textContent?.startsWith(t), text, { timeout: 5000 }).catch(async (e) => {
    console.log('DEBUG', await panel.page.textContent('.counts'), await panel.page.textContent('.message'), panel.warnings, panel.pageErrors, JSON.stringify((await panel.posted()).slice(-3)));
    throw e;
  });
}

/** The Patterns view and the rows are both on screen, the view left of the rows or above them. */
async function besideTheRows(panel: OpenPanel, where: 'beside' | 'above'): Promise<void> {
  const patterns = (await panel.page.locator('.patterns').boundingBox())!;
  const rows = (await panel.page.locator('.list').boundingBox())!;
  assert.ok(patterns.width > 0 && patterns.height > 0 && rows.width > 0 && rows.height > 0, JSON.stringify({ patterns, rows }));
  if (where === 'beside') {
    assert.ok(patterns.x + patterns.width <= rows.x + 1 && patterns.y < rows.y + rows.height && rows.y < patterns.y + patterns.height, JSON.stringify({ patterns, rows }));
  } else {
    assert.ok(patterns.y + patterns.height <= rows.y + 1, JSON.stringify({ patterns, rows }));
  }
}

/** The messages of the list's rows once it has rendered `n` of them, loaded (the panel is tall enough for all). */
async function renderedMessages(panel: OpenPanel, n: number): Promise<string[]> {
  await panel.page.waitForFunction(
    (n) => document.querySelectorAll('.rows .row').length === n && document.querySelectorAll('.rows .row.level-LOADING').length === 0,
    n,
  );
  return panel.page.$$eval('.rows .row .col-message', (cells) => cells.map((c) => c.textContent ?? ''));
}

describe('log panel Patterns view in Chromium', needs('log panel webview e2e', chromium), () => {
  let harness: PanelHarness;
  let dir: string;
  let session: LocalLogSession;
  let panel: OpenPanel;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-patterns-e2e-'));
    writeRun(dir);
    session = await createLogSession({ runDir: dir, follow: false });
    harness = await PanelHarness.launch(chromium.path!);
    // Tall enough that the list renders every row of a filtered view (49 at most).
    panel = await harness.open(session, { theme: DARK_MODERN, height: 1500 });
  });

  after(async () => {
    await panel?.close().catch(() => undefined);
    await harness?.close();
    await session?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('lists the templates with their counts, shows one template\'s lines, hides them, and the chips undo it', async () => {
    const page = panel.page;
    await counts(panel, '349 lines');
    await page.click('.patterns-toggle');
    await page.waitForSelector('.patterns-list .pattern');
    assert.deepEqual(await shownPatterns(panel), [
      { count: '300', level: 'INFO', component: 'controller', pattern: 'connected to host <*> in <*> ms', hidden: false },
      { count: '40', level: 'ERROR', component: 'k6', pattern: 'task <*> failed: timeout after <*>', hidden: false },
      { count: '6', level: 'WARNING', component: 'runner', pattern: '<img src=x onerror=<*> payload', hidden: false },
    ]);
    assert.equal(await page.textContent('.patterns-status'), '3 patterns in 346 records');
    assert.equal(await page.$$eval('.patterns-list .sparkline path', (paths) => paths.filter((p) => p.getAttribute('d')).length), 3);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'patterns.png') });

    assert.equal(await page.isVisible('.list'), true, 'the rows stay beside the patterns');
    assert.ok((await page.$$eval('.rows .row', (rows) => rows.length)) > 0);
    await besideTheRows(panel, 'beside');

    await page.click('.patterns-list .pattern:nth-child(2) .pattern-text');
    await counts(panel, '40 of 349 lines');
    const shown = await renderedMessages(panel, 40);
    assert.ok(shown.every((m) => /^task \d+ failed: timeout after 3[0-2]s$/.test(m)), shown.join('\n'));
    assert.equal(await page.isVisible('.patterns'), true, 'the patterns stay beside the rows');
    assert.equal(await page.getAttribute('.patterns-list .pattern:nth-child(2) .pattern-text', 'aria-pressed'), 'true');
    assert.deepEqual(await page.$$eval('.pattern-chip .chip-label', (c) => c.map((e) => e.textContent)), ['pattern: task <*> failed: timeout after <*>']);

    await page.click('.patterns-list .pattern:nth-child(1) .pattern-hide');
    await page.waitForSelector('.patterns-list .pattern.hidden-pattern');
    await counts(panel, '40 of 349 lines');
    assert.equal((await shownPatterns(panel))[0].hidden, true);
    assert.deepEqual(await page.$$eval('.pattern-chip .chip-label', (c) => c.map((e) => e.textContent)), [
      'pattern: task <*> failed: timeout after <*>',
      'not: connected to host <*> in <*> ms',
    ]);
    await page.click('.pattern-chip:nth-child(1) .chip-close');
    await counts(panel, '49 of 349 lines');
    const rest = await renderedMessages(panel, 49);
    assert.equal(rest.filter((m) => m.startsWith('connected to host')).length, 0);
    assert.equal(rest.filter((m) => m.startsWith('task ')).length, 40);

    await page.click('.pattern-chip .chip-close');
    await counts(panel, '349 lines');
    assert.equal(await page.$$eval('.pattern-chip', (c) => c.length), 0);

    // Hiding a pattern changes the rows beside at once.
    await page.click('.patterns-list .pattern:nth-child(1) .pattern-hide');
    await counts(panel, '49 of 349 lines');
    assert.equal((await renderedMessages(panel, 49)).filter((m) => m.startsWith('connected to host')).length, 0);
    await page.click('.pattern-chip .chip-close');
    await counts(panel, '349 lines');

    // A narrow panel stacks the patterns above the rows.
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: 700, height: size.height });
    await besideTheRows(panel, 'above');
    await page.setViewportSize(size);

    // `p` closes the view and opens it again; the rows stay.
    await page.focus('.list');
    await page.keyboard.press('p');
    await page.waitForSelector('.patterns', { state: 'hidden' });
    assert.equal(await page.isVisible('.list'), true);
    await page.keyboard.press('p');
    await page.waitForSelector('.patterns-list .pattern');

    assert.equal(await page.$$eval('img', (imgs) => imgs.length), 0, 'template text stays text');
    assert.deepEqual(panel.dialogs, []);
    assert.deepEqual(panel.pageErrors, []);
    assert.deepEqual(await panel.cspViolations(), []);
    assert.deepEqual(panel.warnings, []);
  });
});
