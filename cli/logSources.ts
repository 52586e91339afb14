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
    const absolute = path.resolve(io.cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(absolute);
    } catch (err) {
      throw new CliError(`lb-obs ${command}: cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    (st.isDirectory() ? runDirs : files).push(absolute);
  }
  return { files, runDirs };
}
