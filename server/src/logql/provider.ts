// LogQL features of the language server for .logql files and for LogQL embedded in Grafana dashboards and
// provisioning YAML: completion, hover, quick fixes from diagnostics, and formatting through Loki.
import {
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  InsertTextFormat,
  MarkupKind,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentKind } from '../../../core/documents/kind';
import { completionItems, completionSituation, LogQLCompletion, snippetToPlain } from '../../../core/logql/completion';
import { queriesInDocument, queryAt } from '../../../core/logql/documentQueries';
import type { EmbeddedQuery } from '../../../core/logql/embedded/embeddedQuery';
import { hoverLogQL } from '../../../core/logql/hover';
import { validateLogQL } from '../../../core/logql/validateQuery';
import { moduleLogger } from '../../../core/logging/logger';
import type { LanguageProvider } from '../providers';
import { quickFixes } from '../quickFixes';
import type { ServerContext } from '../serverContext';
import { explainHover, hintActions } from './codeActions';
import { formatLogQLFile } from './formatting';
import { LabelSource } from './labelSource';
import { StreamFacts } from './streamFacts';

const KINDS: DocumentKind[] = ['logql', 'grafana-dashboard', 'grafana-provisioning'];

const ITEM_KIND: Record<LogQLCompletion['kind'], CompletionItemKind> = {
  label: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
  stage: CompletionItemKind.Keyword,
  function: CompletionItemKind.Function,
  duration: CompletionItemKind.Unit,
};

let labelSource: LabelSource | undefined;
let streamFacts: StreamFacts | undefined;

function factsOf(ctx: ServerContext): StreamFacts {
  streamFacts ??= new StreamFacts((message) => moduleLogger(ctx.logger, 'logql-hints').warn(message));
  return streamFacts;
}

/** The queries of a document (completion asks on every keystroke: the server keeps them per version). */
async function queriesIn(doc: TextDocument, ctx: ServerContext): Promise<{ kind: DocumentKind; queries: EmbeddedQuery[] }> {
  const kind = await ctx.kindOf(doc);
  return { kind, queries: queriesInDocument(kind, doc.getText()) };
}

const queriesOf = (doc: TextDocument, ctx: ServerContext) => ctx.derived(doc, queriesIn);

function sourceOf(ctx: ServerContext): LabelSource {
  labelSource ??= new LabelSource((message) => moduleLogger(ctx.logger, 'logql-labels').warn(message));
  return labelSource;
}

async function candidates(query: EmbeddedQuery, offset: number, uri: string, ctx: ServerContext) {
  const situation = completionSituation(query.text, offset);
  if (situation.kind === 'none') return undefined;
  const { loki } = await ctx.settings(uri);
  const folders = ctx.validationEnv.workspaceFolders ?? [];
  const source = sourceOf(ctx);
  let labels: string[] = [];
  let values: string[] = [];
  let complete = true;
  if (situation.kind === 'label-name' || situation.kind === 'grouping-label') {
    const answer = await source.labelNames(loki, folders);
    labels = answer.items;
    complete = answer.complete;
  } else if (situation.kind === 'label-value') {
    // Loki narrows values by the selector only if it is valid plain LogQL (no Grafana variables).
    const selector = validateLogQL(situation.selector, { grafanaVariables: false }).length === 0 ? situation.selector : '';
    const answer = await source.labelValues(loki, folders, situation.label, selector);
    values = answer.items;
    complete = answer.complete;
  }
  return { situation, items: completionItems(situation, labels, values), complete };
}

export const logqlProvider: LanguageProvider = {
  kinds: KINDS,

  async completion(doc, params, ctx) {
    const { kind, queries } = await queriesOf(doc, ctx);
    const found = queryAt(queries, doc.offsetAt(params.position));
    if (!found) return null;
    const result = await candidates(found.query, found.offset, doc.uri, ctx);
    if (!result) return null;
    const { start, end } = result.situation;
    const snippets = kind === 'logql';
    const items: CompletionItem[] = [];
    for (const c of result.items) {
      const text = c.snippet && !snippets ? snippetToPlain(c.insertText) : c.insertText;
      const edit = found.query.edit(start, end, text);
      const range = { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) };
      // An edit that had to rewrite the whole literal cannot be offered as a completion at the cursor.
      if (range.start.line !== range.end.line || edit.end < doc.offsetAt(params.position)) continue;
      items.push({
        label: c.label,
        kind: ITEM_KIND[c.kind],
        detail: c.detail,
        documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
        insertTextFormat: c.snippet && snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range, newText: edit.newText },
        filterText: c.label,
        sortText: c.kind === 'value' ? String(items.length).padStart(5, '0') : undefined,
      });
    }
    return CompletionList.create(items, !result.complete);
  },

  async hover(doc, params, ctx) {
    const { queries } = await queriesOf(doc, ctx);
    const found = queryAt(queries, doc.offsetAt(params.position));
    // On a query's first character: Explain, each step of the query in plain words.
    if (found?.offset === 0) {
      const explain = await explainHover(doc, found.query, (await ctx.settings(doc.uri)).loki, factsOf(ctx));
      if (explain) return explain;
    }
    const hover = found && hoverLogQL(found.query.text, found.offset);
    if (!found || !hover) return null;
    const span = found.query.toDocumentRange(hover.start, hover.end);
    return {
      contents: { kind: MarkupKind.Markdown, value: hover.markdown },
      range: { start: doc.positionAt(span.start), end: doc.positionAt(span.end) },
    };
  },

  async codeActions(doc, params, ctx) {
    const actions = quickFixes(doc.uri, params.context.diagnostics, 'logql/');
    const found = queryAt((await queriesOf(doc, ctx)).queries, doc.offsetAt(params.range.start));
    if (found) {
      const hints = await hintActions(doc, found.query, (await ctx.settings(doc.uri)).loki, factsOf(ctx));
      // Editors ask for some kinds only (e.g. quick fixes on save): a kind is wanted when it starts with one asked.
      const only = params.context.only;
      actions.push(...hints.filter((a) => !only || only.some((k) => a.kind === k || a.kind!.startsWith(`${k}.`))));
    }
    return actions;
  },

  async formatting(doc, _params, ctx) {
    const { kind, queries } = await queriesOf(doc, ctx);
    const { loki } = await ctx.settings(doc.uri);
    if (kind !== 'logql' || !loki) return [];
    return formatLogQLFile(doc, queries, loki, (message) => moduleLogger(ctx.logger, 'logql-format').warn(message));
  },
};
