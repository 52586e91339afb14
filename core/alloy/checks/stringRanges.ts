// Positions inside Alloy string literals: a problem found in the decoded value (a regex, a selector) is
// reported at the source characters that produced it, escapes included.
import type { LiteralExpr, Range } from '../ast';

/** The source range of decoded characters [start, end) of a string literal. */
export function rangeInString(literal: LiteralExpr, start: number, end: number): Range {
  const offsets = literal.string!.offsets;
  const last = offsets.length - 1;
  const s = offsets[Math.max(0, Math.min(start, last))];
  const e = end > start ? offsets[Math.max(0, Math.min(end, last))] : s;
  return { start: s, end: Math.max(e, s) };
}

/** The characters between the quotes. */
export function stringContent(literal: LiteralExpr): Range {
  return { start: literal.range.start + 1, end: Math.max(literal.range.start + 1, literal.range.end - 1) };
}
