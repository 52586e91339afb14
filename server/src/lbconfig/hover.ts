// Hover on a config key or value: the schema's description, then type, default and bounds.
import type { JSONSchema, LanguageService } from 'vscode-json-languageservice';
import type { Hover, Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseForService } from './jsonServices';

function typeText(schema: JSONSchema): string | undefined {
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' | ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return types.length ? types.join(' | ') : undefined;
}

function boundsText(schema: JSONSchema): string[] {
  const parts: string[] = [];
  if (schema.exclusiveMinimum !== undefined && typeof schema.exclusiveMinimum === 'number') parts.push(`> ${schema.exclusiveMinimum}`);
  if (schema.minimum !== undefined) parts.push(`>= ${schema.minimum}`);
  if (schema.exclusiveMaximum !== undefined && typeof schema.exclusiveMaximum === 'number') parts.push(`< ${schema.exclusiveMaximum}`);
  if (schema.maximum !== undefined) parts.push(`<= ${schema.maximum}`);
  if (schema.minItems !== undefined) parts.push(`at least ${schema.minItems} item(s)`);
  if (schema.pattern) parts.push(`format \`${schema.pattern}\``);
  return parts;
}

export function hoverMarkdown(key: string, schema: JSONSchema): string {
  const lines = [`**${key}**`];
  const description = schema.markdownDescription ?? schema.description;
  if (description) lines.push('', description);
  const facts: string[] = [];
  const type = typeText(schema);
  if (type) facts.push(`Type: ${type}`);
  if (schema.default !== undefined) facts.push(`Default: \`${JSON.stringify(schema.default)}\``);
  const bounds = boundsText(schema);
  if (bounds.length) facts.push(`Allowed: ${bounds.join(', ')}`);
  if (schema.deprecationMessage) facts.push(`Deprecated: ${schema.deprecationMessage}`);
  if (facts.length) lines.push('', facts.join(' · '));
  return lines.join('\n');
}

export async function configHover(service: LanguageService, doc: TextDocument, position: Position): Promise<Hover | null> {
  const json = parseForService(service, doc);
  const offset = doc.offsetAt(position);
  let node = json.getNodeFromOffset(offset);
  if (!node) return null;
  // On a key, describe the property's value; on a value, the value itself.
  let keyNode = node;
  if (node.parent?.type === 'property' && node.parent.keyNode === node) {
    node = node.parent.valueNode ?? node;
  } else if (node.parent?.type === 'property') {
    keyNode = node.parent.keyNode;
  } else {
    return null;
  }
  const matches = await service.getMatchingSchemas(doc, json);
  const candidates = matches.filter((m) => m.node === node && !(m as { inverted?: boolean }).inverted).map((m) => m.schema);
  const schema = candidates.find((s) => s.description || s.markdownDescription) ?? candidates[0];
  if (!schema) return null;
  const merged: JSONSchema = Object.assign({}, ...candidates.slice().reverse(), schema);
  return {
    contents: { kind: 'markdown', value: hoverMarkdown(String(keyNode.value ?? ''), merged) },
    range: { start: doc.positionAt(keyNode.offset), end: doc.positionAt(keyNode.offset + keyNode.length) },
  };
}
