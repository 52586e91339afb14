// Calls a command that another part of the extension provides (Grafana links, resuming a run), and says so
// plainly when it is not there instead of failing with VS Code's generic "command not found".
import * as vscode from 'vscode';

export async function callOptionalCommand(id: string, action: string, argument: unknown): Promise<void> {
  const registered = await vscode.commands.getCommands(true);
  if (!registered.includes(id)) {
    void vscode.window.showWarningMessage(`${action} is not available: this build of lb-observability has no command "${id}".`);
    return;
  }
  await vscode.commands.executeCommand(id, argument);
}
