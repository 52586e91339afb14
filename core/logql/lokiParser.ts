// Loki's own LogQL parser (pkg/logql/syntax at the Loki version the tests run, compiled to WebAssembly in
// wasm/logql): the authority on whether a query is valid. It is loaded once, lazily, by `loadLokiParser()`;
// the validators call it synchronously afterwards. Language server and CLI await the load before validating
// LogQL; a caller that does not (or a build without dist/wasm) gets the grammar-based checks alone.
import type { DocumentKind } from '../documents/kind';
import { LazyGoWasm } from '../wasm/lazyGoWasm';

/**
 * The kinds of document whose validation checks LogQL (Alloy's stage.match selectors included), and so needs
 * Loki's parser loaded first: the same query must get the same verdict whichever document was opened first.
 */
export const KINDS_WITH_LOGQL: ReadonlySet<DocumentKind> = new Set<DocumentKind>(['logql', 'grafana-dashboard', 'grafana-provisioning', 'alloy', 'alloy-yaml']);

export type LokiVerdict =
  | { ok: true; kind: 'log' | 'metric' | 'variants' }
  /** line and col (1-based, in characters) are 0 when Loki gives no position (checks after parsing). */
  | { ok: false; error: string; line: number; col: number };

interface LokiParserModule {
  parse(query: string): LokiVerdict;
}

const lokiWasm = new LazyGoWasm<LokiParserModule>('logql');

/** Verdicts of recently seen queries: editors re-validate unchanged queries on every keystroke. */
const verdicts = new Map<string, LokiVerdict>();
const MAX_CACHED = 2000;
const MAX_CACHED_LENGTH = 10_000;

/** Loads Loki's parser once; resolves to whether it is available (see lokiParserError otherwise). */
export function loadLokiParser(): Promise<boolean> {
  return lokiWasm.load();
}

/** Why Loki's parser could not be loaded, if it could not. */
export function lokiParserError(): string | undefined {
  return lokiWasm.error;
}

/** Loki's verdict on a query, or undefined while its parser is not loaded. */
export function lokiVerdict(query: string): LokiVerdict | undefined {
  const parser = lokiWasm.current;
  if (!parser) return undefined;
  let verdict = verdicts.get(query);
  if (verdict) {
    verdicts.delete(query);
  } else {
    let raw: LokiVerdict;
    try {
      raw = parser.parse(query);
    } catch {
      // The Go program has exited (it cannot be called again): the grammar's checks stand alone from now on.
      lokiWasm.stop("Loki's parser stopped");
      return undefined;
    }
    // Copied into a plain object: the Go side answers with a JS object whose fields are set one by one.
    verdict = raw.ok ? { ok: true, kind: raw.kind } : { ok: false, error: String(raw.error), line: Number(raw.line), col: Number(raw.col) };
    if (query.length > MAX_CACHED_LENGTH) return verdict;
    if (verdicts.size >= MAX_CACHED) verdicts.delete(verdicts.keys().next().value!);
  }
  verdicts.set(query, verdict);
  return verdict;
}

/**
 * Loki's lexer, after a word that names a function (`bytes`, `sum`, `ip`, ...) but is not followed by `(`, `by`
 * or `without`, rescans the rest of the query, lowercasing a growing copy of it at every character
 * (pkg/logql/syntax/lex.go, isFunction): quadratic in what follows, so a few KB of `| bytes > 1` filters take
 * Loki seconds. This estimates that work (in characters copied) without running it.
 */
export function lokiLexerCost(query: string): number {
  let cost = 0;
  const words = /"(?:[^"\\]|\\.)*"?|`[^`]*`?|[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = words.exec(query); m; m = words.exec(query)) {
    if (!FUNCTION_TOKENS.has(m[0].toLowerCase())) continue;
    const next = /^\s*(\(|by\b|without\b)?/i.exec(query.slice(words.lastIndex, words.lastIndex + 64))!;
    if (next[1]) continue;
    const rest = query.length - words.lastIndex;
    cost += (rest * rest) / 2;
  }
  return cost;
}

/** Loki's functionTokens (lex.go): the words its lexer tests with isFunction. */
const FUNCTION_TOKENS = new Set([
  'rate', 'rate_counter', 'count_over_time', 'bytes_rate', 'bytes_over_time', 'avg_over_time', 'sum_over_time',
  'min_over_time', 'max_over_time', 'stdvar_over_time', 'stddev_over_time', 'quantile_over_time', 'first_over_time',
  'last_over_time', 'absent_over_time', 'vector', 'sum', 'avg', 'max', 'min', 'count', 'stddev', 'stdvar', 'bottomk',
  'topk', 'sort', 'sort_desc', 'label_replace', 'approx_topk', 'bytes', 'duration', 'duration_seconds', 'ip',
]);
