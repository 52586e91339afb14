// What a plain YAML scalar means to gopkg.in/yaml.v2, the decoder Loki reads its config with (YAML 1.1
// flavoured: `yes`/`on` are booleans, `0x1F` and `010` are integers, `1_000` drops its underscores, a leading
// `2024-01-02` is a timestamp). Quoted and block scalars are always strings there. Mirrors yaml.v2's resolve().

export type Resolved =
  | { tag: 'null' }
  | { tag: 'bool'; value: boolean }
  | { tag: 'int'; value: bigint }
  | { tag: 'float'; value: number }
  | { tag: 'timestamp'; value: string }
  | { tag: 'str'; value: string };

const BOOLS: Record<string, boolean> = {};
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) BOOLS[s] = true;
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) BOOLS[s] = false;
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS: Record<string, number> = {
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
};
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// What strconv.ParseFloat accepts from a `.`-led scalar.
const DOT_FLOAT = /^\.\d+(?:[eE][-+]?\d+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt/ParseUint with base 0 (prefixes 0x, 0o, 0b, leading-0 octal), as a bigint, else undefined. */
function parseGoInt(text: string): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const digits = m[2];
  let value: bigint;
  if (/^0[oO]/.test(digits)) value = BigInt('0o' + digits.slice(2));
  else if (/^0[0-7]+$/.test(digits)) value = BigInt('0o' + digits.slice(1));
  else value = BigInt(digits);
  if (m[1] === '-') value = -value;
  return value >= INT64_MIN && value <= UINT64_MAX ? value : undefined;
}

function isTimestamp(text: string): boolean {
  if (!/^\d{4}-/.test(text)) return false;
  return (
    /^\d{4}-\d{1,2}-\d{1,2}$/.test(text) ||
    /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(text) ||
    /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,9})?$/.test(text)
  );
}

export function resolvePlain(text: string): Resolved {
  if (text in BOOLS) return { tag: 'bool', value: BOOLS[text] };
  if (NULLS.has(text)) return { tag: 'null' };
  if (text in SPECIAL_FLOATS) return { tag: 'float', value: SPECIAL_FLOATS[text] };
  const first = text[0];
  if (first === '.') {
    return DOT_FLOAT.test(text) ? { tag: 'float', value: Number(text) } : { tag: 'str', value: text };
  }
  if (!/[-+0-9]/.test(first)) return { tag: 'str', value: text };
  if (isTimestamp(text)) return { tag: 'timestamp', value: text };
  const plain = text.replace(/_/g, '');
  const asInt = parseGoInt(plain);
  if (asInt !== undefined) return { tag: 'int', value: asInt };
  if (YAML_STYLE_FLOAT.test(plain)) return { tag: 'float', value: Number(plain) };
  return { tag: 'str', value: text };
}
