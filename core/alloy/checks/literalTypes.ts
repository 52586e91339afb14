// Wrong types that Alloy's decoder rejects whatever the rest of the file says: a literal (or an array or
// object of literals) given where the argument's type cannot accept it. Expressions whose value is only known
// when Alloy runs (references, calls, operators) are left alone, and so are the conversions Alloy makes
// (number <-> string, value.convertValue).
import type { Expr } from '../ast';

function inner(type: string, wrapper: string): string | undefined {
  return type.startsWith(`${wrapper}(`) && type.endsWith(')') ? type.slice(wrapper.length + 1, -1) : undefined;
}

function describe(expr: Expr): string {
  if (expr.type === 'literal') return expr.kind === 'float' ? 'number' : expr.kind;
  if (expr.type === 'array') return 'list';
  return 'object';
}

// Durations as Go's time.ParseDuration or Prometheus' model.ParseDuration read them (the catalog does not tell
// the two apart, so a string either accepts is not reported).
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;
const PROMETHEUS_DURATION = /^((\d+)(y|w|d|h|m|s|ms))+$|^0$/;

export function isDuration(text: string): boolean {
  return GO_DURATION.test(text) || PROMETHEUS_DURATION.test(text);
}

/** Returns the first literal in `expr` that `type` cannot accept, with the type that was expected there. */
export function typeMismatch(expr: Expr, type: string): { expr: Expr; expected: string; got: string } | undefined {
  if (expr.type !== 'literal' && expr.type !== 'array' && expr.type !== 'object') return undefined;
  if (expr.type === 'literal' && expr.kind === 'null') return undefined;
  const got = describe(expr);
  const fail = { expr, expected: type, got };
  const list = inner(type, 'list');
  const map = inner(type, 'map');
  switch (true) {
    case type === 'string' || type === 'secret':
      return got === 'string' || got === 'number' ? undefined : fail;
    case type === 'duration':
      if (got === 'string' && expr.type === 'literal' && !isDuration(String(expr.value))) return { expr, expected: 'duration', got: `"${String(expr.value)}"` };
      return got === 'string' || got === 'number' ? undefined : fail;
    case type === 'number':
      if (got === 'number') return undefined;
      if (got === 'string' && expr.type === 'literal' && /^-?\d+(\.\d*)?([eE][-+]?\d+)?$/.test(String(expr.value))) return undefined;
      return fail;
    case type === 'bool':
      return got === 'bool' ? undefined : fail;
    case list !== undefined:
      if (expr.type !== 'array') return fail;
      for (const e of expr.elements) {
        const m = typeMismatch(e, list!);
        if (m) return m;
      }
      return undefined;
    case map !== undefined:
      if (expr.type !== 'object') return fail;
      for (const f of expr.fields) {
        const m = typeMismatch(f.value, map!);
        if (m) return m;
      }
      return undefined;
    case type === 'object':
      return expr.type === 'object' ? undefined : fail;
  }
  return undefined;
}
