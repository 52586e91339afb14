// Failures of Grafana link commands, shown with the action that fixes them; commands never throw into VS Code.
import * as vscode from 'vscode';
import { GrafanaHttpError } from '../../../core/grafana/client';
import type { Logger } from '../../../core/logging/logger';
import { SET_CREDENTIALS_COMMAND } from './credentialsCommands';

const SET_CREDENTIALS = 'Set Grafana Credentials';
const OPEN_SETTINGS = 'Open Settings';

export async function reportLinkError(err: unknown, log: Logger): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  // Messages name URLs without credentials (the clients strip them) and never contain tokens.
  log.warn(`Grafana link: ${message}`);
  const actions = err instanceof GrafanaHttpError && (err.status === 401 || err.status === 403) ? [SET_CREDENTIALS, OPEN_SETTINGS] : [OPEN_SETTINGS];
  const choice = await vscode.window.showErrorMessage(message, ...actions);
  if (choice === SET_CREDENTIALS) await vscode.commands.executeCommand(SET_CREDENTIALS_COMMAND);
  if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'lbObs.grafana');
}

/** A command handler whose failures are reported instead of thrown. */
export function guarded<A extends unknown[]>(log: Logger, run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (err) {
      await reportLinkError(err, log);
    }
  };
}
