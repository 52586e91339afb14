// A dashboard file Grafana cannot read is refused whole (provisioning logs an error and skips it, the import
// dialog rejects it): its JSON syntax errors are reported as errors, worded for Grafana's strict reader.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { GRAFANA_READER, parseJsonDocument } from '../config/jsonDocument';
import type { ValidationEnvironment, Validator } from '../diagnostics/types';

export const validateDashboardJson: Validator = (doc: TextDocument, env: ValidationEnvironment) =>
  parseJsonDocument(doc, { reader: GRAFANA_READER, syntax: !env.jsonSyntaxReportedByEditor?.(doc) }).syntaxDiagnostics;
