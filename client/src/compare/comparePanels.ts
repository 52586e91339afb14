// The run comparison panels: one webview per pair of runs (A the baseline, B the run compared), following the
// log panel's rules (scriptPanel.ts: CSP with a nonce, no network; the script renders data as text only). The
// comparison is computed in a worker thread (core/compare/worker) under a cancellable progress notification;
// the webview's links open a row's lines (core/compare/rowFilters.ts) in a run folder's log panel
// (lbObs.openRunLogs with a filter) and in Grafana Explore (lbObs.openRunInGrafana), or, for a run known only by
// its query, in the query's log panel and Explore over the run's range (lokiRunRowQuery.ts). A run whose logs are
// in Loki is mined from the lines fetched (unless Loki's pattern ingester answers): the notification's bar
// advances by the lines fetched of the runs' caps, and a run that had more than its cap is offered "Raise the Cap...".
import * as vscode from 'vscode';
import type { RunComparison, RunSource, RunSummary } from '../../../core/compare/compareRuns';
import { compareRowFilter, RowFilterUse } from '../../../core/compare/rowFilters';
import type { LokiMineProgress, LokiRunSpec } from '../../../core/compare/lokiRun';
import { lokiRunRowQuery } from '../../../core/compare/lokiRunRowQuery';
import type { LogFilter } from '../../../core/logs/model';
import { CompareCancelled, compareInWorker } from '../../../core/compare/worker/compareInWorker';
import type { Logger } from '../../../core/logging/logger';
import { formatTimestamp } from '../../../core/logs/timestamp';
import { CompareRunView, RunSide, ToCompareWebview, validateCompareMessage } from '../../../protocol/compare';
import { LIMITS } from '../../../protocol/logPanel';
import { OPEN_QUERY_COMMAND, OPEN_QUERY_IN_PANEL_COMMAND } from '../grafana/queryLinks';
import { escapeIcons } from '../labelText';
import { createScriptPanel } from '../scriptPanel';
import { callOptionalCommand } from '../runs/optionalCommand';
import { raiseMaxLokiLines, sourceMaxLines, withMaxLines } from './maxLokiLines';

export const OPEN_RUN_LOGS_COMMAND = 'lbObs.openRunLogs';
const GRAFANA_COMMAND = 'lbObs.openRunInGrafana';
const NS_PER_MS = 1_000_000n;

export interface ComparedRun {
  runDir: string;
  runId: string;
  /** Where its logs are read: the folder's files, or Loki. */
  source: RunSource;
}

interface OpenCompare {
  panel: vscode.WebviewPanel;
  a: ComparedRun;
  b: ComparedRun;
  ready: boolean;
  /** Closed by the user: a comparison still running has nothing to show to. */
  closed: boolean;
  last?: ToCompareWebview;
  comparison?: RunComparison;
  cancel?: vscode.CancellationTokenSource;
}

/** A run folder by its path, a run read from Loki alone by its query. */
function runKey(r: ComparedRun): string {
  return r.runDir || `loki:${r.runId}`;
}

const RAISE_CAP = 'Raise the Cap...';

/**
 * The notification's bar: the lines fetched from Loki of all the lines the runs read from Loki may fetch (their
 * caps); a run whose patterns come from Loki's pattern ingester fetches none.
 */
function lokiLinesProgress(compare: OpenCompare, progress: vscode.Progress<{ message?: string; increment?: number }>) {
  const budget = sourceMaxLines(compare.a.source) + sourceMaxLines(compare.b.source);
  const seen = { A: 0, B: 0 };
  return (run: 'A' | 'B', p: LokiMineProgress) => {
    const increment = budget > 0 ? ((p.lines - seen[run]) / budget) * 100 : 0;
    seen[run] = p.lines;
    progress.report({ increment, message: `run ${run}: ${p.lines.toLocaleString('en-US')} of at most ${p.maxLines.toLocaleString('en-US')} lines from Loki` });
  };
}

function runView(r: RunSummary): CompareRunView {
  return { ...r, start: r.start === null ? null : formatTimestamp(r.start), end: r.end === null ? null : formatTimestamp(r.end), grafana: true };
}

export class ComparePanels implements vscode.Disposable {
  private readonly open = new Map<string, OpenCompare>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Logger,
  ) {}

  async show(a: ComparedRun, b: ComparedRun): Promise<void> {
    const key = JSON.stringify([runKey(a), runKey(b)]);
    const existing = this.open.get(key);
    if (existing) {
      existing.panel.reveal();
      return this.run(existing);
    }
    const compare = this.create(key, a, b);
    await this.run(compare);
  }

  private create(key: string, a: ComparedRun, b: ComparedRun): OpenCompare {
    const panel = createScriptPanel(this.extensionUri, 'lbObs.compareRuns', `Compare: ${b.runId} with ${a.runId}`, vscode.ViewColumn.Active, 'compare');
    const compare: OpenCompare = { panel, a, b, ready: false, closed: false };
    panel.webview.onDidReceiveMessage((m: unknown) => this.receive(compare, m));
    panel.onDidDispose(() => {
      compare.closed = true;
      compare.cancel?.cancel();
      if (this.open.get(key) === compare) this.open.delete(key);
    });
    this.open.set(key, compare);
    return compare;
  }

  private receive(compare: OpenCompare, raw: unknown): void {
    const checked = validateCompareMessage(raw);
    if (!checked.ok) {
      this.log.warn(`compare panel: refused a message (${checked.error})`);
      return;
    }
    const m = checked.message;
    if (m.type === 'ready') {
      compare.ready = true;
      if (compare.last) void compare.panel.webview.postMessage(compare.last);
      return;
    }
    const run = this.side(compare, m.run);
    const rowFilter = (use: RowFilterUse) => (m.kind === undefined || m.row === undefined || !compare.comparison ? undefined : compareRowFilter(compare.comparison, m.kind, m.row, use));
    if ('loki' in run.source) {
      this.openLokiRun(run.source.loki, m.type, m.row !== undefined, rowFilter);
      return;
    }
    if (m.type === 'openGrafana') {
      const filter = rowFilter('line');
      if (m.row !== undefined && !filter) return;
      void callOptionalCommand(GRAFANA_COMMAND, 'Open in Grafana', { runDir: run.runDir, runId: run.runId, ...(filter ? { filter } : {}) });
      return;
    }
    const filter = rowFilter({ panel: { maxLength: LIMITS.maxSearchLength } });
    if (filter) void vscode.commands.executeCommand(OPEN_RUN_LOGS_COMMAND, { runDir: run.runDir, runId: run.runId, filter });
  }

  /** A run known only by its query: the query's log panel over the run's range, or its Explore query narrowed by the row. */
  private openLokiRun(spec: LokiRunSpec, open: 'openLines' | 'openGrafana', isRow: boolean, rowFilter: (use: RowFilterUse) => LogFilter | undefined): void {
    const range = { start: Number(spec.start / NS_PER_MS), end: Number(spec.end / NS_PER_MS) };
    if (open === 'openLines') {
      const filter = rowFilter({ panel: { maxLength: LIMITS.maxSearchLength } });
      if (filter) void callOptionalCommand(OPEN_QUERY_IN_PANEL_COMMAND, 'Open in Log Panel', { query: spec.query, filter, range });
      return;
    }
    const filter = rowFilter('line');
    if (isRow && !filter) return;
    let query: string;
    try {
      query = filter ? lokiRunRowQuery(spec.query, filter) : spec.query;
    } catch (err) {
      void vscode.window.showErrorMessage(`Cannot open this row in Grafana: ${(err as Error).message}`);
      return;
    }
    void callOptionalCommand(OPEN_QUERY_COMMAND, 'Open in Grafana', { query, range });
  }

  private side(compare: OpenCompare, side: RunSide): ComparedRun {
    return side === 'a' ? compare.a : compare.b;
  }

  private post(compare: OpenCompare, message: ToCompareWebview): void {
    compare.last = message;
    if (compare.ready && !compare.closed) void compare.panel.webview.postMessage(message);
  }

  private async run(compare: OpenCompare): Promise<void> {
    compare.cancel?.cancel();
    const cancel = new vscode.CancellationTokenSource();
    compare.cancel = cancel;
    this.post(compare, { type: 'running', a: compare.a.runId, b: compare.b.runId });
    const abort = new AbortController();
    cancel.token.onCancellationRequested(() => abort.abort());
    const script = vscode.Uri.joinPath(this.extensionUri, 'dist', 'compareWorker.js').fsPath;
    const notices: string[] = [];
    try {
      const comparison = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Comparing ${escapeIcons(compare.b.runId)} with ${escapeIcons(compare.a.runId)}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => cancel.cancel());
          const fetched = lokiLinesProgress(compare, progress);
          return compareInWorker(script, { a: compare.a.source, b: compare.b.source }, abort.signal, {
            onProgress: fetched,
            onNotice: (message) => {
              notices.push(message);
              this.log.warn(`comparing runs: ${message}`);
            },
          });
        },
      );
      compare.comparison = comparison;
      this.post(compare, { type: 'show', view: { ...comparison, a: runView(comparison.a), b: runView(comparison.b), notices } });
      this.offerHigherCap(compare, comparison).catch((err: Error) => {
        this.log.error(`raising lbObs.compare.maxLokiLines failed: ${err.message}`);
        void vscode.window.showErrorMessage(`Cannot raise lbObs.compare.maxLokiLines: ${err.message}`);
      });
    } catch (err) {
      if (err instanceof CompareCancelled) {
        this.post(compare, { type: 'failed', message: 'The comparison was cancelled.' });
        return;
      }
      this.log.error(`comparing ${runKey(compare.b)} with ${runKey(compare.a)} failed: ${(err as Error).message}`);
      this.post(compare, { type: 'failed', message: `Cannot compare the runs: ${(err as Error).message}` });
    } finally {
      if (compare.cancel === cancel) compare.cancel = undefined;
      cancel.dispose();
    }
  }

  /** A run that had more lines in Loki than the cap: the user may raise it, and the comparison runs again. */
  private async offerHigherCap(compare: OpenCompare, c: RunComparison): Promise<void> {
    const capped = ([['A', c.a, compare.a], ['B', c.b, compare.b]] as const).filter(([, summary]) => summary.loki?.capped);
    if (capped.length === 0) return;
    const hit = Math.max(...capped.map(([, , run]) => sourceMaxLines(run.source)));
    const which = capped.map(([name, , run]) => `run ${name} (${run.runId})`).join(' and ');
    const choice = await vscode.window.showWarningMessage(
      `${escapeIcons(which)} had more lines in Loki than lbObs.compare.maxLokiLines (${hit.toLocaleString('en-US')}): only the first ones were compared.`,
      RAISE_CAP,
    );
    if (choice !== RAISE_CAP || compare.closed) return;
    const raised = await raiseMaxLokiLines(hit);
    if (raised === undefined || compare.closed) return;
    compare.a = { ...compare.a, source: withMaxLines(compare.a.source, raised) };
    compare.b = { ...compare.b, source: withMaxLines(compare.b.source, raised) };
    await this.run(compare);
  }

  dispose(): void {
    for (const c of this.open.values()) {
      c.cancel?.cancel();
      c.panel.dispose();
    }
    this.open.clear();
  }
}
