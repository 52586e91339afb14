// How deeply a JSON text nests, found by a flat scan. The JSON libraries we use (jsonc-parser, the JSON
// language service) and the walks over their trees recurse once per level: past a few thousand levels they
// overflow the stack; YAML's and Alloy's recurse the same way. Every kind but LogQL is checked for it first and
// reads nothing deeper than the limit.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, type Validator } from '../diagnostics/types';
import type { DocumentKind } from './kind';
import { nestingScan } from '../text/nestingDepth';

/** Far beyond any real config or dashboard (a few tens of levels), far below where the parsers overflow. */
export const MAX_JSON_DEPTH = 1000;

const jsonScan = nestingScan({ opens: '{[', closes: '}]' });

/** The offset of the bracket that opens level `limit + 1`, or undefined when the text stays within `limit`. */
export function jsonNestingBeyond(text: string, limit = MAX_JSON_DEPTH): number | undefined {
  return jsonScan(text, limit);
}

export const TOO_DEEP_MESSAGE = `Nested more than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels deep: lb-obs does not check a file this deep`;

/**
 * Kinds whose parsers (JSON, YAML, Alloy) recurse per nesting level: a text nested past the limit gets the
 * warning alone, from validateDocument, and no other feature. LogQL nests parentheses, not brackets: each query
 * is guarded where it is parsed (core/logql/nesting.ts).
 */
export function nestingGuarded(kind: DocumentKind): boolean {
  return kind !== 'logql' && kind !== 'unknown';
}

/** The warning at the bracket past the limit, if the text goes that deep (YAML flow collections nest the same way). */
export const validateNesting: Validator = (doc: TextDocument) => {
  const deep = jsonNestingBeyond(doc.getText());
  if (deep === undefined) return [];
  const range = { start: doc.positionAt(deep), end: doc.positionAt(deep + 1) };
  return [{ range, severity: DiagnosticSeverity.Warning, message: TOO_DEEP_MESSAGE, code: 'json-too-deep', source: DIAGNOSTIC_SOURCE }];
};
