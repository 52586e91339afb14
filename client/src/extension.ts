// Activation: logging, the language server, then each capability's commands and views.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { moduleLogger } from '../../core/logging/logger';
import { createLanguageClient } from './languageClient';
import { createClientLogger } from './logging';
import { registerTasks } from './tasks/registerTasks';
import { registerGrafanaLinks } from './grafana/registerGrafanaLinks';
import { registerRunLogs } from './runs/registerRunLogs';
import { registerLokiPush } from './push/registerLokiPush';
import { LokiCredentials } from './loki/lokiCredentials';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const channel = vscode.window.createOutputChannel('lb-observability', { log: true });
  context.subscriptions.push(channel);
  const logger = createClientLogger(context, channel);
  const log = moduleLogger(logger, 'extension');
  log.info(`activating lb-observability ${context.extension.packageJSON.version}`);

  client = createLanguageClient(context, channel);
  await client.start();
  context.subscriptions.push(vscode.commands.registerCommand('lbObs.showLogs', () => channel.show()));
  registerTasks(context, logger);
  registerGrafanaLinks(context, logger);
  // One credential store for every Loki consumer: the log panel's Loki source, pushes, the language server.
  const lokiCredentials = new LokiCredentials(context.secrets, moduleLogger(logger, 'lokiCredentials'));
  context.subscriptions.push(lokiCredentials);
  registerRunLogs(context, logger, lokiCredentials);
  registerLokiPush(context, logger, client, lokiCredentials);
  log.info('activated');
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
