// Quick fixes for lb config diagnostics: rename a misspelt key or value, write a loosely typed value properly,
// add a missing `plugin`, migrate the deprecated dfaas `rates` to `rate_strategy`.
import { findNodeAtOffset, Node, parseTree } from 'jsonc-parser';
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { BUILTIN_PLUGINS } from '../../../core/config/schemas';
import { DIAGNOSTIC_SOURCE } from '../../../core/diagnostics/types';

function quickFix(title: string, doc: TextDocument, diagnostic: Diagnostic, edits: TextEdit[], preferred = true): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred, edit: { changes: { [doc.uri]: edits } } };
}

function indentOf(doc: TextDocument, offset: number): string {
  const pos = doc.positionAt(offset);
  const line = doc.getText({ start: { line: pos.line, character: 0 }, end: pos });
  return /^\s*/.exec(line)?.[0] ?? '';
}

function guessPlugin(workloadName: string): string {
  const lower = workloadName.toLowerCase();
  return BUILTIN_PLUGINS.find((p) => lower === p) ?? BUILTIN_PLUGINS.filter((p) => lower.includes(p)).sort((a, b) => b.length - a.length)[0] ?? '';
}

function addPlugin(doc: TextDocument, root: Node, diagnostic: Diagnostic): CodeAction | undefined {
  const keyNode = findNodeAtOffset(root, doc.offsetAt(diagnostic.range.start));
  const objectNode = keyNode?.parent?.type === 'property' ? keyNode.parent.children?.[1] : undefined;
  if (objectNode?.type !== 'object') return undefined;
  const plugin = guessPlugin(String(keyNode?.value ?? ''));
  const inner = indentOf(doc, objectNode.offset) + '  ';
  const hasEntries = (objectNode.children?.length ?? 0) > 0;
  const text = `\n${inner}"plugin": "${plugin}"${hasEntries ? ',' : `\n${indentOf(doc, objectNode.offset)}`}`;
  const at = doc.positionAt(objectNode.offset + 1);
  return quickFix(plugin ? `Add "plugin": "${plugin}"` : 'Add the required "plugin" key', doc, diagnostic, [TextEdit.insert(at, text)]);
}

function migrateRates(doc: TextDocument, root: Node, diagnostic: Diagnostic): CodeAction | undefined {
  const keyNode = findNodeAtOffset(root, doc.offsetAt(diagnostic.range.start));
  const property = keyNode?.parent;
  const value = property?.children?.[1];
  if (property?.type !== 'property') return undefined;
  const range = { start: doc.positionAt(property.offset), end: doc.positionAt(property.offset + property.length) };
  if ((diagnostic.data as { hasStrategy?: boolean } | undefined)?.hasStrategy) {
    // Remove the property together with the comma that separates it from its neighbour.
    const text = doc.getText();
    let start = property.offset;
    let end = property.offset + property.length;
    const after = /^\s*,/.exec(text.slice(end));
    if (after) end += after[0].length;
    else {
      const before = /,\s*$/.exec(text.slice(0, start));
      if (before) start -= before[0].length;
    }
    return quickFix('Remove the deprecated "rates"', doc, diagnostic, [TextEdit.del({ start: doc.positionAt(start), end: doc.positionAt(end) })]);
  }
  const fields: Record<string, unknown> = { type: 'linear' };
  for (const key of ['min_rate', 'max_rate', 'step']) {
    const entry = value?.type === 'object' ? value.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1] : undefined;
    if (entry?.type === 'number') fields[key] = entry.value;
  }
  const indent = indentOf(doc, property.offset);
  const body = Object.entries(fields).map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n');
  return quickFix('Migrate "rates" to "rate_strategy"', doc, diagnostic, [TextEdit.replace(range, `"rate_strategy": {\n${body}\n${indent}}`)]);
}

export function configCodeActions(doc: TextDocument, params: CodeActionParams): CodeAction[] {
  const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  if (!ours.length) return [];
  const root = parseTree(doc.getText());
  if (!root) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of ours) {
    const data = (diagnostic.data ?? {}) as { suggestion?: string; key?: string; replacement?: unknown };
    switch (diagnostic.code) {
      case 'unknown-key':
        if (data.suggestion) actions.push(quickFix(`Rename to "${data.suggestion}"`, doc, diagnostic, [TextEdit.replace(diagnostic.range, JSON.stringify(data.suggestion))]));
        break;
      case 'not-allowed-value':
      case 'unknown-plugin':
      case 'unknown-intensity':
        if (data.suggestion) actions.push(quickFix(`Change to "${data.suggestion}"`, doc, diagnostic, [TextEdit.replace(diagnostic.range, JSON.stringify(data.suggestion))]));
        break;
      case 'loose-type': {
        // Diagnostics come back from the client: one without data must not break the other fixes.
        if (data.replacement === undefined) break;
        const replacement = JSON.stringify(data.replacement);
        actions.push(quickFix(`Write ${replacement}`, doc, diagnostic, [TextEdit.replace(diagnostic.range, replacement)]));
        break;
      }
      case 'missing-required':
        if (data.key === 'plugin') {
          const action = addPlugin(doc, root, diagnostic);
          if (action) actions.push(action);
        }
        break;
      case 'dfaas-deprecated-rates': {
        const action = migrateRates(doc, root, diagnostic);
        if (action) actions.push(action);
        break;
      }
    }
  }
  return actions;
}
