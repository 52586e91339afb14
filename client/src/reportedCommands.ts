// Commands that never throw into VS Code: a failure is logged with the command's id and shown as its message.
import * as vscode from 'vscode';
import type { Logger } from '../../core/logging/logger';

/** A function registering commands of the extension (disposed with it) whose failures are reported. */
export function reportedCommands(context: vscode.ExtensionContext, log: Logger): (id: string, handler: (arg?: unknown) => Promise<void>) => void {
  return (id, handler) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (arg?: unknown) => {
        try {
          await handler(arg);
        } catch (err) {
          log.error(`${id} failed: ${(err as Error).message}`);
          void vscode.window.showErrorMessage((err as Error).message);
        }
      }),
    );
}
