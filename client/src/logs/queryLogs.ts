// Workflow logs in the log panel: "Open in Log Panel" on any LogQL query (code lens, the query under the cursor,
// or one typed in), and "Open Workflow Logs in Log Panel" for a Flyte execution or task, or an Airflow DAG run,
// task or try. The query is read from the configured Loki (lbObs.loki.url, tenant, stored credentials).
import * as vscode from 'vscode';
import { LinkInputError } from '../../../core/logql/build/inputError';
import { logqlError } from '../../../core/logql/build/queryCheck';
import { parseLogFilter } from '../../../core/links/runLinkArgument';
import type { LogFilter } from '../../../core/logs/model';
import { isMetricQuery } from '../../../core/logql/queryKind';
import { Logger, moduleLogger } from '../../../core/logging/logger';
import { OPEN_QUERY_IN_PANEL_COMMAND, queryUnderCursor } from '../grafana/queryLinks';
import { pickWorkflowQuery } from '../grafana/workflowLinkCommands';
import { reportedCommands } from '../reportedCommands';
import type { LokiCredentials } from '../loki/lokiCredentials';
import { LogPanels } from './logPanels';
import { lokiQueryTarget } from './logTarget';
import { openTargetSession } from './openTargetSession';

export const OPEN_WORKFLOW_IN_PANEL_COMMAND = 'lbObs.openWorkflowLogsInLogPanel';
const OPEN_SETTINGS = 'Open Settings';

interface QueryArgument {
  filter?: LogFilter;
  /** Epoch ms. */
  range?: { start: number; end: number };
}

/** The filter and range a caller may give with its query, checked: the comparison's webview is one. */
function queryArgument(argument: unknown): QueryArgument {
  if (typeof argument !== 'object' || argument === null) return {};
  const a = argument as { filter?: unknown; range?: unknown };
  const shown: QueryArgument = {};
  if (a.filter !== undefined) shown.filter = parseLogFilter(a.filter);
  if (a.range !== undefined) {
    const r = a.range as { start?: unknown; end?: unknown } | null;
    const ms = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
    if (!r || !ms(r.start) || !ms(r.end) || (r.start as number) >= (r.end as number)) throw new LinkInputError('invalid query argument: range must be { start, end } in epoch ms, start before end');
    shown.range = { start: r.start as number, end: r.end as number };
  }
  return shown;
}

export function registerQueryLogs(context: vscode.ExtensionContext, logger: Logger, lokiCredentials: LokiCredentials): void {
  const log = moduleLogger(logger, 'queryLogs');
  const panels = new LogPanels(context.extensionUri, (target) => openTargetSession(target, context.extensionUri.fsPath), log);
  context.subscriptions.push(panels);

  async function open(query: string, shown: QueryArgument = {}): Promise<void> {
    const connection = await lokiCredentials.connection();
    if (!connection) {
      const choice = await vscode.window.showErrorMessage('Set lbObs.loki.url to read log queries from Loki.', OPEN_SETTINGS);
      if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'lbObs.loki');
      return;
    }
    await panels.open(lokiQueryTarget(query, connection, query, shown.range), shown.filter);
  }

  /**
   * `argument.query` comes from a code lens or a comparison (with the row's filter and the run's range); else the
   * query under the cursor; else one typed in.
   */
  async function openQuery(argument?: unknown): Promise<void> {
    const shown = queryArgument(argument);
    const given = (argument as { query?: unknown } | undefined)?.query;
    const editor = vscode.window.activeTextEditor;
    let query = typeof given === 'string' ? given : editor && queryUnderCursor(editor);
    if (!query?.trim()) {
      query = await vscode.window.showInputBox({
        title: 'Open a LogQL query in the log panel',
        placeHolder: '{namespace="airflow"} |= "dag_id=hello_world"',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? logqlError(v) : 'Enter a LogQL log query'),
      });
      if (!query?.trim()) return;
    }
    if (isMetricQuery(query)) {
      void vscode.window.showErrorMessage('The log panel shows the lines of log queries; this is a metric query: open it in Grafana.');
      return;
    }
    const problem = logqlError(query);
    if (problem) {
      void vscode.window.showErrorMessage(`This query cannot be read from Loki: ${problem}`);
      return;
    }
    await open(query, shown);
  }

  async function openWorkflow(): Promise<void> {
    const query = await pickWorkflowQuery('Open workflow logs in the log panel');
    if (query) await open(query);
  }

  const register = reportedCommands(context, log);
  register(OPEN_QUERY_IN_PANEL_COMMAND, openQuery);
  register(OPEN_WORKFLOW_IN_PANEL_COMMAND, openWorkflow);
}
