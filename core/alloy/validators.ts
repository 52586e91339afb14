// Validators for .alloy files and for YAML holding Alloy configurations: checkAlloy's problems as LSP
// diagnostics at the document's characters (embeddedDiagnostic, as LogQL's). A fix's edits travel as one edit.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { EmbeddedQuery, VERBATIM } from '../logql/embedded/embeddedQuery';
import { embeddedDiagnostic, FixData } from '../diagnostics/embeddedDiagnostic';
import { DIAGNOSTIC_SOURCE, Validator } from '../diagnostics/types';
import { checkAlloy } from './check';
import { embeddedAlloyConfigs } from './embedded';
import { maskHelmTemplates } from './helmTemplates';
import { siblingConfigs } from './siblings';
import type { AlloyFix, AlloyProblem } from './problems';

export type AlloyDiagnosticData = FixData;

/** The fix's edits as one edit of the configuration text (the span they cover, rewritten). */
function combinedEdit(text: string, fix: AlloyFix): { start: number; end: number; newText: string } {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start);
  const start = edits[0].start;
  const end = Math.max(...edits.map((e) => e.end));
  let newText = '';
  let at = start;
  for (const e of edits) {
    newText += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return { start, end, newText: newText + text.slice(at, end) };
}

/**
 * `checked`: the text to check when it differs from the configuration's (same length: Helm actions masked);
 * `siblings`: the other .alloy files of the folder.
 */
export function alloyDiagnostics(document: TextDocument, config: EmbeddedQuery, checked = config.text, siblings: readonly string[] = []): Diagnostic[] {
  return checkAlloy(checked, siblings).problems.map((p) => toDiagnostic(document, config, p));
}

/** An Alloy configuration inside Helm values (rendered with `tpl` by the chart first). */
function helmDiagnostics(document: TextDocument, config: EmbeddedQuery): Diagnostic[] {
  const masked = maskHelmTemplates(config.text);
  if (masked.outside === undefined) return alloyDiagnostics(document, config, masked.text);
  const span = config.toDocumentRange(masked.outside, masked.outside + 2);
  return [
    {
      range: { start: document.positionAt(span.start), end: document.positionAt(span.end) },
      severity: DiagnosticSeverity.Information,
      source: DIAGNOSTIC_SOURCE,
      code: 'alloy/helm-template',
      message: "Helm renders this template action (the Alloy chart passes the content through `tpl`) before Alloy reads the configuration, so it is not checked here: check the output of `helm template` with `lb-obs alloy check`",
    },
  ];
}

function toDiagnostic(document: TextDocument, config: EmbeddedQuery, problem: AlloyProblem): Diagnostic {
  const { fix, ...rest } = problem;
  return embeddedDiagnostic(document, config, fix ? { ...rest, fix: { title: fix.title, ...combinedEdit(config.text, fix) } } : rest);
}

/** The whole document as an Alloy configuration. */
export function wholeDocument(text: string): EmbeddedQuery {
  return new EmbeddedQuery(text, Array.from({ length: text.length + 1 }, (_, i) => i), { start: 0, end: text.length }, VERBATIM, {});
}

export const validateAlloyFile: Validator = (document, env) =>
  alloyDiagnostics(document, wholeDocument(document.getText()), document.getText(), siblingConfigs(document.uri, env));

export const validateEmbeddedAlloy: Validator = (document) =>
  embeddedAlloyConfigs(document.getText()).flatMap((e) => (e.path.startsWith('data.') ? alloyDiagnostics(document, e.config) : helmDiagnostics(document, e.config)));
