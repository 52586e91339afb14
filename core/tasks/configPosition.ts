// Places an lb problem (core/tasks/lbOutput.ts) in the run config's text: on the key of the deepest node of
// pydantic's `loc` that exists in the file, at the line and column of a JSON syntax error, or on line 1 when
// nothing matches (a model-level error, a config that changed since lb read it).
import type { Node } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { keyNodeOf, nodeAt, parseJsonDocument } from '../config/jsonDocument';
import type { LbProblem } from './lbOutput';

/** 1-based lines and columns, end exclusive: what VS Code's problem matchers and Problems panel use. */
export interface ConfigRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const FIRST_CHARACTER: ConfigRange = { line: 1, column: 1, endLine: 1, endColumn: 2 };

function childOf(node: Node, item: string): Node | undefined {
  if (node.type === 'array') return /^(0|[1-9]\d*)$/.test(item) ? nodeAt(node, [Number(item)]) : undefined;
  return node.type === 'object' ? nodeAt(node, [item]) : undefined;
}

export class ConfigLocator {
  private readonly doc: TextDocument;
  private readonly root: Node | undefined;

  constructor(text: string) {
    this.doc = TextDocument.create('file:///config.json', 'json', 1, text);
    this.root = parseJsonDocument(this.doc, { syntax: false }).root;
  }

  locate(problem: LbProblem): ConfigRange {
    if (problem.jsonPosition) return this.byteColumn(problem.jsonPosition.line, problem.jsonPosition.column);
    const node = this.deepestNode(problem.loc);
    if (!node || node === this.root) return FIRST_CHARACTER;
    const key = keyNodeOf(node);
    if (key) return this.range(key.offset, key.offset + key.length);
    // A list item has no key: the item itself, or its opening bracket when it spans several lines.
    const end = node.offset + node.length;
    const oneLine = this.doc.positionAt(node.offset).line === this.doc.positionAt(end).line;
    return this.range(node.offset, oneLine ? end : node.offset + 1);
  }

  private deepestNode(loc: string[]): Node | undefined {
    let node = this.root;
    for (let i = 0; node && i < loc.length; i++) {
      const next = childOf(node, loc[i]);
      if (next) {
        node = next;
        continue;
      }
      // pydantic names the union member it tried as an extra loc item (a discriminator tag such as `linear`,
      // or a type such as `int`) that is no key of the file: skip it when the item after it is there.
      const afterTag = i + 1 < loc.length ? childOf(node, loc[i + 1]) : undefined;
      if (!afterTag) break;
      node = afterTag;
      i++;
    }
    return node;
  }

  /** pydantic counts a JSON error's column in UTF-8 bytes; the editor counts UTF-16 code units. */
  private byteColumn(line: number, byteColumn: number): ConfigRange {
    const lineIndex = Math.min(Math.max(line, 1), this.doc.lineCount) - 1;
    const text = this.doc.getText({ start: { line: lineIndex, character: 0 }, end: { line: lineIndex + 1, character: 0 } }).replace(/\r?\n$/, '');
    const column = Buffer.from(text, 'utf8').subarray(0, Math.max(byteColumn - 1, 0)).toString('utf8').length + 1;
    return { line: lineIndex + 1, column, endLine: lineIndex + 1, endColumn: column + 1 };
  }

  private range(startOffset: number, endOffset: number): ConfigRange {
    const start = this.doc.positionAt(startOffset);
    const end = this.doc.positionAt(endOffset);
    return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }
}
