// Validates a parsed config against its JSON Schema with ajv and turns ajv's errors into diagnostics in the
// user's terms, placed on the key or value at fault.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../diagnostics/types';
import { printable, quoteUserText, shortenQuoted } from '../text/userText';
import { didYouMean } from '../text/didYouMean';
import type { JSONPath } from 'jsonc-parser';
import { alignPath, describePath, keyNodeOf, nodeAt, pointerToPath, rangeOf } from './jsonDocument';
import { laxValue } from './laxValues';

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

type Schema = Record<string, unknown>;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${printable(JSON.stringify(shortenQuoted(value, 40)))}`;
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function typeList(types: string | string[]): string {
  const list = (Array.isArray(types) ? types : [types]).map((t) => TYPE_NAMES[t] ?? t);
  return list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}` : list[0];
}

function keyName(path: (string | number)[]): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'The config';
  return `"${describePath(path)}"`;
}

interface Mapped {
  node: Node | undefined;
  /** Mark the key rather than the value (unknown keys, missing keys). */
  onKey: boolean;
  severity: DiagnosticSeverity;
  message: string;
  code: string;
  data?: unknown;
}

/** The limit of `schema` that `value` (a converted one) breaks, in words, or undefined. */
function limitViolated(schema: Schema, value: number | boolean): string | undefined {
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    const allowed = schema.enum.map((v) => JSON.stringify(v));
    return allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`;
  }
  if (typeof value !== 'number') return undefined;
  const limit = (keyword: string) => (typeof schema[keyword] === 'number' ? (schema[keyword] as number) : undefined);
  const min = limit('minimum');
  const exclusiveMin = limit('exclusiveMinimum');
  const max = limit('maximum');
  if (min !== undefined && value < min) return `at least ${min}`;
  if (exclusiveMin !== undefined && value <= exclusiveMin) return `greater than ${exclusiveMin}`;
  if (max !== undefined && value > max) return `at most ${max}`;
  return undefined;
}

/** What lb tolerates in a config beyond its types: such problems are warnings that say why. */
export interface Leniency {
  /** Why lb never reads the value at `path`, if it does not. */
  unread?(path: JSONPath): string | undefined;
  /** Why a value of the wrong type at exactly `path` does not stop lb (it skips the value), if it does not. */
  skippedWhenMistyped?(path: JSONPath): string | undefined;
}

/** One ajv error with what every keyword's message needs. */
interface Failure {
  root: Node | undefined;
  path: JSONPath;
  error: ErrorObject;
  /** The value's node, the key's name as the message says it, ajv's params and the schema that failed. */
  node: Node | undefined;
  name: string;
  params: Record<string, unknown>;
  parentSchema: Schema;
}

/** The common case: an error on the value at fault. */
const valueError = (f: Failure, code: string, message: string): Mapped => ({ node: f.node, onKey: false, severity: DiagnosticSeverity.Error, message, code });

function unknownKey({ root, path, params, parentSchema }: Failure): Mapped {
  const key = String(params.additionalProperty);
  const known = Object.keys((parentSchema.properties as Schema | undefined) ?? {});
  const suggestion = didYouMean(key, known);
  const where = path.length ? ` in ${describePath(path)}` : '';
  return {
    node: nodeAt(root, [...path, key]),
    onKey: true,
    severity: DiagnosticSeverity.Warning,
    message:
      `Unknown key "${quoteUserText(key)}"${where}: lb ignores it, so it has no effect.` +
      (suggestion ? ` Did you mean "${suggestion}"?` : known.length ? ` Known keys: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}.` : ''),
    code: 'unknown-key',
    data: { key, suggestion, path: [...path, key] },
  };
}

function missingKey({ node, path, name, params }: Failure): Mapped {
  const key = String(params.missingProperty);
  return {
    node,
    onKey: true,
    severity: DiagnosticSeverity.Error,
    message: `${path.length ? name : 'The config'} is missing the required key "${key}".`,
    code: 'missing-required',
    data: { key, path },
  };
}

function wrongType(f: Failure): Mapped {
  const { error, name, params, parentSchema } = f;
  const expected = params.type as string | string[];
  const lax = laxValue(expected, error.data);
  if (lax === undefined) return valueError(f, 'wrong-type', `${name} must be ${typeList(expected)}, not ${jsonType(error.data)}.`);
  const violation = limitViolated(parentSchema, lax);
  if (violation) return valueError(f, 'out-of-range', `${name} must be ${violation}: lb converts ${jsonType(error.data)} to ${JSON.stringify(lax)}.`);
  return {
    ...valueError(f, 'loose-type', `${name} should be ${typeList(expected)}: lb's loader converts ${jsonType(error.data)}, but write ${JSON.stringify(lax)}.`),
    severity: DiagnosticSeverity.Warning,
    data: { replacement: lax },
  };
}

const outOfRange = (op: string) => (f: Failure) => valueError(f, 'out-of-range', `${f.name} must be ${op} ${f.params.limit} (it is ${f.error.data}).`);

function notAllowed(f: Failure): Mapped | undefined {
  const { error, name, params, parentSchema } = f;
  // A value lb converts is judged, converted, by its type error.
  if (parentSchema.type !== undefined && laxValue(parentSchema.type as string | string[], error.data) !== undefined) return undefined;
  const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
  const suggestion = typeof error.data === 'string' ? didYouMean(error.data, (params.allowedValues as unknown[]).map(String)) : undefined;
  return {
    ...valueError(f, 'not-allowed-value', `${name} must be one of ${allowed.join(', ')}, not ${jsonType(error.data)}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`),
    data: suggestion ? { suggestion } : undefined,
  };
}

function badFormat(f: Failure): Mapped {
  const custom = (f.parentSchema.patternErrorMessage ?? f.parentSchema.errorMessage) as string | undefined;
  return valueError(
    f,
    'bad-format',
    custom ? `${f.name}: ${custom.replace(/\.$/, '')}, not ${jsonType(f.error.data)}.` : `${f.name} must match the pattern ${f.params.pattern}, not ${jsonType(f.error.data)}.`,
  );
}

/** The combinator's summary adds nothing for the user: the branch's own errors are reported. */
const summary = () => undefined;

/** Each ajv keyword's error in the user's terms; a keyword not listed gets ajv's own message. */
const BY_KEYWORD: Record<string, (f: Failure) => Mapped | undefined> = {
  additionalProperties: unknownKey,
  required: missingKey,
  type: wrongType,
  minimum: outOfRange('at least'),
  maximum: outOfRange('at most'),
  exclusiveMinimum: outOfRange('greater than'),
  exclusiveMaximum: outOfRange('less than'),
  enum: notAllowed,
  pattern: badFormat,
  minItems: (f) => valueError(f, 'too-few-items', `${f.name} needs at least ${f.params.limit} item${f.params.limit === 1 ? '' : 's'}.`),
  maxItems: (f) => valueError(f, 'too-many-items', `${f.name} allows at most ${f.params.limit} items.`),
  minLength: (f) =>
    valueError(f, 'too-short', f.params.limit === 1 ? `${f.name} must not be empty.` : `${f.name} must be at least ${f.params.limit} characters long.`),
  maxLength: (f) => valueError(f, 'too-long', `${f.name} must be at most ${f.params.limit} characters long.`),
  uniqueItems: (f) => ({
    ...valueError(f, 'duplicate-item', `${f.name} must not repeat items: items ${f.params.j} and ${f.params.i} are equal.`),
    node: nodeAt(f.root, [...f.path, f.params.i as number]) ?? f.node,
  }),
  if: summary,
  anyOf: summary,
  oneOf: summary,
};

function mapError(root: Node | undefined, path: JSONPath, error: ErrorObject): Mapped | undefined {
  const failure: Failure = {
    root,
    path,
    error,
    node: nodeAt(root, path),
    name: keyName(path),
    params: error.params as Record<string, unknown>,
    parentSchema: (error.parentSchema ?? {}) as Schema,
  };
  const map = Object.hasOwn(BY_KEYWORD, error.keyword) ? BY_KEYWORD[error.keyword] : undefined;
  return map ? map(failure) : valueError(failure, 'schema', `${failure.name}: ${error.message ?? 'invalid value'}.`);
}

/** A type error lb tolerates becomes a warning; an error in a value lb never reads becomes a warning too. */
function applyLeniency(mapped: Mapped, path: JSONPath, error: ErrorObject, leniency: Leniency): Mapped {
  const skipped = error.keyword === 'type' && mapped.severity === DiagnosticSeverity.Error ? leniency.skippedWhenMistyped?.(path) : undefined;
  if (skipped) return { ...mapped, severity: DiagnosticSeverity.Warning, message: `${mapped.message} ${skipped}` };
  const unread = mapped.severity === DiagnosticSeverity.Error ? leniency.unread?.(path) : undefined;
  if (unread) return { ...mapped, severity: DiagnosticSeverity.Warning, message: `${mapped.message} ${unread}` };
  return mapped;
}

export function schemaDiagnostics(doc: TextDocument, root: Node | undefined, value: unknown, schema: object, leniency: Leniency = {}): Diagnostic[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const path = alignPath(root, pointerToPath(error.instancePath));
    const found = mapError(root, path, error);
    if (!found) continue;
    const mapped = applyLeniency(found, path, error, leniency);
    const target = (mapped.onKey ? keyNodeOf(mapped.node) ?? mapped.node : mapped.node) ?? root;
    if (!target) continue;
    const range = mapped.onKey && mapped.node && mapped.node.type === 'object' && !keyNodeOf(mapped.node)
      ? { start: doc.positionAt(mapped.node.offset), end: doc.positionAt(mapped.node.offset + 1) }
      : rangeOf(doc, target);
    const id = `${range.start.line}:${range.start.character}:${mapped.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    diagnostics.push({ range, severity: mapped.severity, message: mapped.message, code: mapped.code, source: DIAGNOSTIC_SOURCE, data: mapped.data });
  }
  return diagnostics;
}
