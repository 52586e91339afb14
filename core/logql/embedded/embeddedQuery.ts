// A LogQL query found inside a document: its decoded text, where each of its characters sits in the document
// (through JSON escapes or YAML quoting), and how to write an edit back without breaking the host syntax.
import { lastAtMost } from '../../sorted/lastAtMost';
import type { ValidateOptions } from '../problems';

export interface DocumentEdit {
  start: number;
  end: number;
  newText: string;
}

/** How a host literal writes text: in place when possible, else by rewriting the whole literal. */
export interface HostEncoding {
  /** The text to put in the host for `piece`, given the query as it will read afterwards; undefined: rewrite whole. */
  inPlace(piece: string, whole: string): string | undefined;
  /** The complete host literal (quotes included) for a query. */
  whole(query: string): string;
}

export const VERBATIM: HostEncoding = { inPlace: (piece) => piece, whole: (query) => query };

export class EmbeddedQuery {
  constructor(
    /** The query as Loki would receive it. */
    readonly text: string,
    /** Document offset of each query offset, 0..text.length inclusive (non-decreasing). */
    private readonly offsets: number[],
    /** The literal that holds the query, quotes included; edits that cannot be made in place replace it. */
    readonly host: { start: number; end: number },
    private readonly encoding: HostEncoding,
    readonly options: ValidateOptions,
    /** Text around the query inside the host literal (e.g. `label_values(` ... `, app)`). */
    private readonly context: { before: string; after: string } = { before: '', after: '' },
    /** False when characters could not be placed exactly: every range then covers the whole literal. */
    readonly exact = true,
  ) {}

  /** The document range of [start, end) of the query. */
  toDocumentRange(start: number, end: number): { start: number; end: number } {
    return this.exact ? { start: this.toDocument(start), end: this.toDocument(end) } : { ...this.host };
  }

  toDocument(offset: number): number {
    return this.offsets[Math.max(0, Math.min(offset, this.offsets.length - 1))];
  }

  /** The query offset at a document offset, or undefined when the offset is outside the query. */
  fromDocument(docOffset: number): number | undefined {
    if (docOffset < this.offsets[0] || docOffset > this.offsets[this.offsets.length - 1]) return undefined;
    return lastAtMost(this.offsets, docOffset);
  }

  /** The document edit that replaces [start, end) of the query with `newText`. */
  edit(start: number, end: number, newText: string): DocumentEdit {
    const whole = this.text.slice(0, start) + newText + this.text.slice(end);
    const inPlace = this.exact ? this.encoding.inPlace(newText, this.context.before + whole + this.context.after) : undefined;
    if (inPlace !== undefined) return { start: this.toDocument(start), end: this.toDocument(end), newText: inPlace };
    return { ...this.host, newText: this.encoding.whole(this.context.before + whole + this.context.after) };
  }

  /** The part [start, end) of this query as a query of its own (e.g. the selector in `label_values(...)`). */
  slice(start: number, end: number, options: ValidateOptions = this.options): EmbeddedQuery {
    const context = { before: this.context.before + this.text.slice(0, start), after: this.text.slice(end) + this.context.after };
    return new EmbeddedQuery(this.text.slice(start, end), this.offsets.slice(start, end + 1), this.host, this.encoding, options, context, this.exact);
  }
}

/** A query whose characters cannot be placed exactly (a literal we could not map): ranges cover the literal. */
export function coarseQuery(text: string, host: { start: number; end: number }, encoding: HostEncoding, options: ValidateOptions): EmbeddedQuery {
  const offsets = Array.from({ length: text.length + 1 }, (_, i) => (i < text.length ? host.start : host.end));
  return new EmbeddedQuery(text, offsets, host, encoding, options, undefined, false);
}
