// Parses a config with jsonc-parser into a tree with offsets, and reports syntax errors the way lb's JSON
// reader would see them (lb uses Python's json module: no comments, no trailing commas).
import { findNodeAtLocation, getNodeValue, Node, parseTree, ParseError, ParseErrorCode, JSONPath } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../validation/types';

export interface ParsedJson {
  root: Node | undefined;
  value: unknown;
  syntaxDiagnostics: Diagnostic[];
}

const SYNTAX_MESSAGES: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'Unexpected character: this is not valid JSON here',
  [ParseErrorCode.InvalidNumberFormat]: 'Invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'Expected a key in double quotes',
  [ParseErrorCode.ValueExpected]: 'Expected a value (string, number, true, false, null, object or array)',
  [ParseErrorCode.ColonExpected]: 'Expected ":" after the key',
  [ParseErrorCode.CommaExpected]: 'Expected a comma between entries',
  [ParseErrorCode.CloseBraceExpected]: 'Expected "}" to close the object',
  [ParseErrorCode.CloseBracketExpected]: 'Expected "]" to close the array',
  [ParseErrorCode.EndOfFileExpected]: 'Unexpected text after the end of the JSON document',
  [ParseErrorCode.InvalidCommentToken]: 'Comments are not allowed: lb reads configs as strict JSON',
  [ParseErrorCode.UnexpectedEndOfComment]: 'Unterminated comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'Unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'Unterminated number',
  [ParseErrorCode.InvalidUnicode]: 'Invalid unicode escape in string',
  [ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape character in string',
  [ParseErrorCode.InvalidCharacter]: 'Invalid character in string (control characters must be escaped)',
};

function syntaxDiagnostic(doc: TextDocument, error: ParseError, message: string, code: string): Diagnostic {
  const start = doc.positionAt(error.offset);
  const end = doc.positionAt(error.offset + Math.max(1, error.length));
  return { range: { start, end }, severity: DiagnosticSeverity.Error, message, code, source: DIAGNOSTIC_SOURCE };
}

export function parseJsonDocument(doc: TextDocument): ParsedJson {
  const text = doc.getText();
  const errors: ParseError[] = [];
  let root: Node | undefined;
  let value: unknown;
  try {
    root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
    value = root ? getNodeValue(root) : undefined;
  } catch (err) {
    // jsonc-parser recurses per nesting level: absurdly deep nesting overflows the stack.
    if (!(err instanceof RangeError)) throw err;
    const at = { line: 0, character: 0 };
    const message = 'The JSON is nested too deeply to be read';
    return { root: undefined, value: undefined, syntaxDiagnostics: [{ range: { start: at, end: at }, severity: DiagnosticSeverity.Error, message, code: 'json-syntax', source: DIAGNOSTIC_SOURCE }] };
  }
  const syntaxDiagnostics = errors.map((e) => syntaxDiagnostic(doc, e, SYNTAX_MESSAGES[e.error] ?? 'Invalid JSON', 'json-syntax'));
  // A trailing comma is reported by jsonc-parser as "value expected"/"property name expected"; say what it is.
  // The look-back stops at the first non-space character: testing the whole prefix made many errors quadratic.
  for (const d of syntaxDiagnostics) {
    const offset = doc.offsetAt(d.range.start);
    if (text[offset] !== '}' && text[offset] !== ']') continue;
    let before = offset - 1;
    while (before >= 0 && /\s/.test(text[before])) before--;
    if (text[before] === ',') d.message = 'Trailing comma: lb reads configs as strict JSON, remove the last ","';
  }
  return { root, value, syntaxDiagnostics };
}

/** Converts an ajv instancePath (`/workloads/fio/options/iodepth`) to a jsonc-parser path. */
export function pointerToPath(pointer: string): JSONPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

export function nodeAt(root: Node | undefined, path: JSONPath): Node | undefined {
  return root ? findNodeAtLocation(root, path) : undefined;
}

/**
 * A JSON pointer does not say whether `1` is an array index or an object key such as "1": read each numeric
 * segment as the node it meets requires.
 */
export function alignPath(root: Node | undefined, path: JSONPath): JSONPath {
  const aligned: JSONPath = [];
  let node = root;
  for (const segment of path) {
    const step = node?.type === 'object' ? String(segment) : segment;
    aligned.push(step);
    node = node && findNodeAtLocation(node, [step]);
  }
  return aligned;
}

/** The key node of the property holding `node` (for objects and values inside an object). */
export function keyNodeOf(node: Node | undefined): Node | undefined {
  const parent = node?.parent;
  return parent?.type === 'property' ? parent.children?.[0] : undefined;
}

/** The property node (`"key": value`) named `key` in an object node. */
export function propertyNode(objectNode: Node | undefined, key: string): Node | undefined {
  return objectNode?.children?.find((p) => p.type === 'property' && p.children?.[0].value === key);
}

export function rangeOf(doc: TextDocument, node: Node) {
  return { start: doc.positionAt(node.offset), end: doc.positionAt(node.offset + node.length) };
}

export function describePath(path: JSONPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
