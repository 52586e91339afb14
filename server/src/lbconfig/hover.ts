// Hover on a config key or value: the schema's description, then type, default and bounds (core/config/schemaDocs.ts).
import type { JSONDocument, JSONSchema, LanguageService } from 'vscode-json-languageservice';
import type { Hover, Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { describedWithFacts } from '../../../core/config/schemaDocs';

export function hoverMarkdown(key: string, schema: JSONSchema): string {
  const documentation = describedWithFacts(schema.markdownDescription ?? schema.description, schema);
  return documentation ? `**${key}**\n\n${documentation}` : `**${key}**`;
}

export async function configHover(service: LanguageService, json: JSONDocument, doc: TextDocument, position: Position): Promise<Hover | null> {
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
