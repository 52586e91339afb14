// Small constructors for JSON Schema nodes, so that the tables in the other modules read as data: one entry
// per lb setting with its description, default and bounds.

export type JsonSchema = { [keyword: string]: unknown };

interface Annotations {
  /** lb's default; left out where lb computes the value at run time. */
  default?: unknown;
  /** lb types the field `X | None`: null is accepted and, unless `default` says otherwise, is the default. */
  nullable?: boolean;
  /** Values offered by completion where the set is open (lb passes them through to a tool). */
  examples?: unknown[];
}

interface NumberOptions extends Annotations {
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
}

interface StringOptions extends Annotations {
  minLength?: number;
  pattern?: string;
  /** Shown by VS Code (and the language server) instead of the raw pattern. */
  patternErrorMessage?: string;
  enum?: string[];
  enumDescriptions?: string[];
}

interface ListOptions {
  default?: unknown[];
  minItems?: number;
  examples?: unknown[];
}

interface ObjectOptions {
  required?: string[];
  nullable?: boolean;
  defaultSnippets?: JsonSchema[];
}

/**
 * Every node gets a plain `description` (ajv users, CLI messages) and, when the text has code spans, the same
 * text as `markdownDescription` for VS Code's hover.
 */
export function docs(text: string): JsonSchema {
  const plain = text.replace(/`/g, '');
  return plain === text ? { description: text } : { description: plain, markdownDescription: text };
}

function typeName(type: string, nullable: boolean | undefined): string | string[] {
  return nullable ? [type, 'null'] : type;
}

function annotations(a: Annotations): JsonSchema {
  const out: JsonSchema = {};
  if (a.default !== undefined) out.default = a.default;
  else if (a.nullable) out.default = null;
  if (a.examples) out.examples = a.examples;
  return out;
}

function bounds(o: NumberOptions): JsonSchema {
  const out: JsonSchema = {};
  if (o.minimum !== undefined) out.minimum = o.minimum;
  if (o.exclusiveMinimum !== undefined) out.exclusiveMinimum = o.exclusiveMinimum;
  if (o.maximum !== undefined) out.maximum = o.maximum;
  return out;
}

export function integer(doc: string, o: NumberOptions = {}): JsonSchema {
  return { type: typeName('integer', o.nullable), ...docs(doc), ...annotations(o), ...bounds(o) };
}

export function number(doc: string, o: NumberOptions = {}): JsonSchema {
  return { type: typeName('number', o.nullable), ...docs(doc), ...annotations(o), ...bounds(o) };
}

export function boolean(doc: string, defaultValue: boolean): JsonSchema {
  return { type: 'boolean', ...docs(doc), default: defaultValue };
}

export function string(doc: string, o: StringOptions = {}): JsonSchema {
  const out: JsonSchema = { type: typeName('string', o.nullable), ...docs(doc), ...annotations(o) };
  if (o.enum) out.enum = o.nullable ? [...o.enum, null] : o.enum;
  if (o.enumDescriptions) out.enumDescriptions = o.nullable ? [...o.enumDescriptions, 'Not set.'] : o.enumDescriptions;
  if (o.minLength !== undefined) out.minLength = o.minLength;
  if (o.pattern) out.pattern = o.pattern;
  if (o.patternErrorMessage) out.patternErrorMessage = o.patternErrorMessage;
  return out;
}

/** A string constant, used as the discriminator of a union member. */
export function constant(doc: string, value: string): JsonSchema {
  return { type: 'string', ...docs(doc), const: value };
}

export function list(doc: string, items: JsonSchema, o: ListOptions = {}): JsonSchema {
  const out: JsonSchema = { type: 'array', ...docs(doc) };
  if (o.default) out.default = o.default;
  if (o.examples) out.examples = o.examples;
  out.items = items;
  if (o.minItems !== undefined) out.minItems = o.minItems;
  return out;
}

export function stringList(doc: string, o: ListOptions = {}): JsonSchema {
  return list(doc, { type: 'string' }, o);
}

/** An object whose keys lb fixes: anything else is ignored by lb, so the schema rejects it (the validator warns). */
export function object(doc: string, properties: Record<string, JsonSchema>, o: ObjectOptions = {}): JsonSchema {
  const out: JsonSchema = { type: typeName('object', o.nullable), ...docs(doc), properties };
  if (o.required) out.required = o.required;
  out.additionalProperties = false;
  if (o.defaultSnippets) out.defaultSnippets = o.defaultSnippets;
  return out;
}

/** A real map: any key, each value described by `value`. */
export function map(doc: string, value: JsonSchema, o: { defaultSnippets?: JsonSchema[]; properties?: Record<string, JsonSchema> } = {}): JsonSchema {
  const out: JsonSchema = { type: 'object', ...docs(doc) };
  if (o.properties) out.properties = o.properties;
  out.additionalProperties = value;
  if (o.defaultSnippets) out.defaultSnippets = o.defaultSnippets;
  return out;
}

export function stringMap(doc: string, valueDoc: string): JsonSchema {
  return map(doc, { type: 'string', ...docs(valueDoc) });
}

/** A reference to a definition; the description is repeated so that hover on the key explains it in context. */
export function ref(definition: string, doc: string): JsonSchema {
  return { $ref: `#/definitions/${definition}`, ...docs(doc) };
}

/** Keeps only the named properties, in the given order (for blocks that accept a subset of another block). */
export function pick(properties: Record<string, JsonSchema>, keys: string[]): Record<string, JsonSchema> {
  return Object.fromEntries(keys.map((k) => {
    if (!(k in properties)) throw new Error(`pick: no property "${k}"`);
    return [k, properties[k]];
  }));
}
