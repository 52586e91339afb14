// Thin wrapper over node's util.parseArgs that turns its errors into usage errors (exit code 2).
import { parseArgs, ParseArgsConfig } from 'util';
import { UsageError } from './cliError';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export function parseOptions<T extends OptionSpec>(args: string[], options: T, command: string): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`lb-obs ${command}: ${(err as Error).message}\nRun "lb-obs ${command} --help" for its usage.`);
  }
}

/** parseOptions for a command that takes options only: any other argument is a usage error. */
export function parseOptionsOnly<T extends OptionSpec>(args: string[], options: T, command: string): ReturnType<typeof parseOptions<T>>['values'] {
  const { values, positionals } = parseOptions(args, options, command);
  if (positionals.length) throw new UsageError(`lb-obs ${command}: unexpected argument "${positionals[0]}"`);
  return values;
}

export function formatOption(value: string | undefined, allowed: string[], command: string): string {
  const format = value ?? allowed[0];
  if (!allowed.includes(format)) {
    throw new UsageError(`lb-obs ${command}: --format must be one of ${allowed.join(', ')} (got "${format}")`);
  }
  return format;
}
