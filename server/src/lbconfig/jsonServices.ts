// One vscode-json-languageservice instance per lb config schema (each matches every document it is given), so
// completion, hover and symbols work on files recognised by content or by user globs, not only by name.
import {
  getLanguageService,
  JSONDocument,
  JSONSchema,
  JSONWorkerContribution,
  LanguageService,
} from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentKind } from '../../../core/documents/kind';
import { platformConfigSchema, runConfigSchema } from '../../../core/config/schemas';
import { lbCompletionContribution } from './completionContribution';

function createService(uri: string, schema: object, contributions: JSONWorkerContribution[]): LanguageService {
  const service = getLanguageService({
    contributions,
    clientCapabilities: { textDocument: { completion: { completionItem: { documentationFormat: ['markdown', 'plaintext'], commitCharactersSupport: true } } } },
  });
  service.configure({ validate: false, allowComments: false, schemas: [{ uri, fileMatch: ['*'], schema: schema as JSONSchema }] });
  return service;
}

const services: Partial<Record<DocumentKind, LanguageService>> = {};

export function jsonServiceFor(kind: DocumentKind): LanguageService | undefined {
  if (kind !== 'lb-run-config' && kind !== 'lb-platform-config') return undefined;
  let service = services[kind];
  if (!service) {
    service =
      kind === 'lb-run-config'
        ? createService('lb-obs://schemas/lb-run-config.schema.json', runConfigSchema, [lbCompletionContribution])
        : createService('lb-obs://schemas/lb-platform-config.schema.json', platformConfigSchema, []);
    services[kind] = service;
  }
  return service;
}

export function schemaFor(kind: DocumentKind): JSONSchema | undefined {
  if (kind === 'lb-run-config') return runConfigSchema as JSONSchema;
  if (kind === 'lb-platform-config') return platformConfigSchema as JSONSchema;
  return undefined;
}

// Parsing is cheap but completion, hover and symbols often come in bursts for the same version.
const parsed = new Map<string, { version: number; json: JSONDocument }>();

export function parseForService(service: LanguageService, doc: TextDocument): JSONDocument {
  const cached = parsed.get(doc.uri);
  if (cached && cached.version === doc.version) return cached.json;
  const json = service.parseJSONDocument(doc);
  parsed.set(doc.uri, { version: doc.version, json });
  if (parsed.size > 50) parsed.delete(parsed.keys().next().value as string);
  return json;
}
