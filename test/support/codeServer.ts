// Real VS Code for e2e tests: code-server (VS Code's server and web workbench) with our .vsix installed,
// driven through Debian's Chromium with playwright-core. Everything lives in a temp dir and is always stopped.
// On a busy machine everything here is slower, never different: so every step waits for a state it can see
// (the extension's "activated" log record, a palette row, a Problems entry), with a generous deadline that costs
// nothing when the state comes early, and a failure says what it waited for and what it saw instead.
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Locator, Page } from 'playwright-core';
import { promisify } from 'util';
import { launchChromium } from './chromium';
import { REPO_ROOT } from './paths';
import { freePort } from './ports';
import { chromiumBinary, codeServerBinary } from './prerequisites';
import { killOnExit, terminate } from './processes';
import { STEP_TIMEOUT_MS, waitUntil } from './waitUntil';

const execFileAsync = promisify(execFile);

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');

export interface CodeServerOptions {
  /** The folder opened as the workspace. */
  workspace: string;
  /** A .vsix installed with --install-extension before start. */
  vsix?: string;
  /** User settings (settings.json of the temp profile). */
  settings?: Record<string, unknown>;
  /**
   * Extra environment of code-server and so of the extension host and its terminals. PATH is the exception:
   * like desktop VS Code, the server takes it from the user's login shell (`$SHELL -il`), so put programs on
   * it the way users do, e.g. HOME pointing at a folder whose .profile adds ~/.local/bin.
   */
  env?: NodeJS.ProcessEnv;
  /** A fixed port (default: a free one). */
  port?: number;
  /**
   * A fresh HOME and XDG folders in the temp dir, and none of the test process's LB_OBS_* variables, so that
   * neither this machine's lb and Grafana settings nor another suite's files reach the extension (`env` still
   * applies on top). For tests; the demo keeps the user's own.
   */
  isolated?: boolean;
}

export interface ProblemRow {
  /** The row's accessible label, e.g. `Warning: <message> at line 2 column 3`. */
  label: string;
  /** The row's visible text. */
  text: string;
}

/** A squiggle as the editor draws it, in 1-based line and columns (end exclusive), like the Problems panel. */
export interface Squiggle {
  line: number;
  startColumn: number;
  endColumn: number;
}

export interface RunningCodeServer {
  url: string;
  /** The server's --user-data-dir (its logs are under logs/). */
  userDataDir: string;
  logs(): string;
  stop(): Promise<void>;
}


/** Starts code-server (with the .vsix installed, if given) in a temp profile and waits until it is healthy. */
export async function launchCodeServer(opts: CodeServerOptions): Promise<RunningCodeServer> {
  const codeServer = codeServerBinary();
  if (!codeServer.path) throw new Error(`cannot start code-server: ${codeServer.missing}`);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-code-server-'));
  const userDataDir = path.join(tempDir, 'user-data');
  const extensionsDir = path.join(tempDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.ignoreRecommendations': true,
      'update.mode': 'none',
      ...opts.settings,
    }),
  );
  const env = { ...(opts.isolated ? isolatedEnv(tempDir) : process.env), ...opts.env, CODE_SERVER_CONFIG: path.join(tempDir, 'config.yaml') };
  const dirs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const removeTemp = () => fs.rmSync(tempDir, { recursive: true, force: true });

  if (opts.vsix) {
    const { stdout, stderr } = await execFileAsync(codeServer.path, [...dirs, '--install-extension', opts.vsix], {
      env,
      timeout: 120_000,
    }).catch((err) => {
      removeTemp();
      throw err;
    });
    if (!/successfully installed/i.test(stdout + stderr)) {
      removeTemp();
      throw new Error(`code-server did not install ${opts.vsix}:\n${stdout}\n${stderr}`);
    }
  }

  // A free port may be taken by another suite before code-server binds it: then try another one.
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      const server = await startOnPort(codeServer.path, port, [...dirs, opts.workspace], env);
      return {
        url: server.url,
        userDataDir,
        logs: server.logs,
        stop: async () => {
          await server.stop();
          removeTemp();
        },
      };
    } catch (err) {
      if (opts.port === undefined && attempt < 3 && /EADDRINUSE/.test((err as Error).message)) continue;
      removeTemp();
      throw err;
    }
  }
}

/** The environment of an isolated code-server: see CodeServerOptions.isolated. */
function isolatedEnv(tempDir: string): NodeJS.ProcessEnv {
  const home = path.join(tempDir, 'home');
  for (const dir of ['config', 'state', 'data', 'cache']) fs.mkdirSync(path.join(home, `.xdg-${dir}`), { recursive: true });
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^(LB_OBS_|LB_LOKI_|XDG_)/.test(key)) env[key] = value;
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.xdg-config'),
    XDG_STATE_HOME: path.join(home, '.xdg-state'),
    XDG_DATA_HOME: path.join(home, '.xdg-data'),
    XDG_CACHE_HOME: path.join(home, '.xdg-cache'),
  };
}

async function startOnPort(
  bin: string,
  port: number,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; logs: () => string; stop: () => Promise<void> }> {
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  // Its own process group, so that stopping it stops its extension host, language server and terminals too.
  const server = spawn(bin, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  killOnExit(server, { group: true });
  server.stdout!.on('data', (d) => (output += d.toString()));
  server.stderr!.on('data', (d) => (output += d.toString()));
  const stop = () => terminate(server);
  try {
    await waitHealthy(server, url, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, logs: () => output, stop };
}

export class Workbench {
  private constructor(
    readonly url: string,
    readonly page: Page,
    private readonly browser: Browser,
    private readonly server: RunningCodeServer,
  ) {}

  static async start(opts: CodeServerOptions, viewport = { width: 1600, height: 1000 }): Promise<Workbench> {
    const browserBin = chromiumBinary();
    if (!browserBin.path) throw new Error(`cannot start Chromium: ${browserBin.missing}`);
    const server = await launchCodeServer(opts);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium(browserBin.path);
      const page = await browser.newPage({ viewport });
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      await page.goto(`${server.url}/?folder=${encodeURIComponent(opts.workspace)}`);
      return new Workbench(server.url, page, browser, server);
    } catch (err) {
      await browser?.close();
      await server.stop();
      throw err;
    }
  }

  /** code-server's own output, for failure messages. */
  logs(): string {
    return this.server.logs();
  }

  async waitForWorkbench(timeoutMs = 180_000): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  }

  /**
   * Waits until the extension has activated: its log file (in the server's logs folder) holds the "activated"
   * record, which activate() writes after registering every command and view. Opening the palette before that
   * races the activation on a busy machine.
   */
  async waitForExtensionActivated(timeoutMs = 180_000): Promise<void> {
    let records: string[] = [];
    await waitUntil(
      'the extension to log "activated"',
      async () => {
        records = extensionLogRecords(this.server.userDataDir);
        return records.some((r) => /"message":"activated"/.test(r)) || undefined;
      },
      { timeoutMs, seen: async () => `its log records: ${records.slice(-5).join('\n') || 'none yet'}\ncode-server's output:\n${this.logs().slice(-2000)}` },
    );
  }

  /** Opens a workspace file with Quick Open and waits until its editor tab is active. */
  async openFile(relativePath: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    // The list first still shows the recently opened files: wait for the file's own row and pick that.
    const name = path.basename(relativePath);
    const dir = path.dirname(relativePath);
    const row = this.page.locator('.quick-input-list .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    });
    const inDir = dir === '.' ? row : row.filter({ has: this.page.locator('.label-description', { hasText: dir }) });
    await this.quickOpen('Control+P', relativePath, inDir, `the file ${relativePath}`, timeoutMs);
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ timeout: timeoutMs });
  }

  /** Moves the active editor's cursor to a 1-based line and column, with Quick Open's `:line:column`. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  /**
   * Triggers suggestions (Ctrl+Space) at the cursor and returns the labels of the suggestion list as shown (every
   * provider's items, after filtering by the word at the cursor), leaving the list open (Escape closes it).
   */
  async suggestions(): Promise<string[]> {
    await this.page.keyboard.press('Control+Space');
    const labels = this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row .label-name');
    await labels.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    return (await labels.allInnerTexts()).map((l) => l.trim());
  }

  /** The accessible text of the status bar's language status (`{ }`), e.g. `... Schema validated, ...` for JSON. */
  async languageStatus(): Promise<string> {
    return (await this.page.locator('[id="status.languageStatus"]').getAttribute('aria-label')) ?? '';
  }

  /**
   * The palette entries (labels) for `text`, read once one of them contains `text` (so never the list of before the
   * typing), closing the palette again.
   */
  async paletteEntries(text: string, timeoutMs = STEP_TIMEOUT_MS): Promise<string[]> {
    const labels = this.page.locator('.quick-input-list .monaco-list-row .label-name');
    let found: string[] = [];
    const matching = labels.filter({ hasText: text });
    await this.quickOpen('F1', `>${text}`, matching, `commands matching "${text}"`, timeoutMs, async () => (found = await labels.allInnerTexts()));
    await this.page.keyboard.press('Escape');
    return found.map((l) => l.trim());
  }

  /**
   * Runs a command from the palette by its full title, e.g. `LB: Show Extension Logs`. The palette is typed into
   * again (and reopened) while it does not list the command: on a busy machine it may still be filling its list,
   * or reset what was typed as it initialises.
   */
  async runCommand(title: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    const row = this.page.locator('.quick-input-list .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    });
    await this.quickOpen('F1', `>${title}`, row, `the command "${title}"`, timeoutMs);
  }

  /** Opens the Problems panel and returns its rows (all of them, or once `until` matches one). */
  async problems(until?: RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<ProblemRow[]> {
    if (until) return this.waitForProblems(until, timeoutMs);
    await this.showProblems();
    return this.problemRows();
  }

  /**
   * Opens the Problems panel and waits until a row's label or text matches `match` (and, if given, `done` holds
   * for the rows); returns every row then. On timeout the error lists the rows seen.
   */
  async waitForProblems(match: RegExp, timeoutMs = STEP_TIMEOUT_MS, done: (rows: ProblemRow[]) => boolean = () => true): Promise<ProblemRow[]> {
    await this.showProblems();
    let rows: ProblemRow[] = [];
    return waitUntil(
      `a Problems entry matching ${match}`,
      async () => {
        rows = await this.problemRows();
        return rows.some((r) => match.test(r.label) || match.test(r.text)) && done(rows) ? rows : undefined;
      },
      { timeoutMs, seen: async () => `the Problems panel shows ${JSON.stringify(rows, null, 1)}` },
    );
  }

  /** The toast whose text matches, once it is shown. */
  async waitForToast(text: RegExp | string, timeoutMs = STEP_TIMEOUT_MS) {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout: timeoutMs }).catch(async (err: Error) => {
      const shown = await this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
      throw new Error(`no notification matching ${text} within ${timeoutMs / 1000} s; shown: ${JSON.stringify(shown)} (${err.message.split('\n')[0]})`);
    });
    return toast;
  }

  /** The open quick input, once its title matches `title` (one input follows another in the same widget). */
  async quickInput(title: RegExp | string, timeoutMs = STEP_TIMEOUT_MS) {
    const widget = this.page.locator('.quick-input-widget', { has: this.page.locator('.quick-input-title', { hasText: title }) });
    await widget.waitFor({ state: 'visible', timeout: timeoutMs });
    return widget;
  }

  /** Types `text` into the quick input titled `title` once it is open, and presses Enter. */
  async typeInto(title: RegExp | string, text: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    const input = (await this.quickInput(title, timeoutMs)).locator('input');
    await input.fill(text);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Picks `item` from the context menu of `target` (right-clicked). The web workbench's menu acts on its focused
   * item: point at it and wait until it is the focused one before pressing Enter.
   */
  async contextMenu(target: Locator, item: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    await target.click({ button: 'right', timeout: timeoutMs });
    const entry = this.page.locator('.context-view .action-item', { has: this.page.locator('.action-label', { hasText: item }) }).first();
    await entry.waitFor({ state: 'visible', timeout: timeoutMs });
    await waitUntil(`"${item}" to be the focused context-menu item`, async () => {
      await entry.hover();
      return (await entry.evaluate((e) => e.classList.contains('focused'))) || undefined;
    }, { timeoutMs });
    await this.page.keyboard.press('Enter');
  }

  /** The active terminal's text once it matches (no-break spaces as spaces). */
  async waitForTerminalText(match: RegExp | string, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
    const terminal = this.page.locator('.terminal-wrapper.active .xterm-rows');
    let text = '';
    return waitUntil(
      `the terminal to show ${match}`,
      async () => {
        text = (await terminal.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
        return (typeof match === 'string' ? text.includes(match) : match.test(text)) ? text : undefined;
      },
      { timeoutMs, seen: async () => `the terminal shows:\n${text}` },
    );
  }

  /** The Output panel's visible text once it matches. */
  async waitForOutputText(match: RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
    let text = '';
    return waitUntil(
      `the Output panel to show ${match}`,
      async () => {
        text = await this.outputText().catch(() => '');
        return match.test(text) ? text : undefined;
      },
      { timeoutMs, seen: async () => `it shows:\n${text}` },
    );
  }

  /**
   * The squiggles of one severity in the active editor, located from what is drawn: each squiggle's line is the
   * line number beside it, and its columns are the characters of the line's text under its left and right edges.
   */
  async squiggles(severity: 'error' | 'warning' | 'info'): Promise<Squiggle[]> {
    const editor = this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
    return editor.evaluate((root, cls) => {
      const near = (a: number, b: number) => Math.abs(a - b) < 1.5;
      const rowAt = (selector: string, y: number) =>
        Array.from(root.querySelectorAll<HTMLElement>(selector)).find((e) => {
          const r = e.getBoundingClientRect();
          return r.height > 0 && y >= r.top && y < r.bottom;
        });
      return Array.from(root.querySelectorAll<HTMLElement>(`.view-overlays .${cls}`)).map((squiggle) => {
        const box = squiggle.getBoundingClientRect();
        const y = box.top + box.height / 2;
        const line = Number(rowAt('.margin-view-overlays .line-numbers', y)?.textContent);
        const viewLine = rowAt('.view-lines .view-line', y);
        // Character boxes of the line's text, in order.
        const chars: DOMRect[] = [];
        const walker = document.createTreeWalker(viewLine ?? root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); viewLine && node; node = walker.nextNode()) {
          for (let i = 0; i < (node.textContent ?? '').length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            chars.push(range.getBoundingClientRect());
          }
        }
        const start = chars.findIndex((c) => near(c.left, box.left));
        const end = chars.findIndex((c) => near(c.right, box.right));
        return { line, startColumn: start + 1, endColumn: end < 0 ? 0 : end + 2 };
      });
    }, `squiggly-${severity}`);
  }

  /** The visible text of the Output panel (e.g. after `LB: Show Extension Logs`). */
  async outputText(): Promise<string> {
    const lines = this.page.locator('.output-view .view-lines');
    await lines.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    // The editor renders spaces as no-break spaces.
    return (await lines.first().innerText()).replace(/\u00a0/g, ' ');
  }

  /** Runs a test body, keeping a screenshot of the screen at a failure: the first thing to look at. */
  async onScreen(name: string, body: (wb: Workbench) => Promise<void>): Promise<void> {
    try {
      await body(this);
    } catch (err) {
      await this.screenshot(`failed-${name}`).catch(() => undefined);
      throw err;
    }
  }

  /** Clicks the row of the open quick pick whose label is `label`, once it is listed. */
  async pick(label: string | RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    const row = this.pickRow(label);
    await row.first().waitFor({ timeout: timeoutMs }).catch(async (err: Error) => {
      throw new Error(`the quick pick did not list ${label} within ${timeoutMs / 1000} s; ${await this.quickInputState()} (${err.message.split('\n')[0]})`);
    });
    await row.first().click();
  }

  /**
   * Runs the command titled `title`, which opens a quick pick, and clicks its row `label`. A quick pick closes
   * when the focus leaves it, and a webview given back the focus as the palette closes can take it: when the
   * pick is gone for a few seconds without listing the row, the command is run again.
   */
  async runCommandAndPick(title: string, label: string | RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    const row = this.pickRow(label);
    const widget = this.page.locator('.quick-input-widget');
    const deadline = Date.now() + timeoutMs;
    const runs: string[] = [];
    while (Date.now() < deadline) {
      await this.runCommand(title, Math.max(deadline - Date.now(), 1_000));
      let goneSince: number | undefined;
      while (Date.now() < deadline) {
        if ((await row.first().isVisible().catch(() => false)) && (await row.first().click({ timeout: 5_000 }).then(() => true, () => false))) return;
        if (await widget.isVisible().catch(() => false)) goneSince = undefined;
        else if (goneSince === undefined) goneSince = Date.now();
        else if (Date.now() - goneSince > 3_000) break;
        await this.page.waitForTimeout(250);
      }
      runs.push(goneSince === undefined ? 'still open' : 'closed without it');
    }
    throw new Error(`"${title}" did not list ${label} within ${timeoutMs / 1000} s (runs: ${runs.join(', ')}); ${await this.quickInputState()}`);
  }

  private pickRow(label: string | RegExp): Locator {
    return this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: label }) });
  }

  /** What the quick input shows now, for a failure message: closed, or its title, busy state and rows. */
  private async quickInputState(): Promise<string> {
    const widget = this.page.locator('.quick-input-widget');
    if (!(await widget.isVisible().catch(() => false))) return 'no quick input is open';
    const title = await widget.locator('.quick-input-title').innerText().catch(() => '');
    const busy = await widget.locator('.quick-input-progress').isVisible().catch(() => false);
    const shown = await widget.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts().catch(() => []);
    return `the quick input "${title}" is open${busy ? ', busy' : ''}, listing ${JSON.stringify(shown)}`;
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
  }

  private async showProblems(): Promise<void> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await this.page.locator('.markers-panel').first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  }

  /** The Problems panel's rows, read in one go (the list re-renders as problems arrive). */
  private problemRows(): Promise<ProblemRow[]> {
    return this.page
      .locator('.markers-panel .monaco-list-row')
      .evaluateAll((rows) => rows.map((r) => ({ label: r.getAttribute('aria-label') ?? '', text: (r as HTMLElement).innerText.trim() })));
  }

  /**
   * Opens a quick input with `key` (F1: the palette, Control+P: Quick Open), types `text` and, once `row` is
   * listed, runs `act` on it (default: clicks the first). While the row is missing the text is typed again (the input may have been reset while it
   * initialised) and, every 30 s or when it closed, the input reopened; on timeout the error says what it listed.
   */
  private async quickOpen(
    key: string,
    text: string,
    row: Locator,
    what: string,
    timeoutMs: number,
    act: (row: Locator) => Promise<unknown> = (r) => r.first().click({ timeout: 5_000 }),
  ): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const deadline = Date.now() + timeoutMs;
    let shown: string[] = [];
    let typed = '';
    while (Date.now() < deadline) {
      // Keys typed into a webview (the log panel) stay there: give the focus back to the workbench first.
      await this.page.evaluate(() => {
        if (document.activeElement instanceof HTMLIFrameElement) document.activeElement.blur();
      });
      await this.page.keyboard.press(key);
      await input.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
      const reopenAt = Math.min(deadline, Date.now() + 30_000);
      // Each action is short: the input may close or re-render at any moment, and the loop looks again.
      while (Date.now() < reopenAt && (await input.isVisible())) {
        typed = await input.inputValue({ timeout: 1_000 }).catch(() => '');
        if (typed !== text) await input.fill(text, { timeout: 2_000 }).catch(() => undefined);
        if ((await row.first().isVisible().catch(() => false)) && (await act(row).then(() => true, () => false))) return;
        await this.page.waitForTimeout(250);
      }
      shown = await this.page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts().catch(() => []);
      if (await input.isVisible()) await this.page.keyboard.press('Escape');
    }
    throw new Error(`${key === 'F1' ? 'the command palette' : 'Quick Open'} did not list ${what} within ${timeoutMs / 1000} s; typed ${JSON.stringify(typed)}, it listed ${JSON.stringify(shown.slice(0, 10))}`);
  }
}

/** The JSONL records of the extension's own log file(s) under the server's logs folder. */
function extensionLogRecords(userDataDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === 'vscode-client.jsonl') found.push(...fs.readFileSync(p, 'utf8').split('\n').filter(Boolean));
    }
  };
  try {
    walk(path.join(userDataDir, 'logs'));
  } catch (err) {
    // Not created yet, or a folder replaced while walked: the next look sees it.
    if (!['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
  return found;
}

async function waitHealthy(server: ChildProcess, url: string, logs: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited: string | undefined;
  server.once('exit', (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
  server.once('error', (err) => (exited = `could not start: ${err.message}`));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`code-server ${exited}. Its output:\n${logs()}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`code-server did not answer ${url}/healthz within 60 s. Its output:\n${logs()}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
