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
import type { ServerContext } from '../serverContext';
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

/** The config's language service and its parse (completion, hover and symbols come in bursts for one version). */
async function parsedConfigIn(doc: TextDocument, ctx: ServerContext): Promise<{ service: LanguageService; json: JSONDocument } | undefined> {
  const service = jsonServiceFor(await ctx.kindOf(doc));
  return service && { service, json: service.parseJSONDocument(doc) };
}

export const parsedConfig = (doc: TextDocument, ctx: ServerContext) => ctx.derived(doc, parsedConfigIn);
