// The quick fixes our diagnostics carry in `data.fix` (core/validation/embeddedDiagnostic.ts), as code actions.
import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import type { FixData } from '../../core/diagnostics/embeddedDiagnostic';
import { DIAGNOSTIC_SOURCE } from '../../core/diagnostics/types';

/** The fixes of our diagnostics whose code starts with `codePrefix` (`alloy/`, `logql/`). */
export function quickFixes(uri: string, diagnostics: readonly Diagnostic[], codePrefix: string): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const fix = (diagnostic.data as FixData | undefined)?.fix;
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !String(diagnostic.code ?? '').startsWith(codePrefix) || !fix) continue;
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: [TextEdit.replace(fix.range, fix.newText)] } },
    });
  }
  return actions;
}
