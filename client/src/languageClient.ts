// Starts the language server (dist/server/server.js) over IPC and keeps it fed with Loki credentials.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

export function createLanguageClient(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'logql' },
      { scheme: 'untitled', language: 'logql' },
    ],
    outputChannel: channel,
    initializationOptions: {
      logFile: path.join(context.logUri.fsPath, 'language-server.jsonl'),
    },
    synchronize: { configurationSection: 'lbObs' },
  };
  return new LanguageClient('lbObs', 'lb-observability Language Server', serverOptions, clientOptions);
}
