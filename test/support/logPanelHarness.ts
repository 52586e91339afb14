// Runs the built log panel webview (dist/webview) in real Chromium, the way VS Code hosts it: the page is the
// panel's real HTML with its Content-Security-Policy, served from a local origin; `acquireVsCodeApi` is a
// stand-in that records every posted message and hands it to the real host-side PanelController, which answers
// from a LogSession. The only part not real is VS Code itself, which cannot run in this test.
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import type { LogFilter, LogSession } from '../../core/logs/model';
import { PanelController } from '../../client/src/logs/panelController';
import { panelHtml } from '../../client/src/logs/panelHtml';
import type { HostMessage } from '../../protocol/logPanel';
import { launchChromium } from './chromium';
import { REPO_ROOT } from './paths';
import type { WebviewTheme } from './vscodeTheme';

export const WEBVIEW_DIR = path.join(REPO_ROOT, 'dist', 'webview');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'webview');

export interface PanelOptions {
  theme: WebviewTheme;
  /** What the stand-in's getState() returns first (the state saved before a hide/show). */
  state?: unknown;
  title?: string;
  canOpenInGrafana?: boolean;
  width?: number;
  height?: number;
}

export interface OpenPanel {
  page: Page;
  controller: PanelController;
  /** Everything the webview posted, in order. */
  posted(): Promise<{ type: string; [key: string]: unknown }[]>;
  /** The state last saved with setState. */
  state(): Promise<unknown>;
  /** Content-Security-Policy violations the page reported. */
  cspViolations(): Promise<string[]>;
  dialogs: string[];
  pageErrors: string[];
  grafana: LogFilter[];
  copies: string[];
  warnings: string[];
  close(): Promise<void>;
}

export class PanelHarness {
  private constructor(
    private readonly server: http.Server,
    private readonly origin: string,
    private readonly browser: Browser,
  ) {}

  static async launch(executablePath: string): Promise<PanelHarness> {
    for (const file of ['logPanel.js', 'logPanel.css']) {
      if (!fs.existsSync(path.join(WEBVIEW_DIR, file))) {
        throw new Error(`${path.join(WEBVIEW_DIR, file)} is missing: run node scripts/build.mjs first`);
      }
    }
    let origin = '';
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          panelHtml({
            cspSource: origin,
            scriptUri: `${origin}/webview/logPanel.js`,
            styleUri: `${origin}/webview/logPanel.css`,
          }),
        );
        return;
      }
      const name = url.pathname.replace(/^\/webview\//, '');
      if (!/^[\w.-]+$/.test(name)) {
        res.writeHead(404).end();
        return;
      }
      const file = path.join(WEBVIEW_DIR, name);
      if (!fs.existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      const type = name.endsWith('.js') ? 'text/javascript' : name.endsWith('.css') ? 'text/css' : 'application/json';
      res.writeHead(200, { 'content-type': type });
      fs.createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchChromium(executablePath);
    return new PanelHarness(server, origin, browser);
  }

  async open(session: LogSession, options: PanelOptions): Promise<OpenPanel> {
    const page = await this.browser.newPage({
      viewport: { width: options.width ?? 1280, height: options.height ?? 720 },
    });
    const panel = {
      dialogs: [] as string[],
      pageErrors: [] as string[],
      grafana: [] as LogFilter[],
      copies: [] as string[],
      warnings: [] as string[],
    };
    page.on('dialog', (dialog) => {
      panel.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => panel.pageErrors.push(error.message));
    const controller = new PanelController(session, {
      title: options.title ?? 'Logs',
      canOpenInGrafana: options.canOpenInGrafana ?? true,
      post: (message: HostMessage) => {
        page
          .evaluate((data) => window.dispatchEvent(new MessageEvent('message', { data })), message)
          .catch(() => undefined);
      },
      openInGrafana: (filter) => panel.grafana.push(filter),
      copy: (text) => panel.copies.push(text),
      warn: (message) => panel.warnings.push(message),
    });
    await page.exposeFunction('__lbObsToHost', (message: unknown) => controller.receive(message));
    await page.addInitScript(
      ({ theme, state }) => {
        const w = window as unknown as Record<string, unknown>;
        const record = { posted: [] as unknown[], state, csp: [] as string[] };
        w.__lbObs = record;
        document.addEventListener('securitypolicyviolation', (e) => {
          record.csp.push(`${e.violatedDirective}: ${e.blockedURI}`);
        });
        w.acquireVsCodeApi = () => {
          // VS Code applies the theme before the webview's scripts run.
          for (const [name, value] of Object.entries(theme.variables)) {
            document.documentElement.style.setProperty(name, value);
          }
          document.body.classList.add(theme.bodyClass);
          return {
            postMessage: (message: unknown) => {
              record.posted.push(JSON.parse(JSON.stringify(message)));
              (w.__lbObsToHost as (m: unknown) => void)(message);
            },
            getState: () => record.state,
            setState: (next: unknown) => {
              record.state = next;
            },
          };
        };
      },
      { theme: options.theme, state: options.state },
    );
    await page.goto(this.origin);
    const read = <T>(key: string) =>
      page.evaluate((k) => ((window as unknown as Record<string, Record<string, unknown>>).__lbObs[k]), key) as Promise<T>;
    return {
      page,
      controller,
      ...panel,
      posted: () => read('posted'),
      state: () => read('state'),
      cspViolations: () => read('csp'),
      close: async () => {
        controller.dispose();
        await page.close();
      },
    };
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
