// Computes LSP ranges of substrings, so tests state exact expected ranges without counting characters.
import type { Range, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export function rangeOfText(text: string, needle: string, occurrence = 0): Range {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" occurrence ${occurrence} not found`);
  }
  return { start: positionAt(text, index), end: positionAt(text, index + needle.length) };
}

export function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The text after the editor applies these edits (a quick fix or a code action), by the LSP library's own rules. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///edited', 'plaintext', 0, text), edits);
}
