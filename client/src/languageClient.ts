// Starts the language server (dist/server/server.js) over IPC; Loki credentials reach it from push/registerLokiPush.ts.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, Middleware, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { isJsonLanguage, jsonValidationCoverage } from '../../core/documents/jsonValidationCoverage';

/**
 * VS Code's JSON support completes and hovers the files our `jsonValidation` covers, outlines every JSON file
 * and reports JSON syntax errors everywhere: the server's answers there would repeat each item. Its other
 * diagnostics always pass (the schema VS Code gets reports none).
 */
function noRepeatsOfVsCodeJson(context: vscode.ExtensionContext): Middleware {
  const servedByVsCode = jsonValidationCoverage(context.extension.packageJSON.contributes?.jsonValidation ?? []);
  const covered = (document: vscode.TextDocument) => servedByVsCode(document.uri.path, document.languageId);
  return {
    provideCompletionItem: (document, position, completionContext, token, next) =>
      covered(document) ? undefined : next(document, position, completionContext, token),
    provideHover: (document, position, token, next) => (covered(document) ? undefined : next(document, position, token)),
    provideDocumentSymbols: (document, token, next) => (isJsonLanguage(document.languageId) ? undefined : next(document, token)),
    handleDiagnostics: (uri, diagnostics, next) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const json = document && isJsonLanguage(document.languageId);
      next(uri, json ? diagnostics.filter((d) => d.code !== 'json-syntax') : diagnostics);
    },
  };
}

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
    },
    synchronize: { configurationSection: 'lbObs' },
    middleware: noRepeatsOfVsCodeJson(context),
  };
  return new LanguageClient('lbObs', 'lb-observability Language Server', serverOptions, clientOptions);
}
