// "Explain LogQL Query": the language server's Explain (each step in plain words, with Loki's stream count when
// configured) for the query under the cursor, shown as the hover it gives on the query's first character.
import * as vscode from 'vscode';
import type { Logger } from '../../../core/logging/logger';
import { queriesInDocument, queryAt } from '../../../core/logql/documentQueries';
import { kindOf, QUERY_KINDS } from '../grafana/queryLinks';
import { reportedCommands } from '../reportedCommands';

export const EXPLAIN_COMMAND = 'lbObs.explainQuery';

export function registerExplainCommand(context: vscode.ExtensionContext, log: Logger): void {
  reportedCommands(context, log)(EXPLAIN_COMMAND, async () => {
    const editor = vscode.window.activeTextEditor;
    const kind = editor && kindOf(editor.document);
    const found = editor && kind && QUERY_KINDS.includes(kind) ? queryAt(queriesInDocument(kind, editor.document.getText()), editor.document.offsetAt(editor.selection.active)) : undefined;
    if (!editor || !found) throw new Error('Put the cursor in a LogQL query to explain it.');
    const start = editor.document.positionAt(found.query.toDocument(0));
    editor.selection = new vscode.Selection(start, start);
    editor.revealRange(new vscode.Range(start, start));
    await vscode.commands.executeCommand('editor.action.showHover');
  });
}
