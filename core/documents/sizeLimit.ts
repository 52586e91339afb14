// The largest document lb-obs checks. No config, dashboard or query file comes near; checking costs memory in
// proportion to the text, and a 200 MB file would exhaust the process (the language server for every file).
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../diagnostics/types';

export const MAX_CHECKED_BYTES = 32 * 1024 * 1024;

export const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** Whether a text is beyond the limit (a UTF-16 length bounds its UTF-8 size from below, so this is exact enough). */
export function tooLargeToCheck(text: string): boolean {
  return text.length > MAX_CHECKED_BYTES;
}

/** The one diagnostic of a document too large to check, at its start. */
export function tooLargeDiagnostic(text: string): Diagnostic {
  const at = { line: 0, character: 0 };
  return {
    range: { start: at, end: at },
    severity: DiagnosticSeverity.Warning,
    message: `This file is ${megabytes(text.length)}; lb-obs checks files of at most ${megabytes(MAX_CHECKED_BYTES)}, so nothing in it was checked`,
    code: 'too-large',
    source: DIAGNOSTIC_SOURCE,
  };
}
