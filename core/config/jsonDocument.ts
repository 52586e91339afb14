// Parses a config (or a Grafana dashboard) with jsonc-parser into a tree with offsets, and reports syntax errors
// the way its strict reader would see them (lb uses Python's json module, Grafana Go's: no comments, no trailing
// commas).
import { findNodeAtLocation, getNodeValue, Node, parseTree, ParseError, ParseErrorCode, JSONPath } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { jsonNestingBeyond, TOO_DEEP_MESSAGE } from '../documents/jsonDepth';
import { quoteUserText } from '../text/userText';
import { DIAGNOSTIC_SOURCE } from '../diagnostics/types';

export interface ParsedJson {
  root: Node | undefined;
  value: unknown;
  /** Strict JSON within the nesting limit: without syntax errors the tree is whole (with them, partial; too deep, absent). */
  valid: boolean;
  /** The nesting limit's warning, and the syntax errors unless they were not asked for. */
  syntaxDiagnostics: Diagnostic[];
}

export interface JsonParseOptions {
  /** Who reads the file, for the messages (default LB_READER). */
  reader?: string;
  /** Describe the syntax errors (default true); false where the editor reports JSON syntax itself, or nobody reads them. */
  syntax?: boolean;
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
  [ParseErrorCode.InvalidCommentToken]: 'Comments are not allowed',
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

/** Who reads the file, and how strictly, for the messages: lb (Python's json) and Grafana (Go's) both refuse comments and trailing commas. */
export const LB_READER = 'lb reads configs as strict JSON';
export const GRAFANA_READER = 'Grafana reads dashboards as strict JSON';

/** The tree and value of a JSON document; a document nested too deeply for the parser has neither. */
export function parseJsonDocument(doc: TextDocument, { reader = LB_READER, syntax = true }: JsonParseOptions = {}): ParsedJson {
  const text = doc.getText();
  const deep = jsonNestingBeyond(text);
  if (deep !== undefined) {
    const range = { start: doc.positionAt(deep), end: doc.positionAt(deep + 1) };
    const tooDeep: Diagnostic = { range, severity: DiagnosticSeverity.Warning, message: TOO_DEEP_MESSAGE, code: 'json-too-deep', source: DIAGNOSTIC_SOURCE };
    return { root: undefined, value: undefined, valid: false, syntaxDiagnostics: [tooDeep] };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const value: unknown = root ? getNodeValue(root) : undefined;
  const valid = errors.length === 0;
  return { root, value, valid, syntaxDiagnostics: syntax && !valid ? describeSyntaxErrors(doc, errors, reader) : [] };
}

function describeSyntaxErrors(doc: TextDocument, errors: ParseError[], reader: string): Diagnostic[] {
  const text = doc.getText();
  const syntaxDiagnostics = errors.map((e) => {
    const message = SYNTAX_MESSAGES[e.error] ?? 'Invalid JSON';
    return syntaxDiagnostic(doc, e, e.error === ParseErrorCode.InvalidCommentToken ? `${message}: ${reader}` : message, 'json-syntax');
  });
  // A trailing comma is reported by jsonc-parser as "value expected"/"property name expected"; say what it is.
  // The look-back stops at the first non-space character: testing the whole prefix made many errors quadratic.
  for (const d of syntaxDiagnostics) {
    const offset = doc.offsetAt(d.range.start);
    if (text[offset] !== '}' && text[offset] !== ']') continue;
    let before = offset - 1;
    while (before >= 0 && /\s/.test(text[before])) before--;
    if (text[before] === ',') d.message = `Trailing comma: ${reader}, remove the last ","`;
  }
  // jsonc-parser reports a trailing comma twice (no key, no value): one problem, one diagnostic.
  const seen = new Set<string>();
  const unique = syntaxDiagnostics.filter((d) => {
    const key = `${d.range.start.line}:${d.range.start.character}:${d.message}`;
    return !seen.has(key) && !!seen.add(key);
  });
  return unique;
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

/** `workloads.fio.options[0]`, each key shortened: paths are quoted in messages. */
export function describePath(path: JSONPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? quoteUserText(s, 40) : `.${quoteUserText(s, 40)}`)).join('');
}
