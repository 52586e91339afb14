// The files and run folders named on a `logs` command line, checked once for every command that reads run logs.
import * as fs from 'fs';
import * as path from 'path';
import { CliError, UsageError } from './cliError';
import { CliIo } from './io';

/** Positionals split into files and run folders; none is a usage error, a missing one an I/O error (exit 2). */
export function logSources(positionals: string[], io: CliIo, command: string): { files: string[]; runDirs: string[] } {
  if (positionals.length === 0) throw new UsageError(`lb-obs ${command}: give at least one file or run folder\nRun "lb-obs ${command} --help" for its usage.`);
  const files: string[] = [];
  const runDirs: string[] = [];
  for (const p of positionals) {
    const { absolute, stats } = statArgument(p, io, command);
    (stats.isDirectory() ? runDirs : files).push(absolute);
  }
  return { files, runDirs };
}

/** A path given on the command line, absolute, with what it is; one that cannot be read is an I/O error (exit 2). */
export function statArgument(arg: string, io: CliIo, command: string): { absolute: string; stats: fs.Stats } {
  const absolute = path.resolve(io.cwd, arg);
  try {
    return { absolute, stats: fs.statSync(absolute) };
  } catch (err) {
    throw new CliError(`lb-obs ${command}: cannot read ${arg}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
