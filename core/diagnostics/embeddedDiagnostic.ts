// A problem found in text embedded in a document (a LogQL query, an Alloy configuration, or the whole file) as
// an LSP diagnostic at the document's characters. Its fix travels in `data.fix` as one edit already encoded for
// the host (JSON escapes, YAML quoting or indentation), which the language server offers as a quick fix
// (server/src/quickFixes.ts).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from './types';

/** Where embedded text sits in its document, and how an edit of it is written there (logql/'s EmbeddedQuery is one). */
export interface EmbeddedText {
  toDocumentRange(start: number, end: number): { start: number; end: number };
  edit(start: number, end: number, newText: string): { start: number; end: number; newText: string };
}

export interface EmbeddedProblem {
  /** Offsets in the embedded text (UTF-16 code units). */
  start: number;
  end: number;
  severity: keyof typeof SEVERITY;
  message: string;
  code: string;
  /** A replacement of [start, end) of the embedded text by `newText`. */
  fix?: { title: string; start: number; end: number; newText: string };
}

/** What `data` of such a diagnostic carries, for code actions. */
export interface FixData {
  fix?: { title: string; range: Diagnostic['range']; newText: string };
}

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function embeddedDiagnostic(document: TextDocument, embedded: EmbeddedText, problem: EmbeddedProblem): Diagnostic {
  const span = embedded.toDocumentRange(problem.start, problem.end);
  const diagnostic: Diagnostic = {
    range: { start: document.positionAt(span.start), end: document.positionAt(span.end) },
    severity: SEVERITY[problem.severity],
    source: DIAGNOSTIC_SOURCE,
    code: problem.code,
    message: problem.message,
  };
  if (problem.fix) {
    const edit = embedded.edit(problem.fix.start, problem.fix.end, problem.fix.newText);
    const data: FixData = {
      fix: { title: problem.fix.title, range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText },
    };
    diagnostic.data = data;
  }
  return diagnostic;
}
