// The log panel's webview script (dist/webview/logPanel.js) in real Chromium, with a stand-in for the webview
// API and the real host-side controller answering from an in-memory LogSession.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LogLevel, LogSession } from '../../core/logs/model';
import { createLogSession } from '../../core/logs/openLogSession';
import { MemoryLogSession, MemoryRecord } from '../support/memoryLogSession';
import { OpenPanel, PanelHarness, SCREENSHOT_DIR } from '../support/logPanelHarness';
import { chromiumBinary, needs } from '../support/prerequisites';
import { addTruth, emptyTruth, writeLogFile } from '../support/runGenerator';
import { DARK_MODERN, LIGHT_MODERN } from '../support/vscodeTheme';
import { waitUntil } from '../support/waitUntil';

const chromium = chromiumBinary();
const START = Date.UTC(2026, 10, 21, 13, 0, 0);
const COMPONENTS = ['controller', 'runner', 'dfaas', 'k6'];
const HOSTS = ['node-1', 'node-2', 'loadgen'];
const WORKLOADS = ['stress_ng', 'fio', 'dfaas'];
const MESSAGES = [
  'Starting workload stress_ng repetition',
  'Collected 120 samples from psutil',
  'k6 iteration finished: http_req_duration p95=212ms',
  'Waiting for cooldown: cpu 23% above idle threshold',
  'Ansible task ok: [node-1] copy benchmark assets',
  'Connection to 10.0.0.12 timed out after 10 s',
];

function levelOf(i: number): LogLevel {
  if (i % 97 === 96) return 'CRITICAL';
  if (i % 23 === 11) return 'ERROR';
  if (i % 7 === 3) return 'WARNING';
  if (i % 5 === 0) return 'DEBUG';
  return 'INFO';
}

/** A run's worth of records: every level, several components, hosts, workloads and repetitions. */
function record(i: number): MemoryRecord {
  const level = levelOf(i);
  return {
    time: START + i * 1500,
    level,
    component: COMPONENTS[i % COMPONENTS.length],
    host: HOSTS[i % HOSTS.length],
    workload: WORKLOADS[Math.floor(i / 40) % WORKLOADS.length],
    repetition: 1 + (Math.floor(i / 120) % 3),
    phase: i % 40 < 3 ? 'setup' : i % 40 > 37 ? 'teardown' : undefined,
    message:
      level === 'ERROR' || level === 'CRITICAL'
        ? `line ${i}: task failed: ${MESSAGES[i % MESSAGES.length]}`
        : `line ${i}: ${MESSAGES[i % MESSAGES.length]}`,
  };
}

const records = (n: number, from = 0) => Array.from({ length: n }, (_, k) => record(from + k));

/** Text of the rendered rows: [level, message] per row in DOM order. */
async function renderedRows(panel: OpenPanel): Promise<{ index: number; level: string; message: string }[]> {
  return panel.page.$$eval('.rows .row', (rows) =>
    rows.map((r) => ({
      index: Number(r.getAttribute('data-index')),
      level: r.querySelector('.col-level')?.textContent ?? '',
      message: r.querySelector('.col-message')?.textContent ?? '',
    })),
  );
}

/** Waits until rows are rendered and loaded (no placeholders). */
async function rowsLoaded(panel: OpenPanel): Promise<void> {
  await panel.page.waitForFunction(() => {
    const rows = document.querySelectorAll('.rows .row');
    return rows.length > 0 && document.querySelectorAll('.rows .row.level-LOADING').length === 0;
  });
}

async function screenshot(panel: OpenPanel, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await panel.page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

describe('log panel webview in Chromium', needs('log panel webview e2e', chromium), () => {
  let harness: PanelHarness;
  const open: OpenPanel[] = [];

  before(async () => {
    harness = await PanelHarness.launch(chromium.path!);
  });

  after(async () => {
    for (const panel of open) await panel.close().catch(() => undefined);
    await harness?.close();
  });

  async function openPanel(session: LogSession, options: Partial<Parameters<PanelHarness['open']>[1]> = {}) {
    const panel = await harness.open(session, { theme: DARK_MODERN, ...options });
    open.push(panel);
    return panel;
  }

  async function assertClean(panel: OpenPanel): Promise<void> {
    assert.deepEqual(panel.pageErrors, [], 'no script errors in the page');
    assert.deepEqual(await panel.cspViolations(), [], 'no Content-Security-Policy violations');
    assert.deepEqual(panel.warnings, [], 'the host rejected no message');
  }

  test('filtering to ERROR leaves only error and critical lines, in order', async () => {
    const all = records(600);
    const session = new MemoryLogSession({ records: all, sources: ['logs/controller-node-1.jsonl'] });
    const panel = await openPanel(session);
    await rowsLoaded(panel);
    assert.equal((await renderedRows(panel))[0].message, all[0].message);

    await panel.page.selectOption('.level-select', 'ERROR');
    const expected = all.filter((r) => r.level === 'ERROR' || r.level === 'CRITICAL');
    await panel.page.waitForFunction(
      (n) => document.querySelector('.counts')?.textContent?.startsWith(`${n} of 600 lines`),
      expected.length,
    );
    await rowsLoaded(panel);
    const shown = await renderedRows(panel);
    assert.ok(shown.length > 5);
    assert.deepEqual(
      shown.map((r) => [r.level, r.message]),
      expected.slice(0, shown.length).map((r) => [r.level, r.message]),
    );
    const filters = (await panel.posted()).filter((m) => m.type === 'setFilter').map((m) => m.filter);
    assert.deepEqual(filters.at(-1), { minLevel: 'ERROR' });
    await assertClean(panel);
  });

  test('host and search filters narrow the rows and highlight the matches', async () => {
    const all = records(600);
    const session = new MemoryLogSession({ records: all });
    const panel = await openPanel(session);
    await rowsLoaded(panel);

    await panel.page.click('.facet-button:has-text("Host")');
    const options = await panel.page.$$eval('.facet-popup:not([hidden]) .facet-item', (items) =>
      items.map((i) => i.textContent),
    );
    assert.deepEqual(options, ['loadgen200', 'node-1200', 'node-2200']);
    await panel.page.check('.facet-popup:not([hidden]) input[data-value="loadgen"]');
    await panel.page.keyboard.press('Escape');

    await panel.page.fill('.search-input', 'TIMED OUT');
    const expected = all.filter((r) => r.host === 'loadgen' && r.message.toLowerCase().includes('timed out'));
    await panel.page.waitForFunction(
      (n) => document.querySelector('.counts')?.textContent?.startsWith(`${n} of 600 lines`),
      expected.length,
    );
    await rowsLoaded(panel);
    const shown = await renderedRows(panel);
    assert.deepEqual(shown.map((r) => r.message), expected.slice(0, shown.length).map((r) => r.message));
    const marks = await panel.page.$$eval('.rows mark.match', (m) => m.map((e) => e.textContent));
    assert.equal(marks.length, shown.length, 'one highlighted match per row');
    assert.ok(marks.every((m) => m === 'timed out'));

    const filters = (await panel.posted()).filter((m) => m.type === 'setFilter').map((m) => m.filter);
    assert.deepEqual(filters.at(-1), { hosts: ['loadgen'], text: 'TIMED OUT' });

    // A regular expression: digits after "line " ending in 7, case-sensitive.
    await panel.page.click('.regex-toggle');
    await panel.page.fill('.search-input', 'line \\d*7:');
    const regexExpected = all.filter((r) => r.host === 'loadgen' && /line \d*7:/i.test(r.message));
    await panel.page.waitForFunction(
      (n) => document.querySelector('.counts')?.textContent?.startsWith(`${n} of 600 lines`),
      regexExpected.length,
    );
    await rowsLoaded(panel);
    const regexMarks = await panel.page.$$eval('.rows mark.match', (m) => m.map((e) => e.textContent));
    assert.ok(regexMarks.length > 0 && regexMarks.every((m) => /^line \d*7:$/.test(m ?? '')));

    // An invalid expression is flagged in the search box and never sent to the host.
    const before = (await panel.posted()).length;
    await panel.page.fill('.search-input', 'line (');
    await panel.page.waitForSelector('.search-box.invalid');
    await panel.page.waitForTimeout(300);
    const sent = (await panel.posted()).slice(before).filter((m) => m.type === 'setFilter');
    assert.deepEqual(sent, []);
    await assertClean(panel);
  });

  test('follow mode scrolls to appended rows, and stops when the user scrolls up', async () => {
    const session = new MemoryLogSession({ records: records(300) });
    const panel = await openPanel(session);
    await rowsLoaded(panel);
    await panel.page.click('.follow-toggle');
    await panel.page.waitForFunction(() => document.querySelector('.follow-toggle')?.getAttribute('aria-pressed') === 'true');
    await panel.page.waitForSelector('.rows .row[data-index="299"]');

    session.append(records(40, 300));
    await panel.page.waitForFunction(() => {
      const row = document.querySelector('.rows .row[data-index="339"]');
      const scroller = document.querySelector('.scroller');
      if (!row || !scroller || row.classList.contains('level-LOADING')) return false;
      const r = row.getBoundingClientRect();
      const s = scroller.getBoundingClientRect();
      return r.bottom <= s.bottom + 1 && r.top >= s.top;
    });
    const last = (await renderedRows(panel)).at(-1)!;
    assert.deepEqual(last, { index: 339, level: record(339).level!, message: record(339).message });

    // Scrolling up turns follow off: new lines no longer move the view.
    await panel.page.hover('.scroller');
    await panel.page.mouse.wheel(0, -2000);
    await panel.page.waitForFunction(() => document.querySelector('.follow-toggle')?.getAttribute('aria-pressed') === 'false');
    const top = (await renderedRows(panel))[0].index;
    session.append(records(40, 340));
    await panel.page.waitForFunction(() => document.querySelector('.counts')?.textContent?.startsWith('380 lines'));
    await panel.page.waitForTimeout(100);
    assert.equal((await renderedRows(panel))[0].index, top);
    await assertClean(panel);
  });

  test('log text that looks like HTML is shown as text and never runs', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const session = new MemoryLogSession({
      records: [
        { ...record(0), message: hostile, component: '<b>bold</b>', host: '"><script>alert(2)</script>' },
        { ...record(1), message: `<svg onload=alert(3)> and ${hostile}` },
        { time: START + 5000, level: null, parsed: false, problem: 'invalid JSON', message: `{"message": "${hostile}"` },
        ...records(20, 3),
      ],
    });
    const panel = await openPanel(session);
    await rowsLoaded(panel);
    const first = await panel.page.$eval('.rows .row[data-index="0"]', (row) => ({
      message: row.querySelector('.col-message')?.textContent,
      component: row.querySelector('.col-component')?.textContent,
      host: row.querySelector('.col-host')?.textContent,
    }));
    assert.deepEqual(first, { message: hostile, component: '<b>bold</b>', host: '"><script>alert(2)</script>' });

    // Highlighting a search inside the markup still builds text nodes only.
    await panel.page.fill('.search-input', 'onerror');
    await panel.page.waitForFunction(() => document.querySelectorAll('.rows mark.match').length === 3);
    const messages = (await renderedRows(panel)).map((r) => r.message);
    assert.deepEqual(messages, [hostile, `<svg onload=alert(3)> and ${hostile}`, `{"message": "${hostile}"`]);

    // The details pane too.
    await panel.page.click('.rows .row[data-index="0"]');
    await panel.page.keyboard.press('Enter');
    await panel.page.waitForSelector('.details:not([hidden])');
    const details = await panel.page.$eval('.details-body', (e) => e.textContent ?? '');
    assert.ok(details.includes(`"message": ${JSON.stringify(hostile)}`));

    const injected = await panel.page.evaluate(() => document.querySelectorAll('#app img, #app svg:not(.icon), #app script, #app b').length);
    assert.equal(injected, 0, 'no element came from log text');
    await panel.page.waitForTimeout(200);
    assert.deepEqual(panel.dialogs, [], 'no dialog opened');
    await screenshot(panel, 'hostile-text-dark');
    await assertClean(panel);
  });

  test('a million rows: only the visible rows are in the DOM and fetched', async () => {
    const count = 1_000_000;
    const session = new MemoryLogSession({ count, recordAt: record });
    const panel = await openPanel(session);
    await rowsLoaded(panel);
    const domRows = await panel.page.$$eval('.rows .row', (r) => r.length);
    assert.ok(domRows > 10 && domRows < 60, `${domRows} rows in the DOM`);
    assert.equal(await panel.page.getAttribute('.list', 'aria-rowcount'), String(count + 1));

    // Jump to the end with the keyboard, then to the middle with the scrollbar.
    await panel.page.focus('.list');
    await panel.page.keyboard.press('End');
    await panel.page.waitForSelector(`.rows .row[data-index="${count - 1}"]:not(.level-LOADING)`);
    const lastRow = (await renderedRows(panel)).at(-1)!;
    assert.deepEqual(lastRow, { index: count - 1, level: record(count - 1).level!, message: record(count - 1).message });
    assert.equal(await panel.page.getAttribute(`.rows .row[data-index="${count - 1}"]`, 'aria-selected'), 'true');

    await panel.page.$eval('.scroller', (s) => {
      s.scrollTop = (s.scrollHeight - s.clientHeight) / 2;
    });
    await panel.page.waitForFunction(() => {
      const first = document.querySelector('.rows .row');
      return first && Math.abs(Number(first.getAttribute('data-index')) - 500_000) < 100 && !document.querySelector('.rows .row.level-LOADING');
    });
    const middle = await renderedRows(panel);
    for (const row of middle) assert.equal(row.message, record(row.index).message);
    assert.ok((await panel.page.$$eval('.rows .row', (r) => r.length)) < 60);

    // Arrow keys step one row at a time, even where one scroll pixel spans several rows.
    // (A click dispatched on the row itself: Playwright's own click would first scroll it "into view".)
    await panel.page.$eval(`.rows .row[data-index="${middle[2].index}"]`, (row) => (row as HTMLElement).click());
    const selectedIndex = async () => Number((await panel.page.getAttribute('.list', 'aria-activedescendant'))!.slice(4));
    const firstSelected = await selectedIndex();
    assert.equal(firstSelected, middle[2].index, 'a click selects the row');
    for (let i = 0; i < 40; i++) await panel.page.keyboard.press('ArrowDown');
    assert.equal(await selectedIndex(), firstSelected + 40, 'and each ArrowDown moves one row, scrolling along');
    await panel.page.keyboard.press('PageUp');
    const afterPageUp = await selectedIndex();
    assert.ok(afterPageUp < firstSelected + 40 - 10, `PageUp moves a screen up (${afterPageUp})`);
    // The selected row is drawn as selected and fully in view.
    await panel.page.waitForFunction((index) => {
      const row = document.querySelector(`.rows .row[data-index="${index}"][aria-selected="true"]`);
      if (!row) return false;
      const r = row.getBoundingClientRect();
      const s = document.querySelector('.scroller')!.getBoundingClientRect();
      return r.top >= s.top - 1 && r.bottom <= s.bottom + 1;
    }, afterPageUp);

    const requested = session.calls.filter((c) => c.method === 'rows').map((c) => c.args[1] as number);
    assert.ok(requested.every((n) => n <= 200), 'rows are fetched in pages');
    const fetched = requested.reduce((a, b) => a + b, 0);
    assert.ok(fetched < 3000, `${fetched} rows fetched for three screens`);
    await assertClean(panel);
  });

  test('the histogram draws volume by level and selects a time window by dragging', async () => {
    const all = records(900);
    const session = new MemoryLogSession({ records: all });
    const panel = await openPanel(session);
    await rowsLoaded(panel);
    await panel.page.waitForFunction(() => (document.querySelector('.histogram-max')?.textContent ?? '') !== '');
    const colours = await panel.page.$eval('.histogram-canvas', (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<string>();
      let painted = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) continue;
        painted++;
        seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      }
      return { painted, seen: [...seen] };
    });
    assert.ok(colours.painted > 1000, `${colours.painted} pixels painted`);
    // Dark Modern's INFO (charts.blue) and ERROR (errorForeground) colours are both drawn.
    assert.ok(colours.seen.includes('55,148,255'), 'INFO bars in the theme blue');
    assert.ok(colours.seen.includes('248,81,73'), 'ERROR bars in the theme error colour');

    const box = (await panel.page.$('.histogram-plot'))!.boundingBox();
    const { x, y, width, height } = (await box)!;
    await panel.page.mouse.move(x + width * 0.25, y + height / 2);
    await panel.page.mouse.down();
    await panel.page.mouse.move(x + width * 0.5, y + height / 2, { steps: 5 });
    await panel.page.mouse.up();
    await panel.page.waitForSelector('.chip:not([hidden])');
    const filter = (await panel.posted()).filter((m) => m.type === 'setFilter').at(-1)!.filter as { from: number; to: number };
    const span = all.at(-1)!.time! + 1 - START;
    assert.ok(Math.abs(filter.from - (START + span * 0.25)) < span * 0.02, 'window starts a quarter in');
    assert.ok(Math.abs(filter.to - (START + span * 0.5)) < span * 0.02, 'window ends half way');
    const inWindow = all.filter((r) => r.time! >= filter.from && r.time! < filter.to);
    await panel.page.waitForFunction(
      (n) => document.querySelector('.counts')?.textContent?.startsWith(`${n} of 900 lines`),
      inWindow.length,
    );
    await rowsLoaded(panel);
    assert.equal((await renderedRows(panel))[0].message, inWindow[0].message);

    await panel.page.click('.chip-close');
    await panel.page.waitForFunction(() => document.querySelector('.counts')?.textContent?.startsWith('900 lines'));
    await assertClean(panel);
  });

  test('keyboard: arrows, next and previous error, details with copy, help', async () => {
    const all = records(400);
    const session = new MemoryLogSession({ records: all });
    const panel = await openPanel(session);
    await rowsLoaded(panel);

    await panel.page.focus('.list');
    await panel.page.keyboard.press('ArrowDown');
    await panel.page.keyboard.press('ArrowDown');
    assert.equal(await panel.page.getAttribute('.list', 'aria-activedescendant'), 'row-1');

    const errors = all.map((r, i) => (r.level === 'ERROR' || r.level === 'CRITICAL' ? i : -1)).filter((i) => i >= 0);
    await panel.page.keyboard.press('n');
    await panel.page.waitForFunction((i) => document.querySelector('.list')?.getAttribute('aria-activedescendant') === `row-${i}`, errors[0]);
    await panel.page.keyboard.press('F8');
    await panel.page.waitForFunction((i) => document.querySelector('.list')?.getAttribute('aria-activedescendant') === `row-${i}`, errors[1]);
    await panel.page.keyboard.press('Shift+N');
    await panel.page.waitForFunction((i) => document.querySelector('.list')?.getAttribute('aria-activedescendant') === `row-${i}`, errors[0]);

    await panel.page.keyboard.press('Enter');
    await panel.page.waitForSelector('.details:not([hidden])');
    const pretty = await panel.page.$eval('.details-body', (e) => e.textContent ?? '');
    assert.ok(pretty.startsWith('{\n  "timestamp": '), pretty.slice(0, 40));
    assert.ok(pretty.includes(`"message": ${JSON.stringify(all[errors[0]].message)}`));
    await panel.page.click('.details button:has-text("Copy line")');
    await waitUntil('the copied line to reach the host', async () => panel.copies.length > 0);
    assert.equal(panel.copies.length, 1);
    assert.equal(JSON.parse(panel.copies[0]).message, all[errors[0]].message);
    await screenshot(panel, 'details-dark');

    await panel.page.keyboard.press('Escape');
    await panel.page.waitForSelector('.details[hidden]', { state: 'attached' });

    await panel.page.keyboard.press('?');
    await panel.page.waitForSelector('.help-popup:not([hidden])');
    const shortcuts = await panel.page.$$eval('.help-popup dt', (d) => d.map((e) => e.textContent));
    assert.ok(shortcuts.includes('n / F8'));

    // Every control is reachable with Tab, in reading order.
    await panel.page.keyboard.press('Escape');
    await panel.page.focus('.level-select');
    const order: string[] = [];
    for (let i = 0; i < 16; i++) {
      order.push(await panel.page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        return (e.getAttribute('aria-label') || e.textContent || e.tagName).trim().slice(0, 40);
      }));
      await panel.page.keyboard.press('Tab');
    }
    assert.deepEqual(order.slice(0, 15), [
      'Minimum level', 'Component', 'Host', 'Workload', 'Rep', 'Phase', 'Search messages', 'Match case',
      'Use regular expression', 'Previous error', 'Next error', 'Follow', 'Patterns', 'Grafana', 'Keyboard shortcuts',
    ]);
    assert.ok(order[15].startsWith('Log volume from'), order[15]);
    assert.equal(await panel.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Log lines');
    await assertClean(panel);
  });

  test('"Open in Grafana" sends the current filter to the host', async () => {
    const session = new MemoryLogSession({ records: records(100) });
    const panel = await openPanel(session, { canOpenInGrafana: true });
    await rowsLoaded(panel);
    await panel.page.selectOption('.level-select', 'WARNING');
    await panel.page.fill('.search-input', 'cooldown');
    await panel.page.keyboard.press('Enter');
    await panel.page.click('button:has-text("Grafana")');
    await waitUntil('the Grafana request to reach the host', async () => panel.grafana.length > 0);
    assert.deepEqual(panel.grafana, [{ minLevel: 'WARNING', text: 'cooldown' }]);

    const files = await openPanel(new MemoryLogSession({ records: records(5) }), { canOpenInGrafana: false });
    await rowsLoaded(files);
    assert.equal(await files.page.isDisabled('button:has-text("Grafana")'), true);
  });

  test('state survives hide/show: filter, position, follow and details come back', async () => {
    const all = records(2000);
    const session = new MemoryLogSession({ records: all });
    const panel = await openPanel(session);
    await rowsLoaded(panel);
    await panel.page.selectOption('.level-select', 'WARNING');
    await panel.page.waitForFunction(() => document.querySelector('.counts')?.textContent?.includes(' of 2,000 lines'));
    await rowsLoaded(panel);
    await panel.page.$eval('.scroller', (s) => {
      s.scrollTop = 22 * 100;
    });
    await panel.page.waitForSelector('.rows .row[data-index="100"]');
    await panel.page.click('.rows .row[data-index="105"]');
    await panel.page.keyboard.press('Enter');
    await panel.page.waitForSelector('.details:not([hidden])');
    let saved: unknown;
    await waitUntil('the panel to save its position and open details', async () => {
      saved = await panel.state();
      const s = saved as { topRow?: number; selected?: number; detailsOpen?: boolean };
      return s.topRow === 100 && s.selected === 105 && s.detailsOpen === true;
    }, { seen: async () => JSON.stringify(saved) });
    await panel.close();

    // VS Code rebuilds the webview when it is shown again; the host keeps its session.
    const again = await openPanel(session, { state: saved });
    await again.page.waitForSelector('.details:not([hidden])');
    await rowsLoaded(again);
    assert.equal(await again.page.inputValue('.level-select'), 'WARNING');
    assert.equal((await renderedRows(again))[0].index, 100);
    assert.equal(await again.page.getAttribute('.list', 'aria-activedescendant'), 'row-105');
    const warnings = all.filter((r) => r.level !== 'DEBUG' && r.level !== 'INFO');
    assert.ok((await again.page.$eval('.details-body', (e) => e.textContent ?? '')).includes(JSON.stringify(warnings[105].message)));
    await assertClean(again);
  });

  test('over the real log engine: a generated run, filtered, then followed as lines are appended', async () => {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-panel-run-'));
    try {
      const runId = 'run-20261121-135600';
      const truth = emptyTruth();
      const files = [
        ['controller', 'controller-node-1'],
        ['runner', 'runner-node-1'],
        ['runner', 'runner-node-2'],
      ] as const;
      files.forEach(([component, name], i) =>
        addTruth(truth, writeLogFile(path.join(runDir, 'logs', `${name}.jsonl`), {
          seed: 11 + i, lines: 3000, component, host: name.split('-').slice(1).join('-'), runId,
          workloads: ['stress_ng', 'fio'], repetitions: 2,
        })),
      );
      const session = await createLogSession({ runDir, follow: true, pollIntervalMs: 50 });
      const panel = await openPanel(session);
      await rowsLoaded(panel);
      await panel.page.waitForFunction((n) => document.querySelector('.counts')?.textContent === `${n} lines · 3 sources`, truth.lines.toLocaleString('en-US'));

      await panel.page.selectOption('.level-select', 'ERROR');
      const errors = (truth.byLevel.ERROR ?? 0) + (truth.byLevel.CRITICAL ?? 0) + truth.malformed;
      await panel.page.waitForFunction(
        (n) => document.querySelector('.counts')?.textContent?.startsWith(`${n} of `),
        errors.toLocaleString('en-US'),
      );
      await rowsLoaded(panel);
      const levels = new Set((await renderedRows(panel)).map((r) => r.level));
      assert.ok([...levels].every((l) => l === 'ERROR' || l === 'CRITICAL' || l === 'RAW'), [...levels].join());
      await panel.page.selectOption('.level-select', '');
      await panel.page.waitForFunction((n) => document.querySelector('.counts')?.textContent?.startsWith(n), truth.lines.toLocaleString('en-US'));

      await panel.page.click('.follow-toggle');
      const appended = { timestamp: '2030-01-01T00:00:00.000000Z', level: 'ERROR', component: 'controller', host: 'node-1',
        run_id: runId, logger: 'lb_controller.test', message: 'appended while following <b>not bold</b>' };
      fs.appendFileSync(path.join(runDir, 'logs', 'controller-node-1.jsonl'), `${JSON.stringify(appended)}\n`);
      await panel.page.waitForFunction((text) => {
        const rows = Array.from(document.querySelectorAll('.rows .row'));
        const last = rows[rows.length - 1];
        return last?.querySelector('.col-message')?.textContent === text;
      }, appended.message);
      assert.equal(await panel.page.$$eval('.rows b', (b) => b.length), 0);
      await screenshot(panel, 'real-engine-dark');
      await assertClean(panel);
      await session.dispose();
    } finally {
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  });

  test('notices show until dismissed, loading shows until the history is in, truncated lines are marked', async () => {
    const cutByEngine = { ...record(3), truncated: true };
    const cutByHost = { ...record(2), message: `line 2: ${'x'.repeat(5000)}` };
    const all = [...records(2), cutByHost, cutByEngine, ...records(40, 4)];
    const rotated = 'logs/runner-node-2.jsonl was truncated without a copy: its first 120 lines stay listed but their text can no longer be read';
    const failed = 'loading history from Loki failed: Loki answered 502: "<b>bad gateway</b>"; retrying every 5 s';
    const session = new MemoryLogSession({ records: all, notices: [rotated, failed], loading: true });
    const panel = await openPanel(session);
    await rowsLoaded(panel);
    const notices = () => panel.page.$$eval('.notices:not([hidden]) .notice-text', (n) => n.map((e) => e.textContent));
    assert.deepEqual(await notices(), [rotated, failed]);
    assert.equal(await panel.page.$$eval('.notices b', (b) => b.length), 0, 'notice text stays text');
    assert.equal(await panel.page.textContent('.loading:not([hidden])'), 'Loading history…');
    assert.ok(await panel.page.isVisible('.progress'));

    assert.deepEqual(
      await panel.page.$$eval('.rows .row', (rows) => rows.filter((r) => r.querySelector('.truncation-mark')).map((r) => r.getAttribute('data-index'))),
      ['2', '3'],
    );
    assert.equal(await panel.page.getAttribute('.rows .row[data-index="3"] .col-message', 'title'), 'Truncated for display: Enter shows the whole line');
    assert.equal(await panel.page.textContent('.rows .row[data-index="3"] .message-text'), cutByEngine.message);
    await screenshot(panel, 'notices-loading-truncated-dark');

    await panel.page.click('.notice-dismiss');
    await panel.page.waitForFunction(() => document.querySelectorAll('.notice').length === 1);
    assert.deepEqual(await notices(), [failed]);
    let dismissed: string[] = [];
    await waitUntil('the panel to save the dismissed notice', async () => {
      dismissed = ((await panel.state()) as { dismissedNotices: string[] }).dismissedNotices;
      return dismissed.length > 0;
    });
    assert.deepEqual(dismissed, [rotated]);

    // History loaded; the engine reports a new notice, the dismissed one stays away.
    const polling = 'Loki tail is not available; polling every 2 s';
    session.setStatus({ loading: false, notices: [rotated, failed, polling] });
    await panel.page.waitForSelector('.loading', { state: 'hidden' });
    assert.equal(await panel.page.isVisible('.progress'), false);
    assert.deepEqual(await notices(), [failed, polling]);

    await panel.page.click('.rows .row[data-index="2"]');
    await panel.page.keyboard.press('Enter');
    await panel.page.waitForSelector('.details-note:not([hidden])');
    assert.equal(await panel.page.textContent('.details-note'), 'This line was truncated for display in the list; here it is in full.');
    assert.ok((await panel.page.textContent('.details-body'))!.includes(JSON.stringify(cutByHost.message)));
    await screenshot(panel, 'truncated-details-dark');
    await panel.page.click('.rows .row[data-index="1"]');
    await panel.page.waitForSelector('.details-note', { state: 'hidden' });
    await assertClean(panel);
  });

  test('screenshots: dark and light themes', async () => {
    const all = [
      ...records(300),
      { time: START + 300 * 1500, level: null, parsed: false, problem: 'invalid JSON', message: '{"timestamp": "2026-11-21T13:07:30Z", "level": "INFO", "mess' },
      ...records(300, 301),
    ];
    for (const [name, theme] of [['dark', DARK_MODERN], ['light', LIGHT_MODERN]] as const) {
      const session = new MemoryLogSession({ records: all, sources: ['logs/controller-node-1.jsonl', 'logs/runner-node-2.jsonl'] });
      const panel = await openPanel(session, { theme, title: 'run-20261121-130000' });
      await rowsLoaded(panel);
      await panel.page.fill('.search-input', 'cooldown');
      await panel.page.keyboard.press('Enter');
      await panel.page.fill('.search-input', '');
      await panel.page.keyboard.press('Enter');
      await panel.page.waitForFunction(() => document.querySelector('.counts')?.textContent?.startsWith('601 lines'));
      await panel.page.fill('.search-input', 'node');
      await panel.page.waitForFunction(() => document.querySelectorAll('.rows mark.match').length > 0);
      await rowsLoaded(panel);
      await panel.page.waitForFunction(() => (document.querySelector('.histogram-max')?.textContent ?? '') !== '');
      await panel.page.click('.rows .row[data-index="4"]');
      await screenshot(panel, `panel-${name}`);
      await panel.page.click('.facet-button:has-text("Host")');
      await screenshot(panel, `facet-menu-${name}`);
      await panel.page.keyboard.press('Escape');
      await panel.page.hover('.help-button');
      await screenshot(panel, `help-${name}`);
      await panel.page.setViewportSize({ width: 760, height: 520 });
      await panel.page.mouse.move(10, 300);
      await screenshot(panel, `narrow-${name}`);
      await assertClean(panel);
    }
  });
});
