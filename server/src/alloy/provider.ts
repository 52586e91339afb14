// Alloy features of the language server for .alloy files and Alloy embedded in YAML: completion (components,
// arguments, blocks, references such as forward_to receivers, live Loki label names in label stages), hover,
// the quick fixes that travel with the diagnostics, and LogQL hints and Explain on stage.match selectors.
import {
  CodeAction,
  CodeActionKind,
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  InsertTextFormat,
  MarkupKind,
  TextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { AlloyCompletion, completeAlloy, SelectorAtCursor, selectorAt } from '../../../core/alloy/completion';
import { embeddedAlloyConfigs } from '../../../core/alloy/embedded';
import { hoverAlloy } from '../../../core/alloy/hover';
import { matchSelectorHints, matchSelectorQuery } from '../../../core/alloy/matchSelector';
import { parseAlloy } from '../../../core/alloy/parse';
import { loadAlloyParser } from '../../../core/alloy/syntaxWasm';
import { wholeDocument } from '../../../core/alloy/validators';
import type { DocumentKind } from '../../../core/documents/kind';
import { moduleLogger } from '../../../core/logging/logger';
import { completionItems, completionSituation, snippetToPlain } from '../../../core/logql/completion';
import type { EmbeddedQuery } from '../../../core/logql/embedded/embeddedQuery';
import { explainHover } from '../logql/codeActions';
import { LabelSource } from '../logql/labelSource';
import { StreamFacts } from '../logql/streamFacts';
import type { LanguageProvider } from '../providers';
import { quickFixes } from '../quickFixes';
import type { ServerContext } from '../serverContext';

const KINDS: DocumentKind[] = ['alloy', 'alloy-yaml'];

const ITEM_KIND: Record<AlloyCompletion['kind'], CompletionItemKind> = {
  component: CompletionItemKind.Class,
  block: CompletionItemKind.Struct,
  argument: CompletionItemKind.Property,
  reference: CompletionItemKind.Reference,
  label: CompletionItemKind.Field,
};

const HINT_KINDS = { quickfix: CodeActionKind.QuickFix, refactor: CodeActionKind.RefactorRewrite };

let labelSource: LabelSource | undefined;
let streamFacts: StreamFacts | undefined;

/** The configurations of a document (one for .alloy). */
async function configsIn(doc: TextDocument, ctx: ServerContext): Promise<EmbeddedQuery[]> {
  const kind = await ctx.kindOf(doc);
  return kind === 'alloy' ? [wholeDocument(doc.getText())] : embeddedAlloyConfigs(doc.getText()).map((e) => e.config);
}

const configsOf = (doc: TextDocument, ctx: ServerContext) => ctx.derived(doc, configsIn);

async function configAt(doc: TextDocument, offset: number, ctx: ServerContext): Promise<{ config: EmbeddedQuery; offset: number } | undefined> {
  for (const config of await configsOf(doc, ctx)) {
    const at = config.fromDocument(offset);
    if (at !== undefined) return { config, offset: at };
  }
  return undefined;
}

function labels(ctx: ServerContext): LabelSource {
  labelSource ??= new LabelSource((message) => moduleLogger(ctx.logger, 'alloy-labels').warn(message));
  return labelSource;
}

/** The hints of the stage.match selector at `offset`, as code actions of the kinds asked for. */
function selectorHintActions(doc: TextDocument, config: EmbeddedQuery, offset: number, only: string[] | undefined): CodeAction[] {
  const found = matchSelectorQuery(config, offset);
  if (!found) return [];
  const actions: CodeAction[] = [];
  for (const hint of matchSelectorHints(found.query.text)) {
    const kind = HINT_KINDS[hint.kind];
    if (only && !only.some((k) => kind === k || kind.startsWith(`${k}.`))) continue;
    const edit = found.query.edit(hint.start, hint.end, hint.newText);
    const range = { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) };
    actions.push({ title: hint.title, kind, edit: { changes: { [doc.uri]: [TextEdit.replace(range, edit.newText)] } } });
  }
  return actions;
}

/** LogQL completion inside a stage.match selector: label names and values from Loki, as in .logql files. */
async function selectorCompletion(doc: TextDocument, config: EmbeddedQuery, selector: SelectorAtCursor, ctx: ServerContext): Promise<CompletionList> {
  const situation = completionSituation(selector.value, selector.cursor);
  if (situation.kind === 'none') return CompletionList.create([], false);
  const { loki } = await ctx.settings(doc.uri);
  const folders = ctx.validationEnv.workspaceFolders ?? [];
  let answer = { items: [] as string[], complete: true };
  if (situation.kind === 'label-name' || situation.kind === 'grouping-label') answer = await labels(ctx).labelNames(loki, folders);
  else if (situation.kind === 'label-value') answer = await labels(ctx).labelValues(loki, folders, situation.label, '');
  const items = completionItems(situation, answer.items, answer.items);
  const source = selector.toSource(situation.start, situation.end);
  const completions: CompletionItem[] = [];
  for (const c of items) {
    // The text goes into an Alloy double-quoted string: quotes and backslashes escaped as Go reads them.
    const text = JSON.stringify(snippetToPlain(c.insertText)).slice(1, -1);
    const edit = config.edit(source.start, source.end, text);
    const range = { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) };
    if (range.start.line !== range.end.line) continue;
    completions.push({ label: c.label, kind: c.kind === 'value' ? CompletionItemKind.Value : CompletionItemKind.Field, detail: c.detail, textEdit: { range, newText: edit.newText } });
  }
  return CompletionList.create(completions, !answer.complete);
}

export const alloyProvider: LanguageProvider = {
  kinds: KINDS,

  async completion(doc, params, ctx) {
    const found = await configAt(doc, doc.offsetAt(params.position), ctx);
    if (!found) return null;
    const selector = selectorAt(found.config.text, found.offset);
    if (selector) return selectorCompletion(doc, found.config, selector, ctx);
    const result = completeAlloy(found.config.text, found.offset);
    let items = result.items;
    let incomplete = false;
    if (result.labelKey) {
      const { loki } = await ctx.settings(doc.uri);
      const answer = await labels(ctx).labelNames(loki, ctx.validationEnv.workspaceFolders ?? []);
      incomplete = !answer.complete;
      items = answer.items.map((name) => ({ label: name, kind: 'label', insertText: `${name} = ""`, detail: 'Loki label' }));
    }
    const snippets = (await ctx.kindOf(doc)) === 'alloy';
    const completions: CompletionItem[] = [];
    for (const item of items) {
      const text = snippets ? item.insertText : item.insertText.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
      const edit = found.config.edit(result.start, result.end, text);
      const range = { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) };
      if (range.start.line !== range.end.line) continue;
      completions.push({
        label: item.label,
        kind: ITEM_KIND[item.kind],
        detail: item.detail,
        documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
        insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range, newText: edit.newText },
      });
    }
    return CompletionList.create(completions, incomplete);
  },

  async hover(doc, params, ctx) {
    const found = await configAt(doc, doc.offsetAt(params.position), ctx);
    if (!found || !(await loadAlloyParser())) return null;
    // On a stage.match selector's first character: Explain, as on any LogQL query.
    const selector = matchSelectorQuery(found.config, found.offset);
    if (selector?.offset === 0) {
      streamFacts ??= new StreamFacts((message) => moduleLogger(ctx.logger, 'alloy-explain').warn(message));
      const explain = await explainHover(doc, selector.query, (await ctx.settings(doc.uri)).loki, streamFacts);
      if (explain) return explain;
    }
    const { ast } = parseAlloy(found.config.text);
    const hover = ast && hoverAlloy(ast, found.offset);
    if (!hover) return null;
    const span = found.config.toDocumentRange(hover.range.start, hover.range.end);
    return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: { start: doc.positionAt(span.start), end: doc.positionAt(span.end) } };
  },

  async codeActions(doc, params, ctx) {
    const actions: CodeAction[] = quickFixes(doc.uri, params.context.diagnostics, 'alloy/');
    const found = await configAt(doc, doc.offsetAt(params.range.start), ctx);
    // The hints must pass Alloy's own selector parser, so none is offered before it is loaded.
    if (found && (await loadAlloyParser())) actions.push(...selectorHintActions(doc, found.config, found.offset, params.context.only));
    return actions;
  },
};
