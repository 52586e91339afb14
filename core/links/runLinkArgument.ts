// The argument of "Open Run Logs in Grafana" / "Copy Grafana Link" (`{ runDir?, runId?, filter? }`), checked
// field by field: it comes from other views and from a webview, so nothing in it is trusted.
import { LOG_LEVELS, LogLevel } from '../logging/levels';
import type { LogFilter } from '../logs/model';
import { LinkInputError } from '../logql/build/inputError';

export interface RunLinkArgument {
  runDir?: string;
  runId?: string;
  filter?: LogFilter;
}

function fail(field: string, expected: string): never {
  throw new LinkInputError(`invalid run link argument: ${field} must be ${expected}`);
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') fail(field, 'a string');
  return value;
}

function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) fail(field, 'a list of strings');
  return value as string[];
}

function optionalNumber(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, 'a number');
  return value;
}

function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(field, 'true or false');
  return value;
}

export function parseLogFilter(value: unknown): LogFilter {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('filter', 'an object');
  const f = value as Record<string, unknown>;
  const minLevel = optionalString(f.minLevel, 'filter.minLevel');
  if (minLevel !== undefined && !LOG_LEVELS.includes(minLevel as LogLevel)) fail('filter.minLevel', `one of ${LOG_LEVELS.join(', ')}`);
  const repetitions = f.repetitions;
  if (repetitions !== undefined && repetitions !== null && (!Array.isArray(repetitions) || !repetitions.every((r) => Number.isInteger(r)))) {
    fail('filter.repetitions', 'a list of integers');
  }
  return {
    minLevel: minLevel as LogLevel | undefined,
    components: stringList(f.components, 'filter.components'),
    hosts: stringList(f.hosts, 'filter.hosts'),
    workloads: stringList(f.workloads, 'filter.workloads'),
    repetitions: (repetitions ?? undefined) as number[] | undefined,
    phases: stringList(f.phases, 'filter.phases'),
    text: optionalString(f.text, 'filter.text'),
    regex: optionalBoolean(f.regex, 'filter.regex'),
    caseSensitive: optionalBoolean(f.caseSensitive, 'filter.caseSensitive'),
    from: optionalNumber(f.from, 'filter.from'),
    to: optionalNumber(f.to, 'filter.to'),
  };
}

/** No argument gives `{}`: the command then asks for the run. */
export function parseRunLinkArgument(value: unknown): RunLinkArgument {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) fail('the argument', 'an object { runDir?, runId?, filter? }');
  const a = value as Record<string, unknown>;
  return {
    runDir: optionalString(a.runDir, 'runDir'),
    runId: optionalString(a.runId, 'runId'),
    filter: a.filter === undefined || a.filter === null ? undefined : parseLogFilter(a.filter),
  };
}
