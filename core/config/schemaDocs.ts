// What a config key's documentation says under its description: one line of type, default, bounds and
// deprecation ("Type: integer · Default: `3` · Allowed: > 0"). The language server's hover and the annotation-only
// schemas that VS Code's own JSON support reads (scripts/schemas/annotationsOnly.ts) both build it here, from the
// full schema, so a key reads the same whichever of them shows it.

/** The JSON Schema keywords the facts come from. */
export interface SchemaFactsSource {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  exclusiveMinimum?: number | boolean;
  maximum?: number;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  pattern?: string;
  deprecationMessage?: string;
}

function typeText(schema: SchemaFactsSource): string | undefined {
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' | ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return types.length ? types.join(' | ') : undefined;
}

function boundsText(schema: SchemaFactsSource): string[] {
  const parts: string[] = [];
  if (typeof schema.exclusiveMinimum === 'number') parts.push(`> ${schema.exclusiveMinimum}`);
  if (schema.minimum !== undefined) parts.push(`>= ${schema.minimum}`);
  if (typeof schema.exclusiveMaximum === 'number') parts.push(`< ${schema.exclusiveMaximum}`);
  if (schema.maximum !== undefined) parts.push(`<= ${schema.maximum}`);
  if (schema.minItems !== undefined) parts.push(`at least ${schema.minItems} item(s)`);
  if (schema.pattern) parts.push(`format \`${schema.pattern}\``);
  return parts;
}

/** The facts line, as markdown; undefined when the schema states none of them. */
export function schemaFacts(schema: SchemaFactsSource): string | undefined {
  const facts: string[] = [];
  const type = typeText(schema);
  if (type) facts.push(`Type: ${type}`);
  if (schema.default !== undefined) facts.push(`Default: \`${JSON.stringify(schema.default)}\``);
  const bounds = boundsText(schema);
  if (bounds.length) facts.push(`Allowed: ${bounds.join(', ')}`);
  if (schema.deprecationMessage) facts.push(`Deprecated: ${schema.deprecationMessage}`);
  return facts.length ? facts.join(' · ') : undefined;
}

/** The description (markdown) followed by the facts line, each a paragraph; undefined when both are missing. */
export function describedWithFacts(description: string | undefined, schema: SchemaFactsSource): string | undefined {
  const parts = [description, schemaFacts(schema)].filter((p): p is string => !!p);
  return parts.length ? parts.join('\n\n') : undefined;
}
