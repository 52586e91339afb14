// "Open Query in Grafana" for the LogQL under the cursor or selected, and "Open in Grafana" and "Open in Log Panel"
// code lenses on the queries of .logql files, Grafana dashboards and provisioning files (found by the LogQL
// engine's extraction).
import * as vscode from 'vscode';
import { classifyDocument, DocumentKind } from '../../../core/documents/kind';
import { exploreUrl } from '../../../core/links/grafanaUrl';
import { LinkInputError } from '../../../core/logql/build/inputError';
import { logqlError } from '../../../core/logql/build/queryCheck';
import { msTime, TimeRange } from '../../../core/links/timeRange';
import { queriesInDocument, queryAt } from '../../../core/logql/documentQueries';
import { isMetricQuery } from '../../../core/logql/queryKind';
import { GrafanaTargets, legacyLinks } from './grafanaTargets';
import { openLink } from './openLink';

export const OPEN_QUERY_COMMAND = 'lbObs.openQueryInGrafana';
/** Registered by the log panels (client/src/logs/queryLogs.ts). */
export const OPEN_QUERY_IN_PANEL_COMMAND = 'lbObs.openQueryInLogPanel';

/** Grafana's own default range for Explore. */
const QUERY_RANGE: TimeRange = { from: 'now-1h', to: 'now' };
export const QUERY_KINDS: DocumentKind[] = ['logql', 'grafana-dashboard', 'grafana-provisioning'];

export function kindOf(doc: vscode.TextDocument): DocumentKind {
  const c = vscode.workspace.getConfiguration('lbObs', doc.uri);
  return classifyDocument(doc.uri.toString(), doc.getText(), {
    runConfigGlobs: c.get<string[]>('config.runConfigGlobs'),
    platformConfigGlobs: c.get<string[]>('config.platformConfigGlobs'),
  }, doc.languageId);
}

/** The selection, or the LogQL query (of a .logql file, dashboard or provisioning file) under the cursor. */
export function queryUnderCursor(editor: vscode.TextEditor): string | undefined {
  if (!editor.selection.isEmpty) return editor.document.getText(editor.selection);
  const kind = kindOf(editor.document);
  if (!QUERY_KINDS.includes(kind)) return undefined;
  const queries = queriesInDocument(kind, editor.document.getText());
  return queryAt(queries, editor.document.offsetAt(editor.selection.active))?.query.text;
}

/** A caller's range `{ start, end }` in epoch ms (checked by msTime), else Grafana's default. */
function givenRange(value: unknown): TimeRange {
  if (value === undefined) return QUERY_RANGE;
  const r = value as { start?: unknown; end?: unknown } | null;
  return { from: msTime(Number(r?.start)), to: msTime(Number(r?.end)) };
}

export class QueryLinkCommands {
  constructor(private readonly targets: GrafanaTargets) {}

  /**
   * `argument.query` comes from a code lens or a comparison (with its run's `range`, epoch ms); otherwise the
   * query at the cursor of the active editor.
   */
  async openQuery(argument?: unknown): Promise<void> {
    const given = (argument as { query?: unknown } | undefined)?.query;
    const range = givenRange((argument as { range?: unknown } | undefined)?.range);
    const editor = vscode.window.activeTextEditor;
    const query = typeof given === 'string' ? given : editor && queryUnderCursor(editor);
    if (!query?.trim()) throw new LinkInputError('Put the cursor in a LogQL query (or select one) to open it in Grafana.');
    const problem = logqlError(query);
    if (problem) {
      // Dashboard queries may use Grafana variables, which Explore does not resolve: the user decides.
      const choice = await vscode.window.showWarningMessage(`This query will not run as it is in Explore: ${problem}`, 'Open Anyway');
      if (choice !== 'Open Anyway') return;
    }
    const target = await this.targets.exploreTarget();
    if (target) await openLink(exploreUrl(target, query, range, { legacy: legacyLinks() }));
  }
}

export class QueryCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const kind = kindOf(doc);
    if (!QUERY_KINDS.includes(kind)) return [];
    return queriesInDocument(kind, doc.getText())
      .filter((q) => q.text.trim() !== '')
      .flatMap((q) => {
        const start = doc.positionAt(q.host.start);
        const range = new vscode.Range(start, start);
        const lenses = [
          new vscode.CodeLens(range, {
            title: 'Open in Grafana',
            tooltip: 'Open this query in Grafana Explore (last hour)',
            command: OPEN_QUERY_COMMAND,
            arguments: [{ query: q.text }],
          }),
        ];
        // The panel shows lines: a metric query's numbers are Grafana's to draw.
        if (!isMetricQuery(q.text)) {
          lenses.push(
            new vscode.CodeLens(range, {
              title: 'Open in Log Panel',
              tooltip: "Show this query's lines from Loki in a log panel (last hour, followed)",
              command: OPEN_QUERY_IN_PANEL_COMMAND,
              arguments: [{ query: q.text }],
            }),
          );
        }
        return lenses;
      });
  }
}
