// Shared plumbing for lb's own rules: reading values with their nodes and reporting diagnostics on them.
import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../../diagnostics/types';
import { keyNodeOf, propertyNode, rangeOf } from '../jsonDocument';

export class RuleReporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly doc: TextDocument) {}

  report(node: Node, severity: DiagnosticSeverity, code: string, message: string, data?: unknown, onKey = false): void {
    const target = onKey ? keyNodeOf(node) ?? node : node;
    this.diagnostics.push({ range: rangeOf(this.doc, target), severity, code, message, source: DIAGNOSTIC_SOURCE, data });
  }
  error(node: Node, code: string, message: string, data?: unknown): void {
    this.report(node, DiagnosticSeverity.Error, code, message, data);
  }
  warning(node: Node, code: string, message: string, data?: unknown, onKey = false): void {
    this.report(node, DiagnosticSeverity.Warning, code, message, data, onKey);
  }
  information(node: Node, code: string, message: string, onKey = true): void {
    this.report(node, DiagnosticSeverity.Information, code, message, undefined, onKey);
  }
}

/**
 * For values lb does not read: errors become warnings ending with `reason`. Problems found outside `within` are
 * dropped: they belong to another place, whose own checks report them.
 */
export class UnreadReporter extends RuleReporter {
  constructor(
    private readonly target: RuleReporter,
    private readonly within: Node,
    private readonly reason: string,
  ) {
    super(target.doc);
  }

  override report(node: Node, severity: DiagnosticSeverity, code: string, message: string, data?: unknown, onKey = false): void {
    if (node.offset < this.within.offset || node.offset + node.length > this.within.offset + this.within.length) return;
    if (severity === DiagnosticSeverity.Error) this.target.report(node, DiagnosticSeverity.Warning, code, `${message} ${this.reason}`, data, onKey);
    else this.target.report(node, severity, code, message, data, onKey);
  }
}

/** The value node of `key` in an object node. */
export function child(objectNode: Node | undefined, key: string): Node | undefined {
  return propertyNode(objectNode, key)?.children?.[1];
}

export function objectEntries(objectNode: Node | undefined): Array<{ key: string; keyNode: Node; value: Node }> {
  if (objectNode?.type !== 'object') return [];
  const entries = [];
  for (const p of objectNode.children ?? []) {
    const [keyNode, value] = p.children ?? [];
    if (keyNode && value) entries.push({ key: String(keyNode.value), keyNode, value });
  }
  return entries;
}

/**
 * Reads keys from a workload's `options` first and then from `plugin_settings[plugin]`, as lb's shallow merge
 * does, remembering which node a value came from so problems are reported where the user wrote them.
 */
export class MergedObject {
  constructor(private readonly layers: Array<Node | undefined>) {}

  get(key: string): Node | undefined {
    for (const layer of this.layers) {
      const node = child(layer, key);
      if (node) return node;
    }
    return undefined;
  }
}
