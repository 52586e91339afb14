// LogQL string literals for untrusted text. Loki's lexer unquotes strings with Go's rules (prometheus'
// strutil.Unquote): "..." with Go escapes, `...` raw (no escapes, no backtick inside). Quoting here always
// yields one literal that decodes back to exactly the given value, so a value can never change a query's
// structure. RE2 metacharacters are escaped separately for values used in regex matchers.
import { LinkInputError } from './linkError';

// Characters that are escaped in a double-quoted literal instead of written raw: controls (a raw newline
// ends the literal, NUL is rejected by Go's scanner), invisible format characters and line separators.
const NEEDS_ESCAPE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text that cannot be encoded as UTF-8 (a lone UTF-16 surrogate) can go into neither a query nor a URL. */
export function assertEncodable(value: string, what: string): void {
  const m = LONE_SURROGATE.exec(value);
  if (m) {
    throw new LinkInputError(`${what} contains an unpaired UTF-16 surrogate at index ${m.index}: it cannot be encoded as UTF-8`);
  }
}

/** A LogQL string literal for `value`: backticks when that avoids escaping and is safe, else double quotes. */
export function quoteLogQLString(value: string, what = 'value'): string {
  assertEncodable(value, what);
  const plain = !NEEDS_ESCAPE.test(value);
  if (plain && !value.includes('`') && (value.includes('\\') || value.includes('"'))) return `\`${value}\``;
  let out = '"';
  for (const ch of value) {
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (NEEDS_ESCAPE.test(ch)) {
      const cp = ch.codePointAt(0)!;
      out += cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Go's regexp.QuoteMeta: the RE2 pattern matching exactly `value`. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/**
 * The value of a LogQL string literal, decoded as Loki decodes it (Go rules; single quotes are accepted as
 * prometheus does). Byte escapes above 0x7f would produce raw bytes, which a JS string cannot hold: rejected.
 */
export function unquoteLogQLString(literal: string): string {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote || !'"`\''.includes(quote)) {
    throw new LinkInputError(`not a LogQL string literal: ${literal}`);
  }
  const body = literal.slice(1, -1);
  if (quote === '`') {
    if (body.includes('`')) throw new LinkInputError('a backtick string cannot contain a backtick');
    return body;
  }
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === quote) throw new LinkInputError(`unescaped ${quote} at offset ${i + 1} of a string literal`);
    if (ch === '\n') throw new LinkInputError(`raw newline at offset ${i + 1} of a string literal`);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new LinkInputError('string literal ends with a lone backslash');
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (e === quote) out += e;
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new LinkInputError(`invalid \\${e} escape at offset ${i} of a string literal`);
      out += codePoint(parseInt(hex, 16), e, i);
      i += n;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new LinkInputError(`invalid octal escape at offset ${i} of a string literal`);
      out += codePoint(parseInt(oct, 8), 'octal', i);
      i += 2;
    } else {
      throw new LinkInputError(`unknown escape \\${e} at offset ${i} of a string literal`);
    }
  }
  return out;
}

function codePoint(cp: number, kind: string, offset: number): string {
  if ((kind === 'x' || kind === 'octal') && cp > 0x7f) {
    throw new LinkInputError(`byte escape above 0x7f at offset ${offset} of a string literal is not supported`);
  }
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    throw new LinkInputError(`escape at offset ${offset} of a string literal is not a valid Unicode code point`);
  }
  return String.fromCodePoint(cp);
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Loki's label names (Prometheus rules); names starting with `__` are Loki's own. */
export function assertLabelName(name: string, what = 'label name'): void {
  if (!LABEL_NAME.test(name)) {
    throw new LinkInputError(`${what} "${name}" is not a valid Loki label name (letters, digits and _, not starting with a digit)`);
  }
}
