// Real VS Code for e2e tests: code-server (VS Code's server and web workbench) with our .vsix installed,
// driven through Debian's Chromium with playwright-core. Everything lives in a temp dir and is always stopped.
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { promisify } from 'util';
import { launchChromium } from './chromium';
import { REPO_ROOT } from './paths';
import { freePort } from './ports';
import { chromiumBinary, codeServerBinary } from './prerequisites';
import { killOnExit, terminate } from './processes';

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
  const env = { ...process.env, ...opts.env, CODE_SERVER_CONFIG: path.join(tempDir, 'config.yaml') };
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

  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const server = spawn(
    codeServer.path,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', ...dirs, opts.workspace],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  killOnExit(server);
  server.stdout!.on('data', (d) => (output += d.toString()));
  server.stderr!.on('data', (d) => (output += d.toString()));
  const stop = async () => {
    await terminate(server);
    removeTemp();
  };
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

  async waitForWorkbench(timeoutMs = 90_000): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  }

  /** Answers "Do you trust the authors?" with yes, when VS Code asks (a new folder). */
  async acceptWorkspaceTrust(timeoutMs = 15_000): Promise<boolean> {
    const button = this.page.getByRole('button', { name: /Yes, I trust the authors/ });
    try {
      await button.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      return false;
    }
    await button.click();
    await button.waitFor({ state: 'hidden' });
    return true;
  }

  /** Opens a workspace file with Quick Open and waits until its editor tab is active. */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relativePath);
    // The list first still shows the recently opened files: wait for the file's own row and pick that.
    const name = path.basename(relativePath);
    const dir = path.dirname(relativePath);
    const row = this.page.locator('.quick-input-list .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    });
    const inDir = dir === '.' ? row : row.filter({ has: this.page.locator('.label-description', { hasText: dir }) });
    await inDir.first().click();
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor();
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
    await labels.first().waitFor({ timeout: 15_000 });
    return (await labels.allInnerTexts()).map((l) => l.trim());
  }

  /** The accessible text of the status bar's language status (`{ }`), e.g. `... Schema validated, ...` for JSON. */
  async languageStatus(): Promise<string> {
    return (await this.page.locator('[id="status.languageStatus"]').getAttribute('aria-label')) ?? '';
  }

  /** The palette entries (labels) matching `text`, closing the palette again. */
  async paletteEntries(text: string): Promise<string[]> {
    await this.openPalette(text);
    const rows = this.page.locator('.quick-input-list .monaco-list-row .label-name');
    await rows.first().waitFor({ timeout: 5_000 }).catch(() => undefined);
    const labels = await rows.allInnerTexts();
    await this.page.keyboard.press('Escape');
    return labels.map((l) => l.trim());
  }

  /** Runs a command from the palette by its full title, e.g. `LB: Show Extension Logs`. */
  async runCommand(title: string): Promise<void> {
    await this.openPalette(title);
    const row = this.page.locator('.quick-input-list .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    });
    await row.first().waitFor({ timeout: 10_000 });
    await row.first().click();
  }

  /** Opens the Problems panel and returns its rows once `until` (if given) matches one of them. */
  async problems(until?: RegExp, timeoutMs = 30_000): Promise<ProblemRow[]> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found: ProblemRow[] = [];
      for (const row of await rows.all()) {
        found.push({ label: (await row.getAttribute('aria-label')) ?? '', text: (await row.innerText()).trim() });
      }
      if (!until || found.some((r) => until.test(r.label) || until.test(r.text)) || Date.now() > deadline) return found;
      await this.page.waitForTimeout(500);
    }
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
    await lines.first().waitFor();
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

  /** Clicks the row of the open quick pick whose label is `label`. */
  async pick(label: string | RegExp): Promise<void> {
    const row = this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: label }) });
    await row.first().waitFor({ timeout: 20_000 });
    await row.first().click();
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

  private async openPalette(text: string): Promise<void> {
    // Keys typed into a webview (the log panel) stay there: give the focus back to the workbench first.
    await this.page.evaluate(() => {
      if (document.activeElement instanceof HTMLIFrameElement) document.activeElement.blur();
    });
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${text}`);
  }
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
