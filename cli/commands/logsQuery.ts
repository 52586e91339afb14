// `lb-obs logs query <LogQL> [--since D | --from T --to T] [--limit N] [--follow] [--format text|jsonl] [--forward]`:
// logcli's `query` (and `--tail`) for workflow logs that exist only in Loki. Log queries are paged without gaps
// or repeats (core/logs/lokiQueryPager.ts), newest first unless --forward; --follow prints the newest lines oldest
// first, then new lines from Loki's tail as they come; metric queries are printed as a table.
import type { LokiConnection } from '../../core/loki/connection';
import { LokiHttpError, lokiMetricRangeQuery, lokiTail, LokiSeriesSamples } from '../../core/loki/api';
import { entryKey, flattenStreams, LokiEntry, lokiQueryPages } from '../../core/logs/lokiQueryPager';
import { isMetricQuery } from '../../core/logql/queryKind';
import { printable, printableLine } from '../../core/text/userText';
import { CliError, UsageError } from '../cliError';
import { CliIo, processIo } from '../io';
import { formatOption, parseOptions } from '../parseOptions';
import { LOKI_OPTIONS, lokiConnectionOption, nowNs, timeRangeOption } from './logsLokiOptions';

const COMMAND = 'logs query';
/** logcli's defaults, so that the same command line gives the same answer. */
const DEFAULT_LIMIT = 30;
const DEFAULT_SINCE = '1h';
const PROGRESS_EVERY_MS = { tty: 100, log: 5000 };
/** How often a follow polls Loki when the tail is refused, and waits before reopening a broken tail. */
const FOLLOW_POLL_MS = 1000;
/** How far before the newest entry printed a reopened tail or a poll starts (entries pushed late, out of order). */
const FOLLOW_OVERLAP_NS = 10_000_000_000n;

export async function logsQuery(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { ...LOKI_OPTIONS, limit: { type: 'string' }, follow: { type: 'boolean' }, format: { type: 'string' }, forward: { type: 'boolean' } },
    COMMAND,
  );
  if (positionals.length !== 1) throw new UsageError(`lb-obs ${COMMAND}: give one LogQL query (quoted)${positionals.length ? `, got ${positionals.length} arguments` : ''}`);
  const query = positionals[0];
  const format = formatOption(values.format, ['text', 'jsonl'], COMMAND) as 'text' | 'jsonl';
  const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
  if (!Number.isSafeInteger(limit) || limit < 0 || !/^\d+$/.test(values.limit ?? '0')) {
    throw new UsageError(`lb-obs ${COMMAND}: --limit wants a whole number of entries, 0 for all (got "${printableLine(values.limit ?? '')}")`);
  }
  const connection = lokiConnectionOption(values, io, COMMAND);
  const range = timeRangeOption(values, DEFAULT_SINCE, COMMAND, nowNs());
  const out = new Output(io);
  const metric = isMetricQuery(query);
  if (metric && values.follow) throw new UsageError(`lb-obs ${COMMAND}: --follow is for log queries; a metric query is printed once`);

  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    if (metric) {
      out.write(metricTable(await lokiMetricRangeQuery(connection, { query, start: range.start, end: range.end, signal: abort.signal })));
      await out.flush();
    } else if (values.follow) await follow(connection, query, range, limit, format, out, io, abort.signal);
    else await history(connection, query, range, limit, values.forward ? 'forward' : 'backward', format, out, io, abort.signal);
  } catch (err) {
    if (abort.signal.aborted) return 0;
    // Loki's refusal (its own words: a parse error, a limit) or the network's: an I/O error, not a crash.
    throw new CliError(`lb-obs ${COMMAND}: ${(err as Error).message}`);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return 0;
}

async function history(
  connection: LokiConnection,
  query: string,
  range: { start: bigint; end: bigint },
  limit: number,
  direction: 'backward' | 'forward',
  format: 'text' | 'jsonl',
  out: Output,
  io: CliIo,
  signal: AbortSignal,
): Promise<void> {
  const progress = progressPrinter(io);
  try {
    const pages = lokiQueryPages({ connection, query, ...range, direction, limit, signal, categorizeLabels: false, onNotice: (m) => io.stderr(`lb-obs ${COMMAND}: ${printableLine(m)}\n`) });
    for await (const page of pages) {
      for (const e of page) out.write(formatEntry(e, format));
      progress.update(page.length, page[page.length - 1].ns);
      await out.flush();
      if (out.closed) break;
    }
  } finally {
    progress.done();
  }
}

/**
 * The newest `limit` lines of the range, oldest first, then new lines from Loki's tail. The tail replays from where
 * it starts, so every entry printed recently is remembered (by timestamp and line) and not printed again; a broken
 * tail is reopened a little before the newest entry printed (never before where following began), and a tail that
 * Loki or a gateway refuses is replaced by polling query_range.
 */
async function follow(
  connection: LokiConnection,
  query: string,
  range: { start: bigint; end: bigint },
  limit: number,
  format: 'text' | 'jsonl',
  out: Output,
  io: CliIo,
  signal: AbortSignal,
): Promise<void> {
  const recent: LokiEntry[] = [];
  for await (const page of lokiQueryPages({ connection, query, ...range, direction: 'backward', limit, signal, categorizeLabels: false })) recent.push(...page);
  recent.reverse();
  for (const e of recent) out.write(formatEntry(e, format));
  await out.flush();

  const followFrom = recent.length ? recent[recent.length - 1].ns : range.end;
  let newestNs = followFrom;
  /** Entries printed since following began (and those at its first nanosecond), by key, with their time. */
  const printed = new Map(recent.filter((e) => e.ns === followFrom).map((e) => [lineKey(e), e.ns]));
  let prunedAt = newestNs;
  const printNew = (entries: LokiEntry[]) => {
    for (const e of entries) {
      const key = lineKey(e);
      if (printed.has(key)) continue;
      printed.set(key, e.ns);
      if (e.ns > newestNs) newestNs = e.ns;
      out.write(formatEntry(e, format));
    }
    // Entries older than any restart's replay are never delivered again: forgotten, once per second of log time.
    if (newestNs - prunedAt < 1_000_000_000n) return;
    prunedAt = newestNs;
    for (const [key, ns] of printed) if (ns < newestNs - 2n * FOLLOW_OVERLAP_NS) printed.delete(key);
  };
  const restartAt = () => (newestNs - FOLLOW_OVERLAP_NS > followFrom ? newestNs - FOLLOW_OVERLAP_NS : followFrom);

  await new Promise<void>((resolve, reject) => {
    let tail: { close(): void } | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      tail?.close();
      resolve();
    };
    signal.addEventListener('abort', finish, { once: true });
    const flush = () => out.flush().then(() => out.closed && finish(), reject);
    const poll = async () => {
      try {
        const end = BigInt(Date.now() + 1) * 1_000_000n;
        for await (const page of lokiQueryPages({ connection, query, start: restartAt(), end, direction: 'forward', limit: 0, signal, categorizeLabels: false })) printNew(page);
        await flush();
      } catch (err) {
        if (signal.aborted) return;
        io.stderr(`lb-obs ${COMMAND}: ${printableLine((err as Error).message)}; trying again\n`);
      }
      if (!signal.aborted) timer = setTimeout(poll, FOLLOW_POLL_MS);
    };
    const open = () => {
      tail = lokiTail(
        connection,
        { query, start: restartAt(), limit: 5000, delayFor: 0 },
        (streams) => {
          printNew(flattenStreams(streams, 'forward'));
          void flush();
        },
        (err) => {
          if (signal.aborted) return;
          if (err instanceof LokiHttpError) {
            io.stderr(`lb-obs ${COMMAND}: Loki's tail is not available (${printableLine(err.message)}); polling every ${FOLLOW_POLL_MS / 1000} s instead\n`);
            timer = setTimeout(poll, FOLLOW_POLL_MS);
            return;
          }
          io.stderr(`lb-obs ${COMMAND}: ${printableLine(err.message)}; reconnecting in ${FOLLOW_POLL_MS / 1000} s\n`);
          timer = setTimeout(open, FOLLOW_POLL_MS);
        },
      );
    };
    open();
  });
}

/** The tail gives entry labels merged into the stream labels; only the timestamp and line identify across both. */
function lineKey(e: LokiEntry): string {
  return entryKey({}, e.ns, e.line);
}

/** Labels as logcli shows them: the stream's, with the entry's (structured metadata, parsed labels) merged in (Loki merges them when not asked to categorize). */
function allLabels(e: LokiEntry): Record<string, string> {
  const merged: Record<string, string> = { ...e.stream, ...e.entryLabels };
  return Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
}

function formatEntry(e: LokiEntry, format: 'text' | 'jsonl'): string {
  const labels = allLabels(e);
  if (format === 'jsonl') return `${JSON.stringify({ labels, line: e.line, timestamp: rfc3339Nano(e.ns) })}\n`;
  const shownLabels = `{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')}}`;
  // Text from Loki is untrusted: control characters are shown, never sent to the terminal.
  return `${rfc3339Nano(e.ns)} ${printableLine(shownLabels)} ${printable(e.line).replace(/\n/g, '\n    ')}\n`;
}

/** Go's RFC3339Nano (what logcli prints): UTC, the fraction without trailing zeros. */
export function rfc3339Nano(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${new Date(ms).toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/** One row per sample: time, the series' labels, the value; columns aligned. */
function metricTable(series: LokiSeriesSamples[]): string {
  const rows: string[][] = [['TIME', 'SERIES', 'VALUE']];
  for (const s of series) {
    const labels = `{${Object.keys(s.metric)
      .sort()
      .map((k) => `${k}=${JSON.stringify(s.metric[k])}`)
      .join(', ')}}`;
    for (const [t, v] of s.values) rows.push([new Date(t * 1000).toISOString(), printableLine(labels), String(v)]);
  }
  if (rows.length === 1) return 'no series\n';
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n') + '\n';
}

/** Entries fetched so far on stderr: redrawn in place on a terminal, a line every few seconds otherwise. */
function progressPrinter(io: CliIo) {
  const started = Date.now();
  let total = 0;
  let last = 0;
  let drawn = false;
  return {
    update(count: number, oldestNs: bigint) {
      total += count;
      const now = Date.now();
      if (now - started < 1000 || now - last < (io.stderrIsTTY ? PROGRESS_EVERY_MS.tty : PROGRESS_EVERY_MS.log)) return;
      last = now;
      const text = `${total.toLocaleString('en-US')} entries, at ${rfc3339Nano(oldestNs)}`;
      if (io.stderrIsTTY) {
        io.stderr(`\r${text}\x1b[K`);
        drawn = true;
      } else io.stderr(`lb-obs ${COMMAND}: ${text}\n`);
    },
    done() {
      if (drawn) io.stderr('\r\x1b[K');
    },
  };
}

/** Buffered stdout that waits for a slow reader and stops when the reader goes away (`| head`). */
class Output {
  closed = false;
  private buffer: string[] = [];

  constructor(private readonly io: CliIo) {
    if (io.stdout === processIo.stdout) {
      process.stdout.on('error', () => {
        this.closed = true;
        process.stdout.emit('drain');
      });
    }
  }

  write(text: string): void {
    if (!this.closed) this.buffer.push(text);
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0 || this.closed) return;
    this.io.stdout(this.buffer.join(''));
    this.buffer = [];
    if (this.io.stdout === processIo.stdout && process.stdout.writableNeedDrain) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
}
