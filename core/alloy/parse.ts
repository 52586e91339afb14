// Parses Alloy configuration with Alloy's own parser (wasm/alloy, compiled from github.com/grafana/alloy/syntax)
// and turns its JSON answer into the typed tree of ast.ts, with byte offsets mapped to UTF-16 offsets.
import type {
  AlloyFile,
  AlloyParseResult,
  AlloySyntaxError,
  BinaryOp,
  Expr,
  Ident,
  LiteralKind,
  ObjectField,
  Range,
  Stmt,
  StringValue,
  UnaryOp,
} from './ast';
import { decodeAlloyString } from './strings';
import { alloyParseJson, alloyParserError } from './syntaxWasm';

/** Texts above this size are refused with a diagnostic rather than parsed (Alloy configs are far smaller). */
export const MAX_ALLOY_TEXT = 4 * 1024 * 1024;

/**
 * Deeper nesting is refused before Alloy's parser sees it: its recursion would exhaust the WebAssembly stack
 * (a trap that can leave the module unusable). Real configurations nest a few levels.
 */
export const MAX_ALLOY_NESTING = 500;

/** Where brackets outside strings and comments first nest deeper than `limit`, if they do. */
function tooDeepAt(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === '`') {
      for (i++; i < text.length && text[i] !== c && !(c === '"' && text[i] === '\n'); i++) if (c === '"' && text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '[' || c === '{' || c === '(') {
      if (++depth > limit) return i;
    } else if (c === ']' || c === '}' || c === ')') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

type Span = [number, number];
interface RawNode {
  t: string;
  [key: string]: unknown;
}

/** Maps UTF-8 byte offsets of `text` to UTF-16 offsets; the identity for ASCII text. */
function byteToUtf16(text: string): (byte: number) => number {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return (byte) => byte;
  const table = new Uint32Array(Buffer.byteLength(text, 'utf8') + 1);
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < width; k++) table[byte + k] = i;
    byte += width;
    if (code >= 0x10000) i++;
  }
  table[byte] = text.length;
  return (b) => table[Math.max(0, Math.min(b, byte))];
}

const LITERAL_KINDS: Record<string, LiteralKind> = { STRING: 'string', NUMBER: 'number', FLOAT: 'float', BOOL: 'bool', NULL: 'null' };

class TreeReader {
  constructor(
    private readonly text: string,
    private readonly at: (byte: number) => number,
  ) {}

  range(span: unknown): Range {
    const [s, e] = span as Span;
    return { start: this.at(s), end: this.at(e) };
  }

  ident(raw: { n: string; r: Span }): Ident {
    return { name: raw.n, range: this.range(raw.r) };
  }

  body(raw: RawNode[]): Stmt[] {
    return raw.map((s) => (s.t === 'attribute' ? this.attribute(s) : this.block(s)));
  }

  private attribute(s: RawNode): Stmt {
    return { type: 'attribute', name: this.ident(s.n as { n: string; r: Span }), value: this.expr(s.v as RawNode), range: this.range(s.r) };
  }

  private block(s: RawNode): Stmt {
    const nameParts = s.n as string[];
    const name = nameParts.join('.');
    const start = this.at(s.s as number);
    const lcurly = this.at(s.lc as number);
    const rcurly = this.at(s.rc as number);
    // Alloy keeps only the name's start; it ends where the dotted name (possibly spaced) ends.
    const nameEnd = this.text.startsWith(name, start) ? start + name.length : this.nameEnd(start, name);
    const block: Stmt = {
      type: 'block',
      name,
      nameParts,
      nameRange: { start, end: nameEnd },
      body: this.body(s.b as RawNode[]),
      lcurly: { start: lcurly, end: lcurly + 1 },
      rcurly: { start: rcurly, end: rcurly + 1 },
      range: { start, end: rcurly + 1 },
    };
    if (s.ls !== undefined) {
      const labelStart = this.at(s.ls as number);
      block.label = s.l as string;
      block.labelRange = { start: labelStart, end: labelStart + (s.l as string).length + 2 };
    }
    return block;
  }

  private nameEnd(start: number, name: string): number {
    let i = start;
    let matched = 0;
    while (i < this.text.length && matched < name.length) {
      if (this.text[i] === name[matched]) matched++;
      i++;
    }
    return i;
  }

  expr(e: RawNode): Expr {
    const range = this.range(e.r);
    switch (e.t) {
      case 'literal':
        return this.literal(e.k as string, e.v as string, range);
      case 'array':
        return { type: 'array', elements: (e.e as RawNode[]).map((x) => this.expr(x)), range };
      case 'object':
        return { type: 'object', fields: (e.f as RawNode[]).map((f) => this.field(f)), range };
      case 'identifier':
        return { type: 'identifier', name: e.n as string, range };
      case 'access':
        return { type: 'access', value: this.expr(e.v as RawNode), name: this.ident(e.n as { n: string; r: Span }), range };
      case 'index':
        return { type: 'index', value: this.expr(e.v as RawNode), index: this.expr(e.i as RawNode), range };
      case 'call':
        return { type: 'call', value: this.expr(e.v as RawNode), args: (e.a as RawNode[]).map((x) => this.expr(x)), range };
      case 'unary': {
        const os = this.at(e.os as number);
        const op = e.o as UnaryOp;
        return { type: 'unary', op, opRange: { start: os, end: os + op.length }, value: this.expr(e.v as RawNode), range };
      }
      case 'binary': {
        const os = this.at(e.os as number);
        const op = e.o as BinaryOp;
        return {
          type: 'binary',
          op,
          opRange: { start: os, end: os + op.length },
          left: this.expr(e.x as RawNode),
          right: this.expr(e.y as RawNode),
          range,
        };
      }
      case 'paren':
        return { type: 'paren', inner: this.expr(e.v as RawNode), range };
    }
    throw new Error(`Alloy parser returned an unknown node type ${JSON.stringify(e.t)}`);
  }

  private literal(k: string, raw: string, range: Range): Expr {
    const kind = LITERAL_KINDS[k];
    if (kind === 'string') {
      const decoded = decodeAlloyString(raw);
      // Offsets are needed only for the few strings a problem is reported in: computed on first use.
      let offsets: number[] | undefined;
      const string: StringValue = {
        value: decoded.value,
        get offsets() {
          offsets ??= decoded.offsets.map((o) => range.start + o);
          return offsets;
        },
      };
      return { type: 'literal', kind, raw, value: decoded.value, string, range };
    }
    const value = kind === 'bool' ? raw === 'true' : kind === 'null' ? null : Number(raw);
    return { type: 'literal', kind, raw, value, range };
  }

  private field(f: RawNode): ObjectField {
    const start = this.at(f.s as number);
    const quoted = f.q as boolean;
    const name = f.n as string;
    const value = this.expr(f.v as RawNode);
    return {
      name: { name, range: { start, end: start + name.length + (quoted ? 2 : 0) } },
      quoted,
      value,
      range: { start, end: value.range.end },
    };
  }
}

/**
 * The last texts parsed and their results (read only by every caller): on each edit the validator and the workspace
 * label model parse the same text one after the other, and Alloy's parser is most of an edit's cost.
 */
const recent: Array<{ text: string; result: AlloyParseResult }> = [];
const RECENT_PARSES = 2;

/** Parses a whole Alloy configuration as `alloy run` and `alloy validate` read it. */
export function parseAlloy(text: string): AlloyParseResult {
  const known = recent.find((r) => r.text === text);
  if (known) return known.result;
  const result = parseUncached(text);
  // Not while the parser loads: the answer changes once it has.
  if (!result.unavailable) {
    recent.unshift({ text, result });
    recent.length = Math.min(recent.length, RECENT_PARSES);
  }
  return result;
}

function parseUncached(text: string): AlloyParseResult {
  if (text.length > MAX_ALLOY_TEXT) {
    return {
      ast: undefined,
      errors: [{ message: `the configuration is ${text.length} characters long; at most ${MAX_ALLOY_TEXT} are checked`, range: { start: 0, end: 0 } }],
    };
  }
  const deep = tooDeepAt(text, MAX_ALLOY_NESTING);
  if (deep !== undefined) {
    return { ast: undefined, errors: [{ message: `brackets nest more than ${MAX_ALLOY_NESTING} levels deep here; such a configuration is not checked`, range: { start: deep, end: deep + 1 } }] };
  }
  const json = alloyParseJson(text);
  if (json === undefined) {
    const reason = alloyParserError();
    return { ast: undefined, errors: [], unavailable: reason ? `Alloy's parser could not be loaded: ${reason}` : "Alloy's parser is still loading" };
  }
  let answer: { ast?: { b: RawNode[]; c: Array<{ x: string; r: Span }> }; errors?: Array<{ m: string; s: number; e: number }> };
  try {
    answer = JSON.parse(json);
  } catch {
    return { ast: undefined, errors: [{ message: 'the configuration is nested too deeply to be checked', range: { start: 0, end: 0 } }] };
  }
  const at = byteToUtf16(text);
  if (answer.errors) {
    const errors: AlloySyntaxError[] = answer.errors.map((e) => ({ message: e.m, range: { start: at(e.s), end: Math.min(at(e.e), text.length) } }));
    return { ast: undefined, errors };
  }
  const reader = new TreeReader(text, at);
  try {
    const ast: AlloyFile = {
      body: reader.body(answer.ast!.b),
      comments: answer.ast!.c.map((c) => ({ text: c.x, range: reader.range(c.r) })),
    };
    return { ast, errors: [] };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { ast: undefined, errors: [{ message: 'the configuration is nested too deeply to be checked', range: { start: 0, end: 0 } }] };
  }
}
