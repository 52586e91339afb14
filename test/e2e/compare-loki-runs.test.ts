// "Compare Workflow Runs in Loki..." in real VS Code (code-server + Chromium) against a real Loki: two runs that
// live only in Loki, each given as a LogQL query, over the last two hours. With Loki's pattern ingester on, the
// panel says its patterns come from it and lists the error that is new in run B, whose B button opens run B's
// query in a log panel filtered to that error's lines; with it off, the panel says our
// miner read the lines fetched and why, lists the same new error (with its component), and when the runs have
// more lines than lbObs.compare.maxLokiLines, "Raise the Cap..." saves a higher one and compares all the lines.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { lokiPush } from '../../core/loki/api';
import type { Workbench } from '../support/codeServer';
import { startSuiteWorkbench, stopSuiteWorkbench, SUITE_SETUP_TIMEOUT_MS, SuiteWorkbench, TEST_TIMEOUT_MS } from '../support/e2eSuite';
import { uniqueRunId } from '../support/lbStreams';
import { RunningLoki, startLoki, StartLokiOptions } from '../support/loki';
import { GROUND_TRUTH_TEMPLATES, TemplateSpec, writePatternRun } from '../support/patternRuns';
import { runStreams, settledLokiPatterns } from '../support/patternRunsInLoki';
import { chromiumBinary, codeServerBinary, lokiBinary, needs } from '../support/prerequisites';
import { waitUntil } from '../support/waitUntil';

const SUITE = 'e2e/compare-loki-runs';
const SEGFAULT: TemplateSpec = { pattern: 'Segmentation fault in worker <*> at <*>', level: 'ERROR', component: 'runner', count: 50 };
const TASKS = [{ host: 'node-1', workload: 'stress_ng', repetition: 1 }];
const COMMAND = 'LB: Compare Workflow Runs in Loki...';
const TYPED = 'A LogQL log query...';

/** Two generated runs pushed into `loki`, B with a new error; their queries and when they start. */
async function pushRuns(loki: RunningLoki, dir: string): Promise<{ queryA: string; queryB: string; startMs: number; lines: number }> {
  const startMs = Date.now() - 30 * 60_000;
  const runA = uniqueRunId();
  const runB = uniqueRunId();
  const a = writePatternRun(dir, { runId: runA, templates: GROUND_TRUTH_TEMPLATES, tasks: TASKS, seed: 5, startMs });
  const b = writePatternRun(dir, { runId: runB, templates: [...GROUND_TRUTH_TEMPLATES, SEGFAULT], tasks: TASKS, seed: 6, startMs: startMs + 60_000 });
  const pushedA = runStreams(a.runDir);
  await lokiPush({ url: loki.url }, [...pushedA.streams, ...runStreams(b.runDir).streams]);
  return { queryA: `{run_id="${runA}"}`, queryB: `{run_id="${runB}"}`, startMs, lines: pushedA.lines };
}

/** Runs the command and answers its questions: both runs typed as queries, the last two hours. */
async function compareInLoki(wb: Workbench, queryA: string, queryB: string): Promise<void> {
  // The first command of a workbench just started: its palette may take long to list ours on a busy machine.
  await wb.runCommandAndPick(COMMAND, TYPED, 120_000);
  await wb.typeInto('Run A (the baseline): the LogQL log query selecting its lines', queryA);
  await wb.pick(TYPED);
  await wb.typeInto('Run B (the run compared): the LogQL log query selecting its lines', queryB);
  await wb.typeInto(/how far back from now/, '2h');
}

/** The comparison panel once it shows patterns: where they come from, its notices and its first rows. */
async function shownComparison(wb: Workbench, queryB: string): Promise<{ frame: Frame; source: string; notices: string[]; rows: string[][] }> {
  let seen = '';
  return waitUntil(
    'the comparison panel to show its patterns',
    async () => {
      for (const frame of wb.page.frames()) {
        const shown = await frame
          .evaluate(() => ({
            source: document.querySelector('.patterns .source')?.textContent ?? '',
            notices: Array.from(document.querySelectorAll('.notice'), (n) => n.textContent ?? ''),
            rows: Array.from(document.querySelectorAll('.pattern-table tbody tr'), (r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '').slice(0, 6)),
            runB: document.querySelector('.run-b .run-id')?.textContent ?? '',
          }))
          .catch(() => undefined);
        if (shown?.runB === queryB && shown.rows.length > 0) return { frame, ...shown };
        if (shown?.source) seen = JSON.stringify(shown);
      }
      return undefined;
    },
    { timeoutMs: 180_000, seen: async () => seen },
  );
}

type PushedRuns = Awaited<ReturnType<typeof pushRuns>>;

/**
 * The suite's before and after hooks: a Loki started with `lokiOptions` holding the two runs (with the pattern
 * ingester on, once it has mined them), and code-server with `settings` beside the Loki URL.
 */
function lokiComparisonSuite(lokiOptions: StartLokiOptions, settings: Record<string, unknown> = {}): { loki?: RunningLoki; suite?: SuiteWorkbench; runs?: PushedRuns } {
  const ctx: { loki?: RunningLoki; suite?: SuiteWorkbench; runs?: PushedRuns } = {};
  before(
    async () => {
      const loki = (ctx.loki = await startLoki(lokiOptions));
      ctx.suite = await startSuiteWorkbench(
        'lb-obs-compare-loki-e2e-',
        async ({ tempDir, workspace }) => {
          fs.mkdirSync(workspace, { recursive: true });
          const runs = (ctx.runs = await pushRuns(loki, path.join(tempDir, 'runs')));
          if (lokiOptions.patternIngester !== false) {
            for (const query of [runs.queryA, runs.queryB]) await settledLokiPatterns(loki.url, query, runs.startMs - 60_000);
          }
          return { settings: { 'lbObs.loki.url': loki.url, ...settings } };
        },
        { activates: false },
      );
    },
    { timeout: SUITE_SETUP_TIMEOUT_MS },
  );
  after(async () => {
    await stopSuiteWorkbench(ctx.suite);
    await ctx.loki?.stop();
  });
  return ctx;
}

describe("Compare Workflow Runs in Loki: patterns from Loki's pattern ingester", needs(SUITE, codeServerBinary(), chromiumBinary(), lokiBinary()), () => {
  const ctx = lokiComparisonSuite({});

  test("the panel says the patterns are Loki's and lists the new error first", { timeout: TEST_TIMEOUT_MS }, () =>
    ctx.suite!.workbench.onScreen('compare-loki-ingester', async (wb) => {
      const runs = ctx.runs!;
      await compareInLoki(wb, runs.queryA, runs.queryB);
      const shown = await shownComparison(wb, runs.queryB);
      await wb.screenshot('compare-loki-ingester');
      assert.equal(shown.source, "Patterns from Loki's pattern ingester (/loki/api/v1/patterns) for both runs.");
      assert.deepEqual(shown.notices, []);
      assert.deepEqual(shown.rows[0], ['new', 'ERROR', '', '0', String(SEGFAULT.count), SEGFAULT.pattern]);

      // Its lines in run B: the query's log panel over the run's range, filtered to the pattern at its level.
      await shown.frame.locator('.pattern-table tbody tr').first().locator('.lines button', { hasText: 'B' }).click();
      const panel = await waitUntil("run B's query in a log panel", async () => {
        for (const f of wb.page.frames()) if ((await f.$('.rows .row .col-message').catch(() => null)) !== null) return f;
        return undefined;
      }, { timeoutMs: 120_000 });
      let counts = '';
      await waitUntil("the log panel to show the pattern's lines", async () => (counts = await panel.$eval('.counts', (e) => e.textContent ?? '').catch(() => '')).startsWith(`${SEGFAULT.count} of `), {
        seen: async () => counts,
      });
      const messages = await panel.$$eval('.rows .row', (rs) => rs.map((r) => [r.querySelector('.col-level')?.textContent, r.querySelector('.col-message')?.textContent ?? '']));
      assert.ok(messages.length > 0 && messages.every(([level, m]) => level === 'ERROR' && m!.startsWith('Segmentation fault in worker ')), JSON.stringify(messages.slice(0, 5)));
      await wb.screenshot('compare-loki-ingester-lines');
    }),
  );
});

/** Below run A's lines: the first comparison hits it. */
const CAP = 1000;

describe('Compare Workflow Runs in Loki: without the pattern ingester, our miner', needs(SUITE, codeServerBinary(), chromiumBinary(), lokiBinary()), () => {
  const ctx = lokiComparisonSuite({ patternIngester: false }, { 'lbObs.compare.maxLokiLines': CAP });

  test('the panel says the lines were mined and why; "Raise the Cap..." compares all the lines', { timeout: TEST_TIMEOUT_MS }, () =>
    ctx.suite!.workbench.onScreen('compare-loki-miner', async (wb) => {
      const runs = ctx.runs!;
      assert.ok(runs.lines > CAP, `run A has ${runs.lines} lines`);
      await compareInLoki(wb, runs.queryA, runs.queryB);
      const capped = await shownComparison(wb, runs.queryB);
      assert.equal(capped.source, "Patterns mined by lb-obs from both runs' lines fetched from Loki.");
      const why = /^Loki's pattern ingester did not answer \(Loki answered \d+ for .*\/loki\/api\/v1\/patterns.*\): mining the lines fetched instead$/;
      assert.ok(capped.notices.some((n) => why.test(n)), JSON.stringify(capped.notices));
      assert.ok(capped.notices.includes(`Only its first ${CAP} lines in Loki were read: raise the setting lbObs.compare.maxLokiLines to read more.`), JSON.stringify(capped.notices));

      const toast = await wb.waitForToast(/had more lines in Loki than lbObs\.compare\.maxLokiLines \(1,000\)/);
      await toast.locator('.monaco-button', { hasText: 'Raise the Cap...' }).click();
      await wb.typeInto('Lines read from Loki at most per run (lbObs.compare.maxLokiLines)', '100000');
      const all = await waitUntil(
        'the comparison of all the lines',
        async () => {
          const shown = await shownComparison(wb, runs.queryB);
          return shown.notices.some((n) => n.startsWith('Only its first')) ? undefined : shown;
        },
        { timeoutMs: 180_000 },
      );
      await wb.screenshot('compare-loki-miner');
      assert.equal(all.source, "Patterns mined by lb-obs from both runs' lines fetched from Loki.");
      assert.deepEqual(all.rows[0], ['new', 'ERROR', 'runner', '0', String(SEGFAULT.count), SEGFAULT.pattern]);
      const detail = await all.frame.$eval('.run-a .run-detail', (e) => e.textContent ?? '');
      assert.match(detail, new RegExp(`${runs.lines} lines from Loki`));
    }),
  );
});
