// Activation: logging, the language server, then each capability's commands and views.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { moduleLogger } from '../../core/logging/logger';
import { createLanguageClient } from './languageClient';
import { createClientLogger } from './logging';
import { registerTasks } from './tasks/registerTasks';
import { registerHealth } from './health/registerHealth';
import { registerGrafanaLinks } from './grafana/registerGrafanaLinks';
import { registerRunLogs } from './runs/registerRunLogs';
import { registerCompareRuns } from './compare/registerCompareRuns';
import { registerQueryLogs } from './logs/queryLogs';
import { registerLokiPush } from './push/registerLokiPush';
import { LokiCredentials } from './loki/lokiCredentials';
import { registerAlloyPreview } from './alloy/registerAlloyPreview';
import { registerExplainCommand } from './logql/explainCommand';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const channel = vscode.window.createOutputChannel('lb-observability', { log: true });
  context.subscriptions.push(channel);
  const logger = createClientLogger(context, channel);
  const log = moduleLogger(logger, 'extension');
  log.info(`activating lb-observability ${context.extension.packageJSON.version}`);

  context.subscriptions.push(vscode.commands.registerCommand('lbObs.showLogs', () => channel.show()));
  client = createLanguageClient(context, channel);
  try {
    await client.start();
  } catch (err) {
    // Tasks, runs, links and pushes work without the language server: keep them, and say what failed.
    log.error({ err }, 'the language server did not start');
    void vscode.window.showErrorMessage(`lb-observability: the language server did not start (${(err as Error).message}); see "LB: Show Extension Logs".`);
  }
  // One credential store for every Loki consumer: the log panel's Loki source, pushes, the status bar, the server.
  const lokiCredentials = new LokiCredentials(context.secrets, moduleLogger(logger, 'lokiCredentials'));
  context.subscriptions.push(lokiCredentials);
  registerTasks(context, logger);
  registerHealth(context, logger, lokiCredentials);
  registerGrafanaLinks(context, logger, client);
  registerRunLogs(context, logger, lokiCredentials);
  registerCompareRuns(context, logger, lokiCredentials);
  registerQueryLogs(context, logger, lokiCredentials);
  registerLokiPush(context, logger, client, lokiCredentials);
  registerAlloyPreview(context, logger, lokiCredentials);
  registerExplainCommand(context, moduleLogger(logger, 'logql-explain'));
  log.info('activated');
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
