// Prints diagnostics in the contract's text and JSON forms; shared by `validate` and `logql check`.
import type { Diagnostic } from 'vscode-languageserver-types';
import { printableLine } from '../core/text/userText';
import type { CliIo } from './io';

export interface FileDiagnostics {
  file: string;
  diagnostics: Diagnostic[];
}

const SEVERITY = ['error', 'error', 'warning', 'information', 'hint'] as const;

export function severityName(d: Diagnostic): (typeof SEVERITY)[number] {
  return SEVERITY[d.severity ?? 1];
}

export function toContractJson(results: FileDiagnostics[]) {
  return results.map((r) => ({
    file: r.file,
    diagnostics: r.diagnostics.map((d) => ({
      severity: severityName(d),
      message: d.message,
      code: d.code === undefined ? '' : String(d.code),
      range: d.range,
    })),
  }));
}

/**
 * `file:line:col: severity: message [code]` with 1-based positions, the form editors and CI annotate; one line
 * each, whatever a file name or message holds (control characters are shown, not sent to the terminal).
 */
export function printDiagnostics(results: FileDiagnostics[], format: string, io: CliIo): void {
  if (format === 'json') {
    io.stdout(JSON.stringify(toContractJson(results), null, 2) + '\n');
    return;
  }
  for (const r of results) {
    for (const d of r.diagnostics) {
      const { line, character } = d.range.start;
      const code = d.code === undefined ? '' : ` [${d.code}]`;
      // LSP 3.18 lets a message be Markdown; ours are plain text, and Markdown would print as its source.
      const message = typeof d.message === 'string' ? d.message : d.message.value;
      io.stdout(`${printableLine(r.file)}:${line + 1}:${character + 1}: ${severityName(d)}: ${printableLine(message)}${printableLine(code)}\n`);
    }
  }
}

/** Errors and warnings are problems (exit code 1); information and hints are not. */
export function hasProblems(results: FileDiagnostics[]): boolean {
  return results.some((r) => r.diagnostics.some((d) => (d.severity ?? 1) <= 2));
}
