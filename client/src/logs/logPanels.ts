// The log panels: one WebviewPanel per run or file selection, each with its own LogSession (the engine runs in
// a worker thread) and a PanelController that answers the webview.
import * as vscode from 'vscode';
import type { Logger } from '../../../core/logging/logger';
import type { LogFilter, LogSession } from '../../../core/logs/model';
import { escapeIcons } from '../labelText';
import { callOptionalCommand } from '../runs/optionalCommand';
import type { LogTarget } from './logTarget';
import { PanelController } from './panelController';
import { panelHtml } from './panelHtml';

export type OpenSession = (target: LogTarget) => Promise<LogSession>;

export const GRAFANA_COMMAND = 'lbObs.openRunInGrafana';
const QUERY_GRAFANA_COMMAND = 'lbObs.openQueryInGrafana';

interface OpenPanel {
  panel: vscode.WebviewPanel;
  controller: PanelController;
  session: LogSession;
}

export class LogPanels implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  /** Targets being opened, so that a double click opens one panel. */
  private readonly opening = new Map<string, Promise<void>>();
  private disposed = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly openSession: OpenSession,
    private readonly log: Logger,
  ) {}

  /** Opens (or reveals) the target's panel; with a filter, the panel shows it (a compared pattern's lines). */
  async open(target: LogTarget, filter?: LogFilter): Promise<void> {
    const existing = this.panels.get(target.key);
    if (existing) {
      existing.panel.reveal();
    } else {
      let opening = this.opening.get(target.key);
      if (!opening) {
        opening = this.create(target).finally(() => this.opening.delete(target.key));
        this.opening.set(target.key, opening);
      }
      await opening;
    }
    if (filter) this.panels.get(target.key)?.controller.showFilter(filter);
  }

  private async create(target: LogTarget): Promise<void> {
    let session: LogSession;
    try {
      session = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Indexing ${escapeIcons(target.title.replace(/^Logs: /, ''))}` },
        () => this.openSession(target),
      );
    } catch (err) {
      const what = target.runDir ? `the logs of ${target.runId}` : target.loki ? 'the query from Loki' : 'the log files';
      this.log.error(`cannot open ${what}: ${(err as Error).message}`);
      void vscode.window.showErrorMessage(`Cannot open ${what}: ${(err as Error).message}`);
      return;
    }
    if (this.disposed) {
      // The extension was deactivated while the session was being opened: nothing may keep its worker alive.
      await session.dispose().catch(() => undefined);
      return;
    }
    const webviewRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(
      'lbObs.logPanel',
      target.title,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        enableCommandUris: false,
        // The webview is rebuilt when shown again and restores its view state with getState().
        retainContextWhenHidden: false,
        localResourceRoots: [webviewRoot, vscode.Uri.joinPath(this.extensionUri, 'media')],
      },
    );
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'lb-logs-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'lb-logs-dark.svg'),
    };
    const controller = new PanelController(session, {
      title: target.title,
      canOpenInGrafana: target.runDir !== undefined || target.loki !== undefined,
      columnTitles: target.columnTitles,
      post: (message) => void panel.webview.postMessage(message),
      openInGrafana: (filter) => void this.openInGrafana(target, filter),
      copy: (text) => void vscode.env.clipboard.writeText(text),
      warn: (message) => this.log.warn(message),
    });
    const entry = { panel, controller, session };
    this.panels.set(target.key, entry);
    panel.webview.onDidReceiveMessage((message: unknown) =>
      controller.receive(message).catch((err: Error) => this.log.error(`log panel: ${err.message}`)),
    );
    panel.onDidChangeViewState(() => {
      if (!panel.visible) controller.hidden();
    });
    panel.onDidDispose(() => this.close(target.key, entry));
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'logPanel.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'logPanel.css')).toString(),
    });
  }

  private async openInGrafana(target: LogTarget, filter: LogFilter): Promise<void> {
    // A query's panel opens its query (the panel's own filters are not LogQL).
    if (!target.runDir && target.loki) return callOptionalCommand(QUERY_GRAFANA_COMMAND, 'Open in Grafana', { query: target.loki.query });
    if (!target.runDir || !target.runId) return;
    await callOptionalCommand(GRAFANA_COMMAND, 'Open in Grafana', { runDir: target.runDir, runId: target.runId, filter });
  }

  private close(key: string, entry: OpenPanel): void {
    if (this.panels.get(key) === entry) this.panels.delete(key);
    entry.controller.dispose();
    entry.session.dispose().catch((err: Error) => this.log.warn(`closing a log session: ${err.message}`));
  }

  dispose(): void {
    this.disposed = true;
    for (const [key, entry] of [...this.panels]) {
      this.close(key, entry);
      entry.panel.dispose();
    }
  }
}
