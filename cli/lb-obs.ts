// Entry point of the `lb-obs` command line tool (contract: README, "Command line: `lb-obs`").
import { printable, quoteUserText } from '../core/text/userText';
import { CliError } from './cliError';
import { CliCommand, CliIo, processIo } from './io';
import { validateCommand } from './commands/validate';
import { logqlCommand } from './commands/logqlCheck';
import { linkCommand } from './commands/link';
import { flyteTemplatesCommand } from './commands/flyteTemplates';
import { pushCommand } from './commands/push';
import { logsCommand } from './commands/logs';
import { lbExecCommand } from './commands/lbExec';
import { alloyCommand } from './commands/alloy';
import { compareCommand } from './commands/compare';
import { helpFor, helpRequest, overview } from './usage';

/** Each command's handler; its usage, shown by --help, is its entry in cli/usage.ts. */
const COMMANDS: Record<string, CliCommand> = {
  validate: validateCommand,
  logql: logqlCommand,
  link: linkCommand,
  'flyte-templates': flyteTemplatesCommand,
  logs: logsCommand,
  push: pushCommand,
  'lb-exec': lbExecCommand,
  alloy: alloyCommand,
  compare: compareCommand,
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
  if (name === 'help') {
    const help = helpFor(rest);
    if (help) io.stdout(help);
    else io.stderr(`lb-obs help: no command "${quoteUserText(rest.join(' '))}"\n\n${overview()}`);
    return help ? 0 : 2;
  }
  const run = COMMANDS[name];
  if (!run) {
    io.stderr(`lb-obs: unknown command "${quoteUserText(name)}"\n\n${overview()}`);
    return 2;
  }
  const helpWords = helpRequest(name, rest);
  if (helpWords) {
    io.stdout(helpFor(helpWords) ?? overview());
    return 0;
  }
  try {
    return await run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`${printable(err.message)}\n`);
      return err.exitCode;
    }
    io.stderr(unexpected(name, err));
    return 2;
  }
}

/** A bug of ours, said in one line: a stack trace means nothing to the user, and frames never reach them. */
function unexpected(command: string, err: unknown): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return `lb-obs ${quoteUserText(command)}: unexpected error (a bug of lb-obs, please report it): ${quoteUserText(message, 500)}\n`;
}

// Run as the `lb-obs` program only: a test bundle that includes this module (to call main() in-process) is its
// own require.main too.
if (require.main === module && /lb-obs(\.js)?$/.test(process.argv[1] ?? '')) {
  process.on('uncaughtException', (err) => {
    process.stderr.write(unexpected(process.argv[2] ?? '', err));
    process.exit(2);
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
