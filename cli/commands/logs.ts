// `lb-obs logs stats|show <file|run-dir>...` (contract: README, "Command line: `lb-obs`"): the log engine, headless;
// `logs query|labels` read any LogQL query from Loki (logsQuery.ts, logsLabels.ts).
import { logStats } from '../../core/logs/logStats';
import { LocalLogSession, LogSourceError } from '../../core/logs/logSession';
import { LOG_LEVELS, LogFilter, LogLevel, LogRow } from '../../core/logs/model';
import { createLogSession } from '../../core/logs/openLogSession';
import { InvalidFilterError } from '../../core/logs/rowFilter';
import { formatTimestamp } from '../../core/logs/timestamp';
import { CliError, UsageError } from '../cliError';
import { CliIo, CliCommand, processIo } from '../io';
import { logSources } from '../logSources';
import { scanWorkerScript } from '../scanWorkerScript';
import { formatOption, parseOptions } from '../parseOptions';
// Log text is untrusted: control characters (terminal escape sequences) are shown as symbols, not sent.
import { printable } from '../../core/text/userText';

const USAGE = `Usage:
  lb-obs logs stats <file|run-dir>... [--format text|json]
  lb-obs logs show <file|run-dir>... [--level MIN] [--component C]... [--host H]... [--workload W]...
                   [--grep TEXT] [--follow] [--format text|jsonl]
  lb-obs logs query <LogQL> [--since D | --from T --to T] [--limit N] [--follow] [--format text|jsonl] [--forward]
  lb-obs logs labels [NAME] [--query <LogQL>] [--since D | --from T --to T]
  lb-obs logs patterns <file|run-dir>... [--format text|json] [--top N]
A run folder means every logs/*.jsonl in it (with rotated backups); lines are merged by time.
`;

/** Rows fetched from the session per step when printing. */
const PAGE_ROWS = 5000;

export const logsCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === 'stats') return stats(rest, io);
  if (sub === 'show') return show(rest, io);
  // Loaded when run, as commands are (cli/lb-obs.ts): stats and show need neither Loki's client nor the miner.
  if (sub === 'query') return (await import('./logsQuery')).logsQuery(rest, io);
  if (sub === 'labels') return (await import('./logsLabels')).logsLabels(rest, io);
  if (sub === 'patterns') return (await import('./logsPatterns')).logsPatterns(rest, io);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  throw new UsageError(`lb-obs logs: ${sub ? `unknown subcommand "${sub}"` : 'give a subcommand'}\n\n${USAGE}`);
};

async function open(positionals: string[], io: CliIo, command: string, follow: boolean): Promise<LocalLogSession> {
  const { files, runDirs } = logSources(positionals, io, command);
  const progress = progressPrinter(io);
  try {
    return await createLogSession({ files, runDirs, follow, scanWorkerScript: scanWorkerScript(), onProgress: progress.update });
  } catch (err) {
    if (err instanceof LogSourceError) throw new CliError(`lb-obs ${command}: ${err.message}`);
    throw err;
  } finally {
    progress.done();
  }
}

/** Progress of a long indexing on stderr, redrawn in place; only on a terminal and only after half a second. */
function progressPrinter(io: CliIo) {
  const started = Date.now();
  let shown = false;
  return {
    update: (done: number, total: number) => {
      if (!io.stderrIsTTY || Date.now() - started < 500 || total === 0) return;
      shown = true;
      io.stderr(`\rindexing ${Math.floor((100 * done) / total)}% (${(done / 2 ** 20).toFixed(0)} of ${(total / 2 ** 20).toFixed(0)} MiB)`);
    },
    done: () => {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

async function stats(args: string[], io: CliIo): Promise<number> {
  const started = performance.now();
  const { values, positionals } = parseOptions(args, { format: { type: 'string' } }, 'logs stats');
  const format = formatOption(values.format, ['text', 'json'], 'logs stats');
  const session = await open(positionals, io, 'logs stats', false);
  try {
    const result = await logStats(session, performance.now() - started);
    if (format === 'json') {
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const counts = (c: Record<string, number>) =>
      Object.entries(c)
        .map(([k, v]) => `${printable(k)} ${v}`)
        .join(', ') || '-';
    io.stdout(
      [
        `lines      ${result.lines}`,
        `records    ${result.records}`,
        `malformed  ${result.malformed}`,
        `first      ${result.firstTimestamp ?? '-'}`,
        `last       ${result.lastTimestamp ?? '-'}`,
        `levels     ${counts(result.byLevel)}`,
        `components ${counts(result.byComponent)}`,
        `hosts      ${counts(result.byHost)}`,
        `workloads  ${counts(result.byWorkload)}`,
        `elapsed    ${result.elapsedMs} ms`,
        '',
      ].join('\n'),
    );
    if (result.malformed > 0) reportMalformed(session, io, 'logs stats', 5);
    return 0;
  } finally {
    await session.dispose();
  }
}

/** Lists where malformed lines are (file:line: problem) on stderr, the first `limit` of them. */
function reportMalformed(session: LocalLogSession, io: CliIo, command: string, limit: number): void {
  const found = session.malformedRows(limit);
  const total = found.total;
  io.stderr(`lb-obs ${command}: ${total} malformed line${total === 1 ? '' : 's'} (kept, not valid lb records)${total > found.rows.length ? `; the first ${found.rows.length}` : ''}:\n`);
  for (const m of found.rows) io.stderr(`  ${printable(m.where)}: ${printable(m.problem)}\n`);
}

async function show(args: string[], io: CliIo): Promise<number> {
  const command = 'logs show';
  const { values, positionals } = parseOptions(
    args,
    {
      format: { type: 'string' },
      level: { type: 'string' },
      component: { type: 'string', multiple: true },
      host: { type: 'string', multiple: true },
      workload: { type: 'string', multiple: true },
      grep: { type: 'string' },
      follow: { type: 'boolean' },
    },
    command,
  );
  const format = formatOption(values.format, ['text', 'jsonl'], command);
  let minLevel: LogLevel | undefined;
  if (values.level !== undefined) {
    minLevel = LOG_LEVELS.find((l) => l === values.level!.toUpperCase());
    if (!minLevel) throw new UsageError(`lb-obs ${command}: --level must be one of ${LOG_LEVELS.join(', ')} (got "${values.level}")`);
  }
  const filter: LogFilter = { minLevel, components: values.component, hosts: values.host, workloads: values.workload };
  if (values.grep !== undefined) Object.assign(filter, { text: values.grep, caseSensitive: true });
  const follow = values.follow ?? false;
  const session = await open(positionals, io, command, follow);
  const printer = new RowPrinter(session, io, format);
  try {
    try {
      await session.setFilter(filter);
    } catch (err) {
      if (err instanceof InvalidFilterError) throw new UsageError(`lb-obs ${command}: ${err.message}`);
      throw err;
    }
    const marks = session.followMarks();
    const { matched } = await session.info();
    for (let start = 0; start < matched && !printer.closed; start += PAGE_ROWS) {
      const end = Math.min(matched, start + PAGE_ROWS);
      for (let i = start; i < end; i++) printer.print(session.locate(i), i);
      await printer.flush();
    }
    if (!follow || printer.closed) {
      printer.summary();
      return 0;
    }
    await followNew(session, printer, marks);
    return 0;
  } finally {
    await session.dispose();
  }
}

/** Prints rows taken in after `marks` as they come, until the process is interrupted. */
async function followNew(session: LocalLogSession, printer: RowPrinter, marks: number[]): Promise<void> {
  let busy = Promise.resolve();
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const printNew = () => {
    busy = busy.then(async () => {
      for (const at of session.matchingSince(marks)) printer.print(at, -1);
      await printer.flush();
      // The reader went away (`--follow | head`): end like `tail -f` does, instead of waiting for a signal.
      if (printer.closed) stop();
    });
    // Reported by the final `await busy`; until then the failure only stops the printing.
    busy.catch(stop);
  };
  session.onDidChange(printNew);
  printNew();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await stopped;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  await busy;
}

class RowPrinter {
  private buffer: string[] = [];
  private malformedSkipped = 0;

  print(at: { source: number; row: number }, index: number): void {
    const row = this.session.rowAt(at.source, at.row, index);
    if (this.format === 'jsonl') {
      if (!row.parsed) {
        // JSONL output stays valid JSONL: malformed lines are reported on stderr instead.
        this.malformedSkipped++;
        this.io.stderr(`lb-obs logs show: ${printable(this.session.where(at.source, at.row))}: malformed line not printed: ${printable(row.problem ?? '')}\n`);
        return;
      }
      const raw = this.session.rawLine(at.source, at.row);
      if (raw) this.buffer.push(raw.toString('utf8', raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0));
      return;
    }
    this.buffer.push(textLine(row, printable(this.session.where(at.source, at.row))));
  }

  /** The reader went away (`| head`): stop printing, as other command line tools do. */
  closed = false;

  constructor(
    private readonly session: LocalLogSession,
    private readonly io: CliIo,
    private readonly format: string,
  ) {
    if (io.stdout === processIo.stdout) {
      // EPIPE, or any other reason stdout cannot be written any more.
      process.stdout.on('error', () => {
        this.closed = true;
        process.stdout.emit('drain');
      });
    }
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0 || this.closed) return;
    this.io.stdout(`${this.buffer.join('\n')}\n`);
    this.buffer = [];
    // Respect a slow reader (a pager) instead of buffering the whole log in memory.
    if (this.io.stdout === processIo.stdout && process.stdout.writableNeedDrain) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }

  summary(): void {
    if (this.malformedSkipped) this.io.stderr(`lb-obs logs show: ${this.malformedSkipped} malformed line(s) left out of the JSONL output\n`);
  }
}

/** `time LEVEL component/host workload rep phase: message`; malformed lines show where they are and why. */
function textLine(row: LogRow, where: string): string {
  const time = row.time === null ? '-' : formatTimestamp(row.time);
  const message = indentContinuation(printable(row.message)) + (row.truncated ? ' …(truncated)' : '');
  if (!row.parsed) return `${time} MALFORMED ${where}: ${printable(row.problem ?? '')}: ${message}`;
  const context = [
    `${printable(row.component ?? '-')}/${printable(row.host ?? '-')}`,
    row.workload !== undefined ? printable(row.workload) : undefined,
    row.repetition !== undefined ? `rep${row.repetition}` : undefined,
    row.phase !== undefined ? printable(row.phase) : undefined,
  ].filter((p) => p !== undefined);
  return `${time} ${(row.level ?? '').padEnd(8)} ${context.join(' ')}: ${message}`;
}

function indentContinuation(text: string): string {
  return text.replace(/\n/g, '\n    ');
}

