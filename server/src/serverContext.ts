// What the language features need from the running server, kept in one object so features stay testable.
import type { Logger } from '../../core/logging/logger';
import type { LokiConnection } from '../../core/loki/connection';
import type { ClassifyOptions, DocumentKind } from '../../core/documents/kind';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ValidationEnvironment } from '../../core/diagnostics/types';

/** Settings under `lbObs.*` that the server reads (per resource, like vscode-eslint). */
export interface ServerSettings {
  classify: ClassifyOptions;
  /** Loki used for LogQL label completion and formatting; undefined when none is configured. */
  loki?: LokiConnection;
}

export interface ServerContext {
  logger: Logger;
  validationEnv: ValidationEnvironment;
  settings(uri: string): Promise<ServerSettings>;
  /** What the document is (lb config, LogQL, dashboard, ...), under the settings for its resource. */
  kindOf(doc: TextDocument): Promise<DocumentKind>;
  /** A value derived from the document's text, computed once per version while it is open (documentCache.ts). */
  derived<T>(doc: TextDocument, derive: (doc: TextDocument, ctx: ServerContext) => T): T;
  /** How many values Loki has for a label in the last 24 hours; undefined without a Loki or an answer. */
  labelValueCount?(loki: LokiConnection | undefined, name: string): Promise<number | undefined>;
  /** Resolves once the label model holds the open documents' current text (their edits are read once typing pauses). */
  labelsCurrent?(): Promise<void>;
}
