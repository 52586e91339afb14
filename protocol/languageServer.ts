// The custom messages between the extension (client/src) and the language server (server/src), declared once and
// imported by both ends, as vscode-eslint's `$shared` does. Both ends use the same vscode-languageserver-protocol
// (the client and server libraries of one release), so these objects are the ones their connections expect.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { JsonValidationContribution } from '../core/documents/jsonValidationCoverage';
import type { LokiAuth } from '../core/loki/connection';
import type { LinkChoiceParams, LinkChoiceResult } from './linkChoice';
import { LINK_CHOICE_REQUEST } from './linkChoice';

/** What the extension tells the server at start-up. */
export interface InitializationOptions {
  /** JSONL file for the server's own logs, in the extension's log folder. */
  logFile?: string;
  /**
   * Present when the editor's own JSON support runs beside the server (VS Code): it reports JSON syntax errors
   * and outlines every JSON file, and completes and hovers the files of these `jsonValidation` contributions, so
   * the server leaves those features to it.
   */
  editorJson?: { jsonValidation: JsonValidationContribution[] };
}

/** Loki credentials from the extension's SecretStorage (they never travel in settings); null when none are set. */
export const lokiCredentialsNotification = new NotificationType<LokiAuth | null>('lbObs/lokiCredentials');

/** The form of an Airflow or Flyte link when the user set none (protocol/linkChoice.ts checks the parameters). */
export const linkChoiceRequest = new RequestType<LinkChoiceParams, LinkChoiceResult, void>(LINK_CHOICE_REQUEST);
