// `lb-obs lb-exec --config=<run config> -- <lb> <lb args...>`: runs lb (no shell) with exactly the arguments
// given, stdin inherited, and forwards its stdout and stderr unchanged as they arrive. After each error of
// lb's that concerns the run config (core/tasks/lbOutput.ts) it prints one line naming the config's path and
// position (core/tasks/problemLine.ts), which the `$lb` problem matcher of the `lb` tasks reads.
// Exit code: lb's, 128 + the number of the signal that ended lb, 127 (not found) or 126 (not executable)
// when lb cannot be started, 2 for a usage error.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Readable, Writable } from 'stream';
import { StringDecoder } from 'string_decoder';
import { isatty } from 'tty';
import { parseArgs } from 'util';
import { ConfigLocator } from '../../core/tasks/configPosition';
import { LbOutputParser, LbProblem, problemMessage } from '../../core/tasks/lbOutput';
import { canNameInProblemLine, formatProblemLine } from '../../core/tasks/problemLine';
import { UsageError } from '../cliError';
import type { CliCommand } from '../io';

const USAGE = 'usage: lb-obs lb-exec --config=<run config> -- <lb> [lb arguments...]';
/** A line longer than this (a progress bar redrawn with carriage returns) is only scanned by its end. */
const MAX_LINE = 64 * 1024;
/** After lb exits, how long output still in the pipes may take to arrive (a process lb left behind may hold them open). */
const DRAIN_MS = 2_000;

interface LbExecArgs {
  config: string;
  command: string;
  commandArgs: string[];
}

function parseLbExecArgs(args: string[]): LbExecArgs {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { config: { type: 'string' } }, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError(`lb-obs lb-exec: ${(err as Error).message}\n${USAGE}`);
  }
  const terminator = parsed.tokens.find((t) => t.kind === 'option-terminator');
  if (!terminator || parsed.tokens.some((t) => t.kind === 'positional' && t.index < terminator.index)) {
    throw new UsageError(`lb-obs lb-exec: give lb's command after "--"\n${USAGE}`);
  }
  const [command, ...commandArgs] = args.slice(terminator.index + 1);
  if (!command) throw new UsageError(`lb-obs lb-exec: no command after "--"\n${USAGE}`);
  if (parsed.values.config === undefined) throw new UsageError(`lb-obs lb-exec: --config is required\n${USAGE}`);
  return { config: parsed.values.config, command, commandArgs };
}

/**
 * lb's environment. Its output now goes to pipes rather than the task's terminal: Python would buffer stdout
 * in blocks, and rich would drop colours and assume 80 columns. When the wrapper runs in a terminal, lb is
 * told so (FORCE_COLOR, COLUMNS, LINES), so it looks as it did when it ran in the terminal itself. The
 * variable that made VS Code's executable act as Node.js is not lb's.
 */
export function lbEnvironment(env: NodeJS.ProcessEnv, terminal?: { columns: number; rows: number }): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, PYTHONUNBUFFERED: env.PYTHONUNBUFFERED ?? '1' };
  delete out.ELECTRON_RUN_AS_NODE;
  if (terminal) {
    if (out.FORCE_COLOR === undefined && out.NO_COLOR === undefined) out.FORCE_COLOR = '1';
    if (terminal.columns > 0) out.COLUMNS ??= String(terminal.columns);
    if (terminal.rows > 0) out.LINES ??= String(terminal.rows);
  }
  return out;
}

/** The task's terminal, shared by both streams: problem lines wait until it is at the start of a line. */
class TerminalOutput {
  private atLineStart = true;
  private readonly queued: string[] = [];

  constructor(private readonly report: Writable) {}

  forward(target: Writable, source: Readable, chunk: Buffer): void {
    if (!target.write(chunk)) {
      source.pause();
      target.once('drain', () => source.resume());
    }
    this.atLineStart = chunk[chunk.length - 1] === 0x0a;
    if (this.atLineStart) this.flush();
  }

  problemLine(line: string): void {
    this.queued.push(line);
    if (this.atLineStart) this.flush();
  }

  /** lb has ended: anything still queued goes out, on a line of its own. */
  finish(): void {
    if (!this.queued.length) return;
    if (!this.atLineStart) this.report.write('\n');
    this.atLineStart = true;
    this.flush();
  }

  private flush(): void {
    if (this.queued.length) this.report.write(`${this.queued.splice(0).join('\n')}\n`);
  }
}

/** Splits one stream into lines for the parser (UTF-8 decoded across chunk boundaries). */
class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = lines.pop()!.slice(-MAX_LINE);
    for (const line of lines) this.onLine(line);
  }

  end(): void {
    const last = this.partial + this.decoder.end();
    this.partial = '';
    if (last) this.onLine(last);
  }
}

/** Turns lb's problems into problem lines, reading the config once, when the first problem needs it. */
class ProblemReporter {
  private locator: ConfigLocator | undefined;
  private warned = false;

  constructor(
    private readonly configPath: string,
    private readonly terminal: TerminalOutput,
    private readonly stderr: Writable,
  ) {}

  report(problems: LbProblem[]): void {
    for (const problem of problems) {
      if (!canNameInProblemLine(this.configPath)) {
        if (!this.warned) this.stderr.write(`lb-obs: cannot point at lb's errors in ${JSON.stringify(this.configPath)}: its name has a line break or control character\n`);
        this.warned = true;
        return;
      }
      this.locator ??= new ConfigLocator(readText(this.configPath));
      const range = this.locator.locate(problem);
      this.terminal.problemLine(formatProblemLine(this.configPath, range, 'error', problemMessage(problem), problem.code));
    }
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // Gone or unreadable since lb read it: the problems still get reported, on line 1.
    return '';
  }
}

function exitCodeOfSignal(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? 0);
}

export const lbExecCommand: CliCommand = async (args, io) => {
  const { config, command, commandArgs } = parseLbExecArgs(args);
  const stdout = process.stdout;
  const stderr = process.stderr;
  // The terminal may go away while lb still runs; lb's exit code is what matters then.
  stdout.on('error', () => undefined);
  stderr.on('error', () => undefined);
  const terminal = new TerminalOutput(stderr);
  const reporter = new ProblemReporter(path.resolve(io.cwd, config), terminal, stderr);
  const tty = stdout.isTTY ? { columns: stdout.columns, rows: stdout.rows } : undefined;

  const child = spawn(command, commandArgs, { cwd: io.cwd, env: lbEnvironment(io.env, tty), stdio: ['inherit', 'pipe', 'pipe'] });
  // Ctrl+C in a terminal reaches lb directly (the same foreground process group); forwarding it as well would
  // be a second Ctrl+C, which makes lb give up its orderly stop. Signals sent to this process alone are passed on.
  const forward = (signal: NodeJS.Signals) => {
    if (signal === 'SIGINT' && isatty(0)) return;
    child.kill(signal);
  };
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const signal of signals) process.on(signal, forward);

  const streams = [
    { from: child.stdout!, to: stdout, parser: new LbOutputParser() },
    { from: child.stderr!, to: stderr, parser: new LbOutputParser() },
  ].map(({ from, to, parser }) => {
    const lines = new LineSplitter((line) => reporter.report(parser.push(line)));
    from.on('data', (chunk: Buffer) => {
      terminal.forward(to, from, chunk);
      lines.push(chunk);
    });
    const ended = new Promise<void>((resolve) => from.once('end', resolve).once('close', resolve));
    const finish = () => {
      lines.end();
      reporter.report(parser.end());
    };
    return { from, ended, finish };
  });

  const exit = await new Promise<{ code: number } | { error: NodeJS.ErrnoException }>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ error }));
    child.once('exit', (code, signal) => resolve({ code: signal ? exitCodeOfSignal(signal) : (code ?? 0) }));
  });
  for (const signal of signals) process.off(signal, forward);

  if ('error' in exit) {
    for (const s of streams) s.from.destroy();
    const notFound = exit.error.code === 'ENOENT';
    stderr.write(`lb-obs lb-exec: cannot start ${JSON.stringify(command)}: ${notFound ? 'not found' : exit.error.message}\n`);
    return notFound ? 127 : 126;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(streams.map((s) => s.ended)), new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
  clearTimeout(timer);
  for (const s of streams) {
    s.from.destroy();
    s.finish();
  }
  terminal.finish();
  return exit.code;
};
