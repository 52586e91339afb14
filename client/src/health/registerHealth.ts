// Is Loki ready and Grafana healthy: the status bar item (statusBar.ts), its commands, and what starts a check
// (the window's focus, a Loki or Grafana setting, the end of an lb task such as an install).
import * as vscode from 'vscode';
import { Logger, moduleLogger } from '../../../core/logging/logger';
import { TASK_TYPE } from '../../../core/tasks/definition';
import type { LokiCredentials } from '../loki/lokiCredentials';
import { ServiceStatus, SHOW_STATUS_COMMAND, showServiceStatus } from './statusBar';

export function registerHealth(context: vscode.ExtensionContext, logger: Logger, lokiCredentials: LokiCredentials): void {
  const status = new ServiceStatus(context.secrets, moduleLogger(logger, 'services'), lokiCredentials);
  context.subscriptions.push(
    vscode.commands.registerCommand('lbObs.checkServices', () => showServiceStatus(status)),
    vscode.commands.registerCommand(SHOW_STATUS_COMMAND, () => showServiceStatus(status)),
    status,
    vscode.window.onDidChangeWindowState((state) => (state.focused ? status.restart() : status.stop())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lbObs.loki') || e.affectsConfiguration('lbObs.grafana')) {
        status.results = [];
        status.restart();
      }
    }),
    vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task.definition.type === TASK_TYPE) void status.checkNow();
    }),
  );
  status.restart();
}
