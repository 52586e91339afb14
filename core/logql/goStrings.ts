// LogQL string literals follow Go's rules (Loki unquotes them with Prometheus' strutil.Unquote): double-quoted
// strings with Go escapes, or backtick strings taken verbatim. The grammar accepts any `\x` escape, Loki does
// not, so `"\d+"` is a parse error in Loki; this module decodes literals and reports such escapes.

export interface DecodedString {
  value: string;
  /** For each character of `value`, its offset in the literal (quotes included); plus the closing offset. */
  offsets: number[];
  /** Escapes Loki rejects, as offsets in the literal. */
  badEscapes: Array<{ start: number; end: number; text: string }>;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"',
};

function hexRun(raw: string, from: number, count: number): number | undefined {
  const digits = raw.slice(from, from + count);
  return digits.length === count && /^[0-9a-fA-F]+$/.test(digits) ? parseInt(digits, 16) : undefined;
}

/** Decodes a literal as written in the query, including its quotes. */
export function decodeLogQLString(literal: string): DecodedString {
  const quote = literal[0];
  const end = literal.length > 1 && literal.endsWith(quote) ? literal.length - 1 : literal.length;
  if (quote === '`' || !literal.includes('\\')) {
    // Nothing to decode; the offsets are only needed to report a problem, so they are made on demand.
    const value = literal.slice(1, end);
    return {
      value,
      badEscapes: [],
      get offsets() {
        return Array.from({ length: value.length + 1 }, (_, i) => i + 1);
      },
    };
  }
  const offsets: number[] = [];
  const badEscapes: DecodedString['badEscapes'] = [];
  let value = '';
  let i = 1;
  while (i < end) {
    const c = literal[i];
    if (c !== '\\') {
      value += c;
      offsets.push(i);
      i++;
      continue;
    }
    const e = literal[i + 1] ?? '';
    let decoded: string | undefined;
    let length = 2;
    if (e in SIMPLE_ESCAPES) decoded = SIMPLE_ESCAPES[e];
    else if (e === 'x') {
      const n = hexRun(literal, i + 2, 2);
      length = 4;
      if (n !== undefined) decoded = String.fromCharCode(n);
    } else if (e === 'u' || e === 'U') {
      const count = e === 'u' ? 4 : 8;
      const n = hexRun(literal, i + 2, count);
      length = 2 + count;
      if (n !== undefined && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff)) decoded = String.fromCodePoint(n);
    } else if (/[0-7]/.test(e)) {
      const digits = literal.slice(i + 1, i + 4);
      length = 4;
      if (/^[0-7]{3}$/.test(digits) && parseInt(digits, 8) <= 255) decoded = String.fromCharCode(parseInt(digits, 8));
    }
    if (decoded === undefined) {
      const stop = Math.min(i + Math.max(length, 2), end);
      badEscapes.push({ start: i, end: stop, text: literal.slice(i, stop) });
      value += literal.slice(i, stop);
      for (let k = i; k < stop; k++) offsets.push(k);
      i = stop;
      continue;
    }
    for (let k = 0; k < decoded.length; k++) offsets.push(i);
    value += decoded;
    i += length;
  }
  offsets.push(end);
  return { value, offsets, badEscapes };
}
