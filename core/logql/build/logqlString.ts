// LogQL string literals for untrusted text. Loki's lexer unquotes strings with Go's rules (prometheus'
// strutil.Unquote): "..." with Go escapes, `...` raw (no escapes, no backtick inside). Quoting here always
// yields one literal that decodes back to exactly the given value (core/logql/goStrings.ts decodes), so a
// value can never change a query's structure. RE2 metacharacters are escaped separately for regex matchers.
import { LinkInputError } from './inputError';

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

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Loki's label names (Prometheus rules); names starting with `__` are Loki's own. */
export function assertLabelName(name: string, what = 'label name'): void {
  if (!LABEL_NAME.test(name)) {
    throw new LinkInputError(`${what} "${name}" is not a valid Loki label name (letters, digits and _, not starting with a digit)`);
  }
}
