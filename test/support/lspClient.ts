// A minimal LSP client that drives the real server process over stdio, as an editor would.
import { ChildProcess, spawn } from 'child_process';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection,
  Diagnostic,
  ProtocolConnection,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { SERVER_JS } from './paths';

export interface LspClientOptions {
  /** Answers to workspace/configuration requests for section `lbObs`. */
  settings?: Record<string, unknown>;
  workspaceFolders?: string[];
  env?: NodeJS.ProcessEnv;
  initializationOptions?: Record<string, unknown>;
  /** Declare dynamic registration of formatting, as VS Code does. */
  dynamicFormatting?: boolean;
  /** Declare workspace folder changes and file watchers (with relative patterns), as VS Code does. */
  workspaceFeatures?: boolean;
}

export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly process: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Array<{ uri: string; version?: number; resolve: (d: Diagnostic[]) => void }> = [];
  private readonly versions = new Map<string, number>();
  stderr = '';
  /** Capabilities the server registered dynamically (client/registerCapability). */
  /** The server's registrations in force (unregistered ones removed). */
  readonly registrations: Array<{ id?: string; method: string; registerOptions?: unknown }> = [];

  constructor(private readonly options: LspClientOptions = {}) {
    this.process = spawn(process.execPath, [SERVER_JS, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    this.process.stderr!.on('data', (d) => (this.stderr += d.toString()));
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i];
        if (w.uri === p.uri && (w.version === undefined || p.version === w.version)) {
          this.waiters.splice(i, 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
      params.items.map((item) => (item.section === 'lbObs' ? (this.options.settings ?? {}) : null)),
    );
    this.connection.onRequest('client/registerCapability', (params: { registrations: Array<{ id?: string; method: string; registerOptions?: unknown }> }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    // The protocol's own spelling: `unregisterations`.
    this.connection.onRequest('client/unregisterCapability', (params: { unregisterations: Array<{ id: string }> }) => {
      for (const { id } of params.unregisterations) {
        const at = this.registrations.findIndex((r) => r.id === id);
        if (at >= 0) this.registrations.splice(at, 1);
      }
      return null;
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  static async start(options: LspClientOptions = {}): Promise<LspClient> {
    const client = new LspClient(options);
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          ...(options.workspaceFeatures ? { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } : {}),
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          formatting: { dynamicRegistration: !!options.dynamicFormatting },
        },
      },
      workspaceFolders: (options.workspaceFolders ?? []).map((f) => ({ uri: pathToFileURL(f).toString(), name: f })),
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  /** Opens a document and resolves with the diagnostics published for this version. */
  open(uri: string, languageId: string, text: string): Promise<Diagnostic[]> {
    this.versions.set(uri, 1);
    const result = this.waitForDiagnostics(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return result;
  }

  /** Replaces the whole text and resolves with the diagnostics of the new version. */
  change(uri: string, text: string): Promise<Diagnostic[]> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const result = this.waitForDiagnostics(uri, version);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return result;
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The diagnostics last published for a document (none yet: an empty list). */
  diagnosticsOf(uri: string): Diagnostic[] {
    return this.diagnostics.get(uri)?.diagnostics ?? [];
  }

  /**
   * A document's diagnostics, as `show` words them, once they are `expected`: a change reaches the server's label
   * model in the background, and a re-validation from an earlier change may publish first. Gives up after 10 s with
   * the last ones seen.
   */
  async settledDiagnostics(uri: string, show: (diagnostics: Diagnostic[]) => string[], expected: string[]): Promise<string[]> {
    const deadline = Date.now() + 10_000;
    let seen = show(this.diagnosticsOf(uri));
    while (JSON.stringify(seen) !== JSON.stringify(expected) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = show(this.diagnosticsOf(uri));
    }
    return seen;
  }

  /** Resolves with the next diagnostics published for a document, whatever its version (a re-validation). */
  nextDiagnostics(uri: string): Promise<Diagnostic[]> {
    return this.waitForDiagnostics(uri);
  }

  private waitForDiagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within 10 s; stderr: ${this.stderr}`)), 10_000);
      this.waiters.push({
        uri,
        version,
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      });
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      setTimeout(() => this.process.kill(), 200).unref();
    }
  }
}
