// Typed checks of values that crossed a message channel: each returns the value with its static type or throws
// `Invalid` saying where and what (`filter.hosts[1]: expected a string`). Method tables (rpc.ts) are built from
// them, so a parameter's type and its check are one declaration.
export class Invalid extends Error {}

/** Checks `value` found at `where` and returns it typed (a copy holding known fields only, for objects). */
export type Check<T> = (value: unknown, where: string) => T;

export function fail(where: string, what: string): never {
  throw new Invalid(`${where}: ${what}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function integer(min: number, max: number): Check<number> {
  return (value, where) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) fail(where, 'expected an integer');
    if (value < min || value > max) fail(where, `expected ${min}..${max}, got ${value}`);
    return value;
  };
}

export function string(maxLength: number): Check<string> {
  return (value, where) => {
    if (typeof value !== 'string') fail(where, 'expected a string');
    if (value.length > maxLength) fail(where, `longer than ${maxLength} characters`);
    return value;
  };
}

export const boolean: Check<boolean> = (value, where) => {
  if (typeof value !== 'boolean') fail(where, 'expected true or false');
  return value;
};

/** One of a few literal values; `expected` says them the way a reader knows them. */
export function oneOf<const T extends string | number>(values: readonly T[], expected = `one of ${values.join(', ')}`): Check<T> {
  return (value, where) => {
    if (!values.includes(value as T)) fail(where, `expected ${expected}`);
    return value as T;
  };
}

export function list<T>(item: Check<T>, maxItems: number): Check<T[]> {
  return (value, where) => {
    if (!Array.isArray(value)) fail(where, 'expected an array');
    if (value.length > maxItems) fail(where, `more than ${maxItems} values`);
    return value.map((v, i) => item(v, `${where}[${i}]`));
  };
}

type Fields = Record<string, Check<unknown>>;
type Checked<F extends Fields> = { [K in keyof F]?: F[K] extends Check<infer T> ? T : never };

/** An object of optional known fields, rebuilt from those fields only; an unknown field is an error. */
export function object<F extends Fields>(fields: F): Check<Checked<F>> {
  return (value, where) => {
    if (!isRecord(value)) fail(where, 'expected an object');
    for (const key of Object.keys(value)) if (!Object.hasOwn(fields, key)) fail(`${where}.${key}`, 'unknown field');
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(fields)) if (value[key] !== undefined) out[key] = check(value[key], `${where}.${key}`);
    return out as Checked<F>;
  };
}

/** A map of any keys (an own property each, `__proto__` too), each value checked. */
export function record<T>(item: Check<T>, maxKeys: number): Check<Record<string, T>> {
  return (value, where) => {
    if (!isRecord(value)) fail(where, 'expected an object');
    const keys = Object.keys(value);
    if (keys.length > maxKeys) fail(where, `more than ${maxKeys} keys`);
    return Object.fromEntries(keys.map((key) => [key, item(value[key], `${where}.${key}`)]));
  };
}

/** An object check whose `keys` must be present. */
export function requiring<T, K extends keyof T & string>(check: Check<T>, ...keys: K[]): Check<T & Required<Pick<T, K>>> {
  return (value, where) => {
    const checked = check(value, where);
    for (const key of keys) if (checked[key] === undefined) fail(`${where}.${key}`, 'missing');
    return checked as T & Required<Pick<T, K>>;
  };
}
