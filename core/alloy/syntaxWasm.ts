// Alloy's own parsers compiled to WebAssembly (wasm/alloy, which also holds the pipeline engine): the
// configuration parser of github.com/grafana/alloy/syntax, the stage.match selector parser and text/template.
// Loaded once, lazily, by `loadAlloyParser()`; the checks call them synchronously afterwards. The language server and the CLI await
// the load before checking Alloy; until then (or in a build without dist/wasm) nothing is reported.
import type { DocumentKind } from '../documents/kind';
import { LazyGoWasm } from '../wasm/lazyGoWasm';

interface AlloyParserModule {
  /** JSON: `{"ast": ...}` or `{"errors": [...]}`, byte offsets; read by parse.ts. */
  parse(text: string): string;
  /** Alloy's stage.match selector parser (Promtail's LogQL). line and col 0 when there is no position. */
  selector(text: string): { ok: boolean; error?: string; line?: number; col?: number };
  /** Go's text/template parser with the given function names, as stage.template parses its template. */
  template(text: string, functions: readonly string[]): { ok: boolean; error?: string; line?: number; col?: number };
}

const alloyWasm = new LazyGoWasm<AlloyParserModule>('alloy');

/** Loads Alloy's parsers once; resolves to whether they are available (see alloyParserError otherwise). */
export function loadAlloyParser(): Promise<boolean> {
  return alloyWasm.load();
}

/** Why Alloy's parser could not be loaded, if it could not. */
export function alloyParserError(): string | undefined {
  return alloyWasm.error;
}

/** Alloy's parser's answer (JSON) for a configuration, or undefined while the parser is not loaded. */
export function alloyParseJson(text: string): string | undefined {
  const parser = alloyWasm.current;
  return parser ? String(parser.parse(text)) : undefined;
}

/** Why Alloy's match stage refuses `selector`, with the offset of the place when Alloy gives one. */
export function matchSelectorError(selector: string): { message: string; offset?: number } | undefined {
  const parser = alloyWasm.current;
  if (!parser) return undefined;
  const result = parser.selector(selector);
  if (result.ok) return undefined;
  const message = String(result.error);
  const lineNo = Number(result.line);
  const col = Number(result.col);
  if (!lineNo) return { message };
  // text/scanner counts columns in characters from 1.
  const lines = selector.split('\n');
  let offset = 0;
  for (let i = 0; i < lineNo - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  const line = [...(lines[lineNo - 1] ?? '')];
  offset += line.slice(0, Math.max(0, col - 1)).join('').length;
  return { message, offset: Math.min(offset, selector.length) };
}

/** Why Go's text/template refuses a stage.template template, with the line (1-based) when Go gives one. */
export function templateError(template: string, functions: readonly string[]): { message: string; line?: number } | undefined {
  const parser = alloyWasm.current;
  if (!parser) return undefined;
  const result = parser.template(template, functions);
  if (result.ok) return undefined;
  const line = Number(result.line);
  return { message: String(result.error), line: line > 0 ? line : undefined };
}

/** The kinds of document whose checks need Alloy's parser. */
export const ALLOY_KINDS: ReadonlySet<DocumentKind> = new Set<DocumentKind>(['alloy', 'alloy-yaml']);
