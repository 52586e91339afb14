// The "push to Loki" capability: Loki credentials (SecretStorage, also sent to the language server), the
// "Push Run Logs to Loki..." command, and the optional push of the extension's own logs.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Logger, moduleLogger } from '../../../core/logging/logger';
import { lokiCredentialsNotification } from '../../../protocol/languageServer';
import { clearLokiCredentials, LokiCredentials, setLokiCredentials } from '../loki/lokiCredentials';
import { reportedCommands } from '../reportedCommands';
import { shipOwnLogsToLoki } from './ownLogsToLoki';
import { PUSH_RUN_LOGS_COMMAND, RunLogPusher } from './pushRunLogs';

export function registerLokiPush(context: vscode.ExtensionContext, logger: Logger, client: LanguageClient, credentials: LokiCredentials): void {
  const log = moduleLogger(logger, 'lokiPush');
  const pusher = new RunLogPusher(context.extensionUri, credentials, log);
  context.subscriptions.push(pusher, shipOwnLogsToLoki(logger, credentials, log));

  const sendCredentials = () =>
    credentials
      .connection()
      .then((connection) => client.sendNotification(lokiCredentialsNotification, connection?.auth ?? null))
      .catch((err: Error) => log.warn(`cannot send Loki credentials to the language server: ${err.message}`));
  void sendCredentials();
  context.subscriptions.push(
    credentials.onDidChange(() => void sendCredentials()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lbObs.loki.url')) void sendCredentials();
    }),
  );

  const register = reportedCommands(context, log);
  register(PUSH_RUN_LOGS_COMMAND, (arg) => pusher.push(arg));
  register('lbObs.setLokiCredentials', () => setLokiCredentials(credentials));
  register('lbObs.clearLokiCredentials', () => clearLokiCredentials(credentials));
}
