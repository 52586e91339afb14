// The syntax tree of an Alloy configuration, as Alloy's own parser (github.com/grafana/alloy/syntax) builds it,
// in TypeScript terms. Every range is a pair of UTF-16 offsets into the text that was parsed (end exclusive), so
// that an Alloy config embedded in YAML maps back to its host through one offset table.

export interface Range {
  start: number;
  end: number;
}

export interface AlloyFile {
  body: Stmt[];
  comments: Comment[];
}

export interface Comment {
  /** The comment as written, `//` or `/* *\/` included. */
  text: string;
  range: Range;
}

export type Stmt = AttributeStmt | BlockStmt;

/** `name = value` */
export interface AttributeStmt {
  type: 'attribute';
  name: Ident;
  value: Expr;
  range: Range;
}

/** `loki.process "default" { ... }`: a component when at the top level, a block (stage.regex, rule) inside one. */
export interface BlockStmt {
  type: 'block';
  /** The dotted name as written, `loki.process`. */
  name: string;
  /** The name's parts, `['loki', 'process']`. */
  nameParts: string[];
  nameRange: Range;
  /** The decoded label, `default`; undefined when the block has none. */
  label?: string;
  /** The label's literal, quotes included. */
  labelRange?: Range;
  body: Stmt[];
  /** `{` and `}` (each one character). */
  lcurly: Range;
  rcurly: Range;
  /** From the name to the closing brace. */
  range: Range;
}

export interface Ident {
  name: string;
  range: Range;
}

export type Expr =
  | LiteralExpr
  | ArrayExpr
  | ObjectExpr
  | IdentifierExpr
  | AccessExpr
  | IndexExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | ParenExpr;

export type LiteralKind = 'string' | 'number' | 'float' | 'bool' | 'null';

export interface LiteralExpr {
  type: 'literal';
  kind: LiteralKind;
  /** The literal as written: quotes and escapes included for strings. */
  raw: string;
  /** The value Alloy computes: the decoded string, the number, the boolean, null. */
  value: string | number | boolean | null;
  /** For strings: the decoded value with, for each of its characters, the source offset it came from. */
  string?: StringValue;
  range: Range;
}

/** A decoded string literal: lets a language inside a string (a regex, a LogQL selector) report at its characters. */
export interface StringValue {
  value: string;
  /**
   * `offsets[i]` is the source offset (in the parsed text) of the character that produced `value[i]`; an escape
   * maps all its decoded characters to its backslash. `offsets[value.length]` is the closing quote's offset.
   */
  offsets: number[];
}

export interface ArrayExpr {
  type: 'array';
  elements: Expr[];
  range: Range;
}

export interface ObjectExpr {
  type: 'object';
  fields: ObjectField[];
  range: Range;
}

export interface ObjectField {
  /** The key; for a quoted key, the decoded text, with the range of the literal including its quotes. */
  name: Ident;
  quoted: boolean;
  value: Expr;
  range: Range;
}

/** A bare name: `env`, `true` is a literal, not an identifier. */
export interface IdentifierExpr {
  type: 'identifier';
  name: string;
  range: Range;
}

/** `value.name`, the step of a traversal such as `loki.write.default.receiver`. */
export interface AccessExpr {
  type: 'access';
  value: Expr;
  name: Ident;
  range: Range;
}

/** `value[index]` */
export interface IndexExpr {
  type: 'index';
  value: Expr;
  index: Expr;
  range: Range;
}

/** `value(args...)`, e.g. `sys.env("HOME")`. */
export interface CallExpr {
  type: 'call';
  value: Expr;
  args: Expr[];
  range: Range;
}

export type UnaryOp = '!' | '-';
export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '^';

export interface UnaryExpr {
  type: 'unary';
  op: UnaryOp;
  opRange: Range;
  value: Expr;
  range: Range;
}

export interface BinaryExpr {
  type: 'binary';
  op: BinaryOp;
  opRange: Range;
  left: Expr;
  right: Expr;
  range: Range;
}

export interface ParenExpr {
  type: 'paren';
  inner: Expr;
  range: Range;
}

/** A syntax error as Alloy's parser reports it, with its message unchanged. */
export interface AlloySyntaxError {
  message: string;
  range: Range;
}

export interface AlloyParseResult {
  /** Undefined when the text has syntax errors: Alloy's parser then gives no tree either. */
  ast: AlloyFile | undefined;
  errors: AlloySyntaxError[];
  /** Set when Alloy's parser is not available (still loading, or not built): nothing could be checked. */
  unavailable?: string;
}

/** `loki.write.default.receiver` as its parts and their ranges; undefined for anything but a plain traversal. */
export interface Traversal {
  parts: Ident[];
  range: Range;
}

export function traversalOf(expr: Expr): Traversal | undefined {
  const parts: Ident[] = [];
  let node: Expr = expr;
  while (node.type === 'access') {
    parts.unshift(node.name);
    node = node.value;
  }
  if (node.type !== 'identifier') return undefined;
  parts.unshift({ name: node.name, range: node.range });
  return { parts, range: expr.range };
}

/** The string value of an expression when it is a string literal. */
export function stringLiteral(expr: Expr | undefined): LiteralExpr | undefined {
  return expr?.type === 'literal' && expr.kind === 'string' ? expr : undefined;
}

export function blocks(body: Stmt[]): BlockStmt[] {
  return body.filter((s): s is BlockStmt => s.type === 'block');
}

export function attribute(body: Stmt[], name: string): AttributeStmt | undefined {
  return body.find((s): s is AttributeStmt => s.type === 'attribute' && s.name.name === name);
}
