// How deeply a text nests its brackets, found by one flat scan that skips strings (and, where the language has
// them, raw strings and comments). The parsers we use recurse once per level and overflow the stack past a few
// hundred to a few thousand levels; JSON, YAML flow collections and LogQL are checked against this first.

export interface BracketSyntax {
  /** The characters that open a level, and that close one. */
  opens: string;
  closes: string;
  /** `...` holds raw text (LogQL). */
  backtickStrings?: boolean;
  /** `#` starts a comment to the end of the line (LogQL). */
  hashComments?: boolean;
}

/** The offset of the bracket that opens level `limit + 1`, or undefined when the text stays within `limit`. */
export type NestingScan = (text: string, limit: number) => number | undefined;

const OPEN = 1;
const CLOSE = 2;
const STRING = 3;
const RAW = 4;
const COMMENT = 5;

/** A scan for one language: its characters' roles in a table, so that each character costs one lookup. */
export function nestingScan(syntax: BracketSyntax): NestingScan {
  const role = new Uint8Array(128);
  for (const c of syntax.opens) role[c.charCodeAt(0)] = OPEN;
  for (const c of syntax.closes) role[c.charCodeAt(0)] = CLOSE;
  role[34 /* " */] = STRING;
  if (syntax.backtickStrings) role[96 /* ` */] = RAW;
  if (syntax.hashComments) role[35 /* # */] = COMMENT;
  return (text, limit) => {
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      switch (c < 128 ? role[c] : 0) {
        case STRING:
          for (i++; i < text.length; i++) {
            const s = text.charCodeAt(i);
            if (s === 92 /* \ */) i++;
            else if (s === 34 || s === 10 /* an unterminated string ends at its line */) break;
          }
          break;
        case RAW: {
          const close = text.indexOf('`', i + 1);
          i = close < 0 ? text.length : close;
          break;
        }
        case COMMENT: {
          const nl = text.indexOf('\n', i);
          i = nl < 0 ? text.length : nl;
          break;
        }
        case OPEN:
          if (++depth > limit) return i;
          break;
        case CLOSE:
          if (depth > 0) depth--;
          break;
      }
    }
    return undefined;
  };
}
