// Alloy string literals are Go's (its runtime unquotes them with strconv.Unquote): "double-quoted" with Go
// escapes, or `raw` between backticks, where Go drops carriage returns.
import { decodeLogQLString } from '../logql/goStrings';

export interface DecodedAlloyString {
  value: string;
  /** For each character of `value`, its offset in the literal (quotes included); plus the closing quote's. */
  offsets: number[];
}

export function decodeAlloyString(literal: string): DecodedAlloyString {
  const decoded = decodeLogQLString(literal);
  if (literal[0] !== '`' || !decoded.value.includes('\r')) return { value: decoded.value, offsets: decoded.offsets };
  let value = '';
  const offsets: number[] = [];
  for (let i = 0; i < decoded.value.length; i++) {
    if (decoded.value[i] === '\r') continue;
    value += decoded.value[i];
    offsets.push(decoded.offsets[i]);
  }
  offsets.push(decoded.offsets[decoded.value.length]);
  return { value, offsets };
}
