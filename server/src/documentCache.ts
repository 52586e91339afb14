// What the server derives from an open document's text (its kind, parsed JSON, embedded queries and configs),
// computed once per version however many features ask. One rule for every value: it lives while its document is
// open at that version; a settings change drops them all (the kind, and so everything after it, may change).
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Computes one value from a document; the function itself is the value's key in the cache. */
export type Derivation<C, T> = (doc: TextDocument, context: C) => T;

export class DocumentCache<C> {
  private readonly entries = new Map<string, { doc: TextDocument; version: number; values: Map<Derivation<C, unknown>, unknown> }>();

  constructor(private readonly context: () => C) {}

  get<T>(doc: TextDocument, derive: Derivation<C, T>): T {
    let entry = this.entries.get(doc.uri);
    // A document opened again is a new object, perhaps of the same version.
    if (entry?.doc !== doc || entry.version !== doc.version) {
      entry = { doc, version: doc.version, values: new Map() };
      this.entries.set(doc.uri, entry);
    }
    if (!entry.values.has(derive)) entry.values.set(derive, derive(doc, this.context()));
    return entry.values.get(derive) as T;
  }

  /** The document closed. */
  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}
