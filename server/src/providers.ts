// Language features other than diagnostics, per kind of document. Diagnostics come from core's
// validateDocument so that the CLI reports exactly what the editor shows.
import type {
  CodeAction,
  CodeActionParams,
  CompletionItem,
  CompletionList,
  CompletionParams,
  DefinitionParams,
  DocumentFormattingParams,
  DocumentSymbol,
  Hover,
  HoverParams,
  Location,
  TextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentKind } from '../../core/documents/kind';
import { alloyProvider } from './alloy/provider';
import { labelsProvider } from './labels/provider';
import { lbConfigProvider } from './lbconfig/provider';
import { logqlProvider } from './logql/provider';
import { lokiConfigProvider } from './lokiconfig/provider';
import { provisioningProvider } from './provisioning/provider';
import type { ServerContext } from './serverContext';

export interface LanguageProvider {
  kinds: DocumentKind[];
  completion?(doc: TextDocument, params: CompletionParams, ctx: ServerContext): Promise<CompletionList | CompletionItem[] | null>;
  hover?(doc: TextDocument, params: HoverParams, ctx: ServerContext): Promise<Hover | null>;
  codeActions?(doc: TextDocument, params: CodeActionParams, ctx: ServerContext): Promise<CodeAction[]>;
  documentSymbols?(doc: TextDocument, ctx: ServerContext): Promise<DocumentSymbol[]>;
  formatting?(doc: TextDocument, params: DocumentFormattingParams, ctx: ServerContext): Promise<TextEdit[]>;
  definition?(doc: TextDocument, params: DefinitionParams, ctx: ServerContext): Promise<Location[] | null>;
}

// The labels provider first: on a label name its hover (where the label comes from) is the one shown.
export const providers: LanguageProvider[] = [labelsProvider, lbConfigProvider, logqlProvider, lokiConfigProvider, provisioningProvider, alloyProvider];

export function providersFor(kind: DocumentKind): LanguageProvider[] {
  return providers.filter((p) => p.kinds.includes(kind));
}
