// One entry point for all diagnostics: the language server and `lb-obs validate` both call it.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { classifyDocument, ClassifyOptions, DocumentKind } from '../documents/kind';
import { nestingGuarded, validateNesting } from '../documents/jsonDepth';
import { tooLargeDiagnostic, tooLargeToCheck } from '../documents/sizeLimit';
import { validatorsByKind } from './registry';
import type { ValidationEnvironment } from '../diagnostics/types';

export interface ValidationResult {
  kind: DocumentKind;
  diagnostics: Diagnostic[];
}

export function validateDocument(
  document: TextDocument,
  env: ValidationEnvironment = {},
  classify: ClassifyOptions = {},
): ValidationResult {
  return validateDocumentAs(classifyDocument(document.uri, document.getText(), classify, document.languageId), document, env);
}

/** The diagnostics of a document whose kind the caller already knows (the server keeps it per version). */
export function validateDocumentAs(kind: DocumentKind, document: TextDocument, env: ValidationEnvironment = {}): ValidationResult {
  if (kind !== 'unknown' && tooLargeToCheck(document.getText())) return { kind, diagnostics: [tooLargeDiagnostic(document.getText())] };
  if (nestingGuarded(kind)) {
    const tooDeep = validateNesting(document, env);
    if (tooDeep.length) return { kind, diagnostics: tooDeep };
  }
  const diagnostics: Diagnostic[] = [];
  for (const validator of validatorsByKind[kind] ?? []) diagnostics.push(...validator(document, env));
  diagnostics.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return { kind, diagnostics };
}
