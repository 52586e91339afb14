// The lb-observability language server: `node dist/server/server.js --stdio`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DocumentFormattingRequest,
  InitializeParams,
  InitializeResult,
  ProposedFeatures,
  DefinitionParams,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lbPlatformConfigPath } from '../../core/config/lbPaths';
import { classifyDocument, DocumentKind, uriToPath } from '../../core/documents/kind';
import { isJsonLanguage, jsonValidationCoverage } from '../../core/documents/jsonValidationCoverage';
import { jsonNestingBeyond, nestingGuarded } from '../../core/documents/jsonDepth';
import { tooLargeToCheck } from '../../core/documents/sizeLimit';
import { createLogger, fileDestination, lineDestination, moduleLogger } from '../../core/logging/logger';
import { validateDocument, validateDocumentAs } from '../../core/validation/validateDocument';
import { ALLOY_KINDS, loadAlloyParser } from '../../core/alloy/syntaxWasm';
import { loadLokiParserFor } from './logql/lokiParserLoad';
import { KINDS_WITH_LOGQL } from '../../core/logql/lokiParser';
import type { ValidationEnvironment } from '../../core/diagnostics/types';
import { LanguageProvider, providersFor } from './providers';
import type { ServerContext } from './serverContext';
import { SettingsCache } from './settings';
import { WorkspaceLabelsService } from './labels/workspaceLabelsService';
import { registerLinkChoiceRequest } from './linkChoiceRequest';
import { DocumentCache } from './documentCache';
import { InitializationOptions, lokiCredentialsNotification } from '../../protocol/languageServer';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let canPullConfiguration = false;
let canRegisterFormatting = false;
let watchSupport = { files: false, relativePatterns: false };
let canFollowFolders = false;
/** What the editor's own JSON support serves beside us (initializationOptions.editorJson); nothing when absent. */
let editorJson = { syntaxAndOutline: (_languageId: string) => false, completionAndHover: (_doc: TextDocument) => false };
const settings = new SettingsCache(connection, () => canPullConfiguration);

const destinations = [lineDestination((line) => connection.console.log(line))];
let logger = createLogger({ component: 'language-server', destinations });

const validationEnv: ValidationEnvironment = {
  readFile: (p) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  homeDir: os.homedir(),
  xdgConfigHome: process.env.XDG_CONFIG_HOME,
  workspaceFolders: [],
};

// The workspace label model: read in the background after start-up; a change re-validates the open documents
// that hold LogQL.
const labels = new WorkspaceLabelsService({
  connection,
  documents,
  logger: () => logger,
  // Only LogQL (dashboards, .logql, Alloy's stage.match) is checked against the labels.
  onChange: () => {
    for (const doc of documents.all()) {
      void kindOf(doc).then((kind) => {
        if (KINDS_WITH_LOGQL.has(kind)) scheduleValidation(doc);
      });
    }
  },
  classifySettings: async (scopeUri) => (await settings.get(scopeUri)).classify,
  lb: { lbConfigDir: path.dirname(lbPlatformConfigPath(os.homedir(), process.env.XDG_CONFIG_HOME)), lbConfigPath: process.env.LB_CONFIG_PATH, homeDir: os.homedir() },
});
validationEnv.labels = labels.model;
registerLinkChoiceRequest(connection, labels, settings, () => validationEnv.workspaceFolders ?? []);

const context: ServerContext = {
  get logger() {
    return logger;
  },
  validationEnv,
  settings: (uri) => settings.get(uri),
  kindOf: (doc) => kindOf(doc),
  derived: (doc, derive) => derivedValues.get(doc, derive),
  labelValueCount: (loki, name) => labels.lokiValueCount(loki, name),
  labelsCurrent: () => labels.current(),
};

/** A workspace folder's file path; folders that are not valid file URIs (e.g. remote ones) are skipped. */
function folderPath(uri: string): string[] {
  try {
    return [fileURLToPath(uri)];
  } catch {
    return [];
  }
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  if (options.logFile) {
    logger = createLogger({ component: 'language-server', destinations: [...destinations, fileDestination(options.logFile)] });
  }
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  canRegisterFormatting = !!params.capabilities.textDocument?.formatting?.dynamicRegistration;
  const watched = params.capabilities.workspace?.didChangeWatchedFiles;
  watchSupport = { files: !!watched?.dynamicRegistration, relativePatterns: !!watched?.relativePatternSupport };
  canFollowFolders = !!params.capabilities.workspace?.workspaceFolders;
  if (options.editorJson) {
    const covered = jsonValidationCoverage(options.editorJson.jsonValidation);
    editorJson = { syntaxAndOutline: isJsonLanguage, completionAndHover: (doc) => covered(uriToPath(doc.uri), doc.languageId) };
    validationEnv.jsonSyntaxReportedByEditor = (doc) => isJsonLanguage(doc.languageId);
  }
  validationEnv.workspaceFolders = (params.workspaceFolders ?? []).flatMap((f) => folderPath(f.uri));
  moduleLogger(logger, 'server').info(
    { workspaceFolders: validationEnv.workspaceFolders.length },
    `language server ${process.pid} initialized`,
  );
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['"', ':', '{', ',', '=', '|', ' ', '~'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
      documentSymbolProvider: true,
      definitionProvider: true,
      // Folders added or removed later are read into the label model (and leave it).
      workspace: { workspaceFolders: { supported: canFollowFolders, changeNotifications: canFollowFolders } },
      // Only LogQL is formatted; registered for that language alone where the client allows it, so editors do
      // not list us as one more JSON/YAML formatter.
      documentFormattingProvider: !canRegisterFormatting,
    },
  };
});

connection.onInitialized(() => {
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  }
  if (canRegisterFormatting) {
    void connection.client.register(DocumentFormattingRequest.type, { documentSelector: [{ language: 'logql' }] });
  }
  labels.start(validationEnv.workspaceFolders ?? [], watchSupport);
  if (canFollowFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
      const addedPaths = added.flatMap((f) => folderPath(f.uri));
      const removedPaths = removed.flatMap((f) => folderPath(f.uri));
      validationEnv.workspaceFolders = [...(validationEnv.workspaceFolders ?? []).filter((f) => !removedPaths.includes(f)), ...addedPaths];
      labels.foldersChanged(addedPaths, removedPaths);
    });
  }
  // Compile the config schemas before the first document needs them, so the first diagnostics are quick too.
  setImmediate(() => {
    for (const name of ['benchmark_config.json', '.config/lb/platform.json']) {
      validateDocument(TextDocument.create(`file:///warm-up/${name}`, 'json', 0, '{}'), {});
    }
  });
});

connection.onDidChangeConfiguration(() => {
  settings.clear();
  derivedValues.clear();
  labels.settingsChanged();
  for (const doc of documents.all()) scheduleValidation(doc);
});

connection.onNotification(lokiCredentialsNotification, (auth) => {
  settings.setLokiAuth(auth ?? undefined);
});

// Coalesces bursts of edits: only the newest version of a document is validated.
const pending = new Map<string, NodeJS.Immediate>();

function scheduleValidation(doc: TextDocument): void {
  const previous = pending.get(doc.uri);
  if (previous) clearImmediate(previous);
  pending.set(
    doc.uri,
    setImmediate(() => {
      pending.delete(doc.uri);
      void validate(doc);
    }),
  );
}

async function validate(doc: TextDocument): Promise<void> {
  try {
    const s = await settings.get(doc.uri);
    // Loki's LogQL parser is loaded for the first document that holds LogQL, never at start.
    // Alloy's parser likewise, for the first Alloy document (without it an Alloy document says it is unchecked).
    const kind = await kindOf(doc);
    if (ALLOY_KINDS.has(kind)) await loadAlloyParser();
    await loadLokiParserFor(kind, logger);
    // Label warnings need the workspace's labels (read at start) and Loki's (refreshed in the background).
    if (KINDS_WITH_LOGQL.has(kind)) await labels.ready();
    labels.refreshLoki(s.loki);
    // Changed since, or opened again since (a new document, perhaps of the same version): its own validation publishes.
    const current = documents.get(doc.uri);
    if (current !== doc || current.version !== doc.version) return;
    const { diagnostics } = validateDocumentAs(kind, doc, validationEnv);
    await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  } catch (err) {
    // A validator bug must not take the server down; the user sees no diagnostics and the log says why.
    moduleLogger(logger, 'diagnostics').error({ err, uri: doc.uri }, 'validation failed');
  }
}

documents.onDidOpen((e) => scheduleValidation(e.document));
documents.onDidChangeContent((e) => scheduleValidation(e.document));
documents.onDidClose((e) => {
  const previous = pending.get(e.document.uri);
  if (previous) clearImmediate(previous);
  pending.delete(e.document.uri);
  derivedValues.delete(e.document.uri);
  settings.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

const derivedValues = new DocumentCache<ServerContext>(() => context);

// Recognising a file by content scans its text: done once per version, however many features ask.
async function classified(doc: TextDocument): Promise<DocumentKind> {
  return classifyDocument(doc.uri, doc.getText(), (await settings.get(doc.uri)).classify, doc.languageId);
}

const kindOf = (doc: TextDocument) => derivedValues.get(doc, classified);

/** A document too large, or nested too deep for its parser, gets its diagnostic (from core) and no other feature. */
async function featureProviders(doc: TextDocument): Promise<ReturnType<typeof providersFor>> {
  const kind = await kindOf(doc);
  if (tooLargeToCheck(doc.getText())) return [];
  return nestingGuarded(kind) && jsonNestingBeyond(doc.getText()) !== undefined ? [] : providersFor(kind);
}

/** Runs one feature over the providers of a document's kind; a failing provider is logged, not fatal. */
async function withProviders<T>(
  uri: string,
  feature: string,
  run: (doc: TextDocument, providers: ReturnType<typeof providersFor>) => Promise<T>,
  fallback: T,
): Promise<T> {
  const doc = documents.get(uri);
  if (!doc) return fallback;
  try {
    return await run(doc, await featureProviders(doc));
  } catch (err) {
    moduleLogger(logger, feature).error({ err, uri }, `${feature} failed`);
    return fallback;
  }
}

/** The first answer of the document's providers, asked in turn; `fallback` when none answers. */
function firstAnswer<T>(
  uri: string,
  feature: string,
  ask: (provider: LanguageProvider, doc: TextDocument) => Promise<T | null | undefined> | undefined,
  fallback: T,
  leftToEditor: (doc: TextDocument) => boolean = () => false,
): Promise<T> {
  return withProviders(uri, feature, async (doc, ps) => {
    if (leftToEditor(doc)) return fallback;
    for (const p of ps) {
      const result = await ask(p, doc);
      if (result) return result;
    }
    return fallback;
  }, fallback);
}

connection.onCompletion((params) =>
  firstAnswer(params.textDocument.uri, 'completion', (p, doc) => p.completion?.(doc, params, context), null, (doc) => editorJson.completionAndHover(doc)),
);

connection.onHover((params) => firstAnswer(params.textDocument.uri, 'hover', (p, doc) => p.hover?.(doc, params, context), null, (doc) => editorJson.completionAndHover(doc)));

connection.onCodeAction((params) =>
  withProviders(params.textDocument.uri, 'codeAction', async (doc, ps) => {
    const actions = [];
    for (const p of ps) actions.push(...((await p.codeActions?.(doc, params, context)) ?? []));
    return actions;
  }, []),
);

connection.onDocumentSymbol((params) =>
  firstAnswer(params.textDocument.uri, 'documentSymbol', (p, doc) => p.documentSymbols?.(doc, context), [], (doc) => editorJson.syntaxAndOutline(doc.languageId)),
);

connection.onDocumentFormatting((params) => firstAnswer(params.textDocument.uri, 'formatting', (p, doc) => p.formatting?.(doc, params, context), []));

connection.onDefinition((params: DefinitionParams) => firstAnswer(params.textDocument.uri, 'definition', (p, doc) => p.definition?.(doc, params, context), null));

process.on('uncaughtException', (err) => moduleLogger(logger, 'server').error({ err }, 'uncaught exception'));
process.on('unhandledRejection', (err) => moduleLogger(logger, 'server').error({ err }, 'unhandled rejection'));

documents.listen(connection);
connection.listen();
