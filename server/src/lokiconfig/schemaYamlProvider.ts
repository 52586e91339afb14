// Completion and hover for YAML files described by a schema (Loki configs, Grafana provisioning files): the
// core computes items and hovers on the text; this turns them into LSP results.
import { CompletionItemKind, MarkupKind } from 'vscode-languageserver/node';
import type { DocumentKind } from '../../../core/documents/kind';
import type { SchemaCompletion, SchemaHover } from '../../../core/lokiConfig/schemaFeatures';
import type { LanguageProvider } from '../providers';

export function schemaYamlProvider(
  kinds: DocumentKind[],
  completions: (text: string, offset: number) => SchemaCompletion[],
  hover: (text: string, offset: number) => SchemaHover | undefined,
): LanguageProvider {
  return {
    kinds,
    async completion(doc, params) {
      const items = completions(doc.getText(), doc.offsetAt(params.position));
      if (items.length === 0) return null;
      return items.map((item) => ({
        label: item.label,
        kind: item.kind === 'key' ? CompletionItemKind.Property : CompletionItemKind.Value,
        detail: item.detail,
        documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
        insertText: item.insertText,
      }));
    },
    async hover(doc, params) {
      const found = hover(doc.getText(), doc.offsetAt(params.position));
      if (!found) return null;
      return {
        contents: { kind: MarkupKind.Markdown, value: found.markdown },
        range: { start: doc.positionAt(found.start), end: doc.positionAt(found.end) },
      };
    },
  };
}
