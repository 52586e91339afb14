// What lb's pydantic models (lax mode) make of a value of the wrong JSON type: `"3"` and `true` become numbers,
// `"yes"` and `1` become booleans, `3.0` an integer. Such values work, so they are warnings, never errors, and
// lb's own cross-field rules must compare the converted values.
import type { Node } from 'jsonc-parser';

const TRUE_WORDS = ['true', 'yes', 'on', '1', 't', 'y'];
const FALSE_WORDS = ['false', 'no', 'off', '0', 'f', 'n'];

/** The value lb converts `data` to for a field of one of `types`, or undefined when lb refuses it. */
export function laxValue(types: string | string[], data: unknown): number | boolean | undefined {
  const expected = Array.isArray(types) ? types : [types];
  if (typeof data === 'string') {
    const text = data.trim();
    // pydantic-core drops an all-zero fraction of a numeric string ("3.0", "3.") for int fields.
    if (expected.includes('integer') && /^[+-]?\d+(\.0*)?$/.test(text)) return Number(text);
    // Decimal notation only: Number() would also take "0x10", which Python's float parsing refuses.
    if (expected.includes('number') && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
    if (expected.includes('boolean')) {
      const lower = text.toLowerCase();
      if (TRUE_WORDS.includes(lower)) return true;
      if (FALSE_WORDS.includes(lower)) return false;
    }
  }
  if (typeof data === 'boolean' && (expected.includes('integer') || expected.includes('number'))) return data ? 1 : 0;
  if (typeof data === 'number' && expected.includes('integer') && Number.isInteger(data)) return data;
  if (typeof data === 'number' && expected.includes('boolean') && (data === 0 || data === 1)) return data === 1;
  return undefined;
}

/** A node's value as the number lb reads, or undefined when it is missing or not a number lb accepts. */
export function laxNumber(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  if (node.type === 'number') return Number(node.value);
  const value = laxValue('number', node.value);
  return typeof value === 'number' ? value : undefined;
}

/** A node's value as the boolean lb reads, or undefined when it is missing or not a boolean lb accepts. */
export function laxBoolean(node: Node | undefined): boolean | undefined {
  if (!node) return undefined;
  if (node.type === 'boolean') return Boolean(node.value);
  const value = laxValue('boolean', node.value);
  return typeof value === 'boolean' ? value : undefined;
}
