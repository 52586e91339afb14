// Validators for the documents that hold LogQL (.logql files, Grafana dashboards, provisioning and alert
// rule YAML): every query is checked with validateLogQL and its problems become LSP diagnostics at the exact
// document characters. A fix travels in `data.fix`, already encoded for the host (JSON escapes, YAML quoting).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { DocumentKind } from '../documents/kind';
import { DIAGNOSTIC_SOURCE, Validator } from '../validation/types';
import { queriesInDocument } from './documentQueries';
import type { EmbeddedQuery } from './embedded/embeddedQuery';
import { LogQLProblem, validateLogQL } from './validateQuery';

/** What `data` of a LogQL diagnostic carries, for code actions. */
export interface LogQLDiagnosticData {
  fix?: { title: string; range: Diagnostic['range']; newText: string };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information };

export function problemToDiagnostic(document: TextDocument, query: EmbeddedQuery, problem: LogQLProblem): Diagnostic {
  const span = query.toDocumentRange(problem.start, problem.end);
  const diagnostic: Diagnostic = {
    range: { start: document.positionAt(span.start), end: document.positionAt(span.end) },
    severity: SEVERITY[problem.severity],
    source: DIAGNOSTIC_SOURCE,
    code: problem.code,
    message: problem.message,
  };
  if (problem.fix) {
    const edit = query.edit(problem.fix.start, problem.fix.end, problem.fix.newText);
    const data: LogQLDiagnosticData = {
      fix: { title: problem.fix.title, range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText },
    };
    diagnostic.data = data;
  }
  return diagnostic;
}

function validatorFor(kind: DocumentKind): Validator {
  return (document) =>
    queriesInDocument(kind, document.getText()).flatMap((query) =>
      validateLogQL(query.text, query.options).map((problem) => problemToDiagnostic(document, query, problem)),
    );
}

export const validateLogQLFile = validatorFor('logql');
export const validateDashboardLogQL = validatorFor('grafana-dashboard');
export const validateProvisioningLogQL = validatorFor('grafana-provisioning');
