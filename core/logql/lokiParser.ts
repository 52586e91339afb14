// Loki's own LogQL parser (pkg/logql/syntax at the Loki version the tests run, compiled to WebAssembly in
// wasm/logql): the authority on whether a query is valid. It is loaded once, lazily, by `loadLokiParser()`;
// the validators call it synchronously afterwards. Language server and CLI await the load before validating
// LogQL; a caller that does not (or a build without dist/wasm) gets the grammar-based checks alone.
import type { DocumentKind } from '../documents/kind';
import { loadGoWasm } from '../wasm/goWasm';

/** The kinds of document whose validation checks LogQL, and so needs Loki's parser loaded first. */
export const KINDS_WITH_LOGQL: ReadonlySet<DocumentKind> = new Set(['logql', 'grafana-dashboard', 'grafana-provisioning']);

export type LokiVerdict =
  | { ok: true; kind: 'log' | 'metric' | 'variants' }
  /** line and col (1-based, in characters) are 0 when Loki gives no position (checks after parsing). */
  | { ok: false; error: string; line: number; col: number };

interface LokiParserModule {
  parse(query: string): LokiVerdict;
}

let parser: LokiParserModule | undefined;
let loading: Promise<boolean> | undefined;
let loadError: string | undefined;

/** Verdicts of recently seen queries: editors re-validate unchanged queries on every keystroke. */
const verdicts = new Map<string, LokiVerdict>();
const MAX_CACHED = 2000;
const MAX_CACHED_LENGTH = 10_000;

/** Loads Loki's parser once; resolves to whether it is available (see lokiParserError otherwise). */
export function loadLokiParser(): Promise<boolean> {
  loading ??= loadGoWasm<LokiParserModule>('logql').then(
    (m) => {
      parser = m;
      return true;
    },
    (e: unknown) => {
      loadError = e instanceof Error ? e.message : String(e);
      return false;
    },
  );
  return loading;
}

/** Why Loki's parser could not be loaded, if it could not. */
export function lokiParserError(): string | undefined {
  return loadError;
}

/** Loki's verdict on a query, or undefined while its parser is not loaded. */
export function lokiVerdict(query: string): LokiVerdict | undefined {
  if (!parser) return undefined;
  let verdict = verdicts.get(query);
  if (verdict) {
    verdicts.delete(query);
  } else {
    const raw = parser.parse(query);
    // Copied into a plain object: the Go side answers with a JS object whose fields are set one by one.
    verdict = raw.ok ? { ok: true, kind: raw.kind } : { ok: false, error: String(raw.error), line: Number(raw.line), col: Number(raw.col) };
    if (query.length > MAX_CACHED_LENGTH) return verdict;
    if (verdicts.size >= MAX_CACHED) verdicts.delete(verdicts.keys().next().value!);
  }
  verdicts.set(query, verdict);
  return verdict;
}
