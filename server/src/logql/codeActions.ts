// Query hints as code actions, and Explain as hover on a query's first character. With a Loki configured,
// hints are decided from a sample of the selector's recent lines and Explain counts its streams; without one (or
// while Loki has not answered yet), from lb's schema alone.
import { CodeAction, CodeActionKind, MarkupKind, TextEdit } from 'vscode-languageserver/node';
import type { Hover, Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EmbeddedQuery } from '../../../core/logql/embedded/embeddedQuery';
import { explainMarkdown, explainQuery } from '../../../core/logql/explain';
import { queryHints } from '../../../core/logql/hints/queryHints';
import { queryShape } from '../../../core/logql/hints/queryShape';
import { validateLogQL } from '../../../core/logql/validateQuery';
import type { LokiConnection } from '../../../core/loki/connection';
import type { StreamFacts } from './streamFacts';

const KINDS = { quickfix: CodeActionKind.QuickFix, refactor: CodeActionKind.RefactorRewrite };

/** The selector of a query when Loki can be asked about it as is (no Grafana variables, valid). */
function plainSelector(query: EmbeddedQuery): string | undefined {
  const shape = queryShape(query.text);
  if (!shape) return undefined;
  return validateLogQL(shape.selector.text, { grafanaVariables: false }).some((p) => p.severity === 'error') ? undefined : shape.selector.text;
}

export async function hintActions(doc: TextDocument, query: EmbeddedQuery, loki: LokiConnection | undefined, facts: StreamFacts): Promise<CodeAction[]> {
  const selector = loki && plainSelector(query);
  const sample = selector ? await facts.sample(loki, selector) : undefined;
  return queryHints(query.text, query.options, sample).map((hint) => {
    const edit = query.edit(hint.start, hint.end, hint.newText);
    const range: Range = { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) };
    return { title: hint.title, kind: KINDS[hint.kind], edit: { changes: { [doc.uri]: [TextEdit.replace(range, edit.newText)] } } };
  });
}

/** Explain for a query, as hover markdown, with the selector's live numbers when Loki answers in time. */
export async function explainHover(doc: TextDocument, query: EmbeddedQuery, loki: LokiConnection | undefined, facts: StreamFacts): Promise<Hover | undefined> {
  const selector = loki && plainSelector(query);
  const stats = selector ? await facts.stats(loki, selector) : undefined;
  const steps = explainQuery(query.text, stats);
  if (!steps) return undefined;
  const span = query.toDocumentRange(0, Math.min(1, query.text.length));
  return { contents: { kind: MarkupKind.Markdown, value: explainMarkdown(steps) }, range: { start: doc.positionAt(span.start), end: doc.positionAt(span.end) } };
}
