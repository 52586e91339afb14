// The `lb-obs` dispatcher (contract: README, "Command line: `lb-obs`"); cli/program.ts runs it as the program.
import { printable, quoteUserText } from '../core/text/userText';
import { CliError } from './cliError';
import { CliCommand, CliIo, processIo } from './io';
import { helpFor, helpRequest, overview } from './usage';
import { lbObsVersion } from './version';

/**
 * Each command's handler, loaded when the command runs: the CLI is built as ES modules split by import
 * (scripts/build.mjs), so a command loads and compiles only its own code, not every other command's (schemas,
 * parsers, HTTP clients). Its usage, shown by --help, is its entry in cli/usage.ts.
 */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  validate: async () => (await import('./commands/validate')).validateCommand,
  logql: async () => (await import('./commands/logqlCheck')).logqlCommand,
  link: async () => (await import('./commands/link')).linkCommand,
  'flyte-templates': async () => (await import('./commands/flyteTemplates')).flyteTemplatesCommand,
  logs: async () => (await import('./commands/logs')).logsCommand,
  push: async () => (await import('./commands/push')).pushCommand,
  'lb-exec': async () => (await import('./commands/lbExec')).lbExecCommand,
  alloy: async () => (await import('./commands/alloy')).alloyCommand,
  compare: async () => (await import('./commands/compare')).compareCommand,
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    io.stderr(overview());
    return 2;
  }
  if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    io.stdout(overview());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`lb-obs ${lbObsVersion()}\n`);
    return 0;
  }
  if (name === 'help') {
    const help = helpFor(rest);
    if (help) io.stdout(help);
    else io.stderr(`lb-obs help: no command "${quoteUserText(rest.join(' '))}"\n\n${overview()}`);
    return help ? 0 : 2;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`lb-obs: unknown command "${quoteUserText(name)}"\n\n${overview()}`);
    return 2;
  }
  const helpWords = helpRequest(name, rest);
  if (helpWords) {
    io.stdout(helpFor(helpWords) ?? overview());
    return 0;
  }
  // Loaded for `logs` only: the other commands (and --help) load no log engine code.
  const headStart = name === 'logs' ? await import('./scanHeadStart') : undefined;
  try {
    headStart?.startScanWorkersFor(rest, io.cwd);
    const run = await load();
    return await run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`${printable(err.message)}\n`);
      return err.exitCode;
    }
    io.stderr(unexpected(name, err));
    return 2;
  } finally {
    await headStart?.stopEarlyScanWorkers();
  }
}

/** A bug of ours, said in one line: a stack trace means nothing to the user, and frames never reach them. */
export function unexpected(command: string, err: unknown): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return `lb-obs ${quoteUserText(command)}: unexpected error (a bug of lb-obs, please report it): ${quoteUserText(message, 500)}\n`;
}
