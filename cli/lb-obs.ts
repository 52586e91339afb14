// Entry point of the `lb-obs` command line tool (contract: shared/docs/product.md).
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

const COMMANDS: Record<string, { run: CliCommand; summary: string }> = {
  validate: { run: validateCommand, summary: 'validate lb configs, Grafana dashboards/provisioning and LogQL files' },
  logql: { run: logqlCommand, summary: 'logql check (--query <q> | <file>...): check LogQL queries' },
  link: { run: linkCommand, summary: 'print a Grafana link: run, flyte, airflow, query or dashboard' },
  'flyte-templates': { run: flyteTemplatesCommand, summary: 'print flytepropeller logs.templates YAML with Grafana Explore URIs' },
  logs: { run: logsCommand, summary: 'logs stats|show <file|run-dir>...: count, filter and follow run logs' },
  push: { run: pushCommand, summary: 'push run logs to Loki (<run-dir|file>... --loki <url>), exactly once, resumable' },
  'lb-exec': { run: lbExecCommand, summary: 'run lb (--config=<run config> -- <lb> <args...>), pointing its config errors into the config' },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return `Usage: lb-obs <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nExit codes: 0 success, 1 problems found, 2 usage or I/O error.\n`;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`lb-obs: unknown command "${quoteUserText(name)}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
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

if (require.main === module) {
  process.on('uncaughtException', (err) => {
    process.stderr.write(unexpected(process.argv[2] ?? '', err));
    process.exit(2);
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
