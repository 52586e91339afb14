// The shape every validator produces: LSP diagnostics, so that the language server publishes them unchanged
// and the CLI prints the very same ranges.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { LabelModel } from '../labelModel/labelModel';

export const DIAGNOSTIC_SOURCE = 'lb-obs';

/** What a validator may know about its surroundings; all optional so the CLI and tests can pass little. */
export interface ValidationEnvironment {
  /** Reads a file; returns undefined when it does not exist or cannot be read. */
  readFile?(path: string): string | undefined;
  /** The user's home directory (for `~/.config/lb/platform.json`). */
  homeDir?: string;
  /** `$XDG_CONFIG_HOME` when set. */
  xdgConfigHome?: string;
  /** Workspace folder paths, to find a workspace `platform.json`. */
  workspaceFolders?: string[];
  /** The workspace's label model, for LogQL's label warnings; without it no label is reported. */
  labels?: LabelModel;
  /**
   * Whether the editor reports this document's JSON syntax errors itself (VS Code's JSON support, as the language
   * server is told at start-up): then they are not described again. The CLI reports them.
   */
  jsonSyntaxReportedByEditor?(document: TextDocument): boolean;
}

export type Validator = (document: TextDocument, env: ValidationEnvironment) => Diagnostic[];
