// The extension's own logger: JSONL records in lb's schema to the extension's log folder, and each record
// to a VS Code log output channel.
import * as path from 'path';
import * as vscode from 'vscode';
import { createLogger, fileDestination, lineDestination, Logger } from '../../core/logging/logger';

export function createClientLogger(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel): Logger {
  const file = path.join(context.logUri.fsPath, 'vscode-client.jsonl');
  const toChannel = lineDestination((line) => {
    try {
      const record = JSON.parse(line) as { level?: string; logger?: string; message?: string };
      const text = `[${record.logger}] ${record.message}`;
      if (record.level === 'ERROR' || record.level === 'CRITICAL') channel.error(text);
      else if (record.level === 'WARNING') channel.warn(text);
      else if (record.level === 'DEBUG') channel.debug(text);
      else channel.info(text);
    } catch {
      channel.info(line);
    }
  });
  return createLogger({ component: 'vscode-client', destinations: [fileDestination(file), toChannel] });
}
