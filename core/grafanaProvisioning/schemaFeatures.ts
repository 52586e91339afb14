// Completion and hover for Grafana provisioning files, from schemas/grafana/.
import { parseDocument, isMap, isSeq } from 'yaml';
import type { SchemaCompletion, SchemaHover } from '../lokiConfig/schemaFeatures';
import { yamlCursor } from '../lokiConfig/yamlPath';
import { JsonSchema, provisioningSchema, schemaAt } from './schemas';

function schemaOf(text: string) {
  return provisioningSchema([...text.matchAll(/^([A-Za-z]\w*)\s*:/gm)].map((m) => m[1]));
}

/** The `type` of the datasource at `index`, read leniently (the file is being edited). */
function typeReader(text: string): (index: number) => string | undefined {
  const doc = parseDocument(text);
  const list = isMap(doc.contents) ? doc.contents.get('datasources', true) : undefined;
  return (index) => {
    const item = isSeq(list) ? list.items[index] : undefined;
    const type = isMap(item) ? item.get('type') : undefined;
    return typeof type === 'string' ? type : undefined;
  };
}

function typeLabel(schema: JsonSchema): string {
  const t = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return t === 'array' ? 'list' : t === 'object' ? 'block' : t ?? 'value';
}

function documentation(key: string, schema: JsonSchema): string {
  const lines = [`**${key}** (${typeLabel(schema)})`, ''];
  if (schema.description) lines.push(schema.description, '');
  if (schema.enum) lines.push(`One of: ${schema.enum.map((v) => `\`${v}\``).join(', ')}`, '');
  lines.push('_Grafana provisioning_');
  return lines.join('\n');
}

export function provisioningCompletions(text: string, offset: number): SchemaCompletion[] {
  const schema = schemaOf(text);
  if (!schema) return [];
  const cursor = yamlCursor(text, offset);
  const types = typeReader(text);
  if (cursor.valueKey !== undefined) {
    const value = schemaAt(schema, [...cursor.parents, cursor.valueKey], types);
    const values = value?.enum ?? (typeLabel(value ?? {}) === 'boolean' ? ['true', 'false'] : []);
    return values.map((v) => ({ label: v, kind: 'value' as const, detail: cursor.valueKey!, insertText: v }));
  }
  const parent = schemaAt(schema, cursor.parents, types);
  return Object.entries(parent?.properties ?? {}).map(([key, schema]) => ({
    label: key,
    kind: 'key' as const,
    detail: typeLabel(schema),
    documentation: documentation(key, schema),
    insertText: schema.type === 'object' || schema.type === 'array' ? `${key}:\n` : `${key}: `,
  }));
}

export function provisioningHover(text: string, offset: number): SchemaHover | undefined {
  const schema = schemaOf(text);
  if (!schema) return undefined;
  const cursor = yamlCursor(text, offset);
  const key = cursor.key ?? cursor.valueKey;
  if (!key) return undefined;
  const found = schemaAt(schema, [...cursor.parents, key], typeReader(text));
  if (!found) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return { markdown: documentation(key, found), start: lineStart + cursor.start, end: lineStart + cursor.end };
}
