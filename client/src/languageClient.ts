// Starts the language server (dist/server/server.js) over IPC; Loki credentials reach it from push/registerLokiPush.ts.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../protocol/languageServer';

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
      { scheme: 'file', language: 'alloy' },
      { scheme: 'untitled', language: 'alloy' },
    ],
    outputChannel: channel,
    initializationOptions: {
      logFile: path.join(context.logUri.fsPath, 'language-server.jsonl'),
      // VS Code's JSON support reports JSON syntax errors, outlines every JSON file, and completes and hovers the
      // files our `jsonValidation` covers: the server leaves those to it rather than repeat each item.
      editorJson: { jsonValidation: context.extension.packageJSON.contributes?.jsonValidation ?? [] },
    } satisfies InitializationOptions,
    synchronize: { configurationSection: 'lbObs' },
  };
  return new LanguageClient('lbObs', 'lb-observability Language Server', serverOptions, clientOptions);
}
