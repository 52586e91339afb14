// Validators for the documents that hold LogQL (.logql files, Grafana dashboards, provisioning and alert
// rule YAML): every query is checked with validateLogQL and its problems become LSP diagnostics at the exact
// document characters. A fix travels in `data.fix`, already encoded for the host (JSON escapes, YAML quoting).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { DocumentKind } from '../documents/kind';
import { embeddedDiagnostic, FixData } from '../diagnostics/embeddedDiagnostic';
import type { ValidationEnvironment, Validator } from '../diagnostics/types';
import { queriesInDocument } from './documentQueries';
import type { EmbeddedQuery } from './embedded/embeddedQuery';
import { labelWarnings } from './labelWarnings';
import { LogQLProblem, validateLogQL } from './validateQuery';

/** What `data` of a LogQL diagnostic carries, for code actions. */
export type LogQLDiagnosticData = FixData;

export function problemToDiagnostic(document: TextDocument, query: EmbeddedQuery, problem: LogQLProblem): Diagnostic {
  return embeddedDiagnostic(document, query, problem);
}

/** The workspace label warnings of a query Loki accepts (a broken query gets its syntax errors alone). */
function withLabelWarnings(query: EmbeddedQuery, problems: LogQLProblem[], env: ValidationEnvironment): LogQLProblem[] {
  if (problems.some((p) => p.severity === 'error')) return problems;
  return [...problems, ...labelWarnings(query.text, env.labels, { grafanaVariables: query.options.grafanaVariables })];
}

function validatorFor(kind: DocumentKind): Validator {
  return (document, env) =>
    queriesInDocument(kind, document.getText()).flatMap((query) =>
      withLabelWarnings(query, validateLogQL(query.text, query.options), env).map((problem) => problemToDiagnostic(document, query, problem)),
    );
}

export const validateLogQLFile = validatorFor('logql');
export const validateDashboardLogQL = validatorFor('grafana-dashboard');
export const validateProvisioningLogQL = validatorFor('grafana-provisioning');
