// `lb-obs compare <runA> <runB> [--format text|json]`: what changed between two lb runs (JSON contract: issue 15):
// log patterns new, gone, or counted more or fewer beyond noise, per-component level counts, the journals side by
// side and the per-workload numbers. A run that lives only in Loki is `loki:<LogQL log query>` (the Loki options
// of `logs query`): its patterns from Loki's pattern ingester when both runs are in Loki and it is on, otherwise
// mined from its lines (at most --max-lines, progress on stderr).
import { compareRunSources, NotARunError, RunComparison, RunSource, RunSummary } from '../../core/compare/compareRuns';
import { LOKI_RUN_PREFIX } from '../../core/compare/lokiRun';
import { isMetricQuery } from '../../core/logql/queryKind';
import type { LokiConnection } from '../../core/loki/connection';
import { formatTimestamp } from '../../core/logs/timestamp';
import { printableLine } from '../../core/text/userText';
import { CliError, UsageError } from '../cliError';
import { CliCommand, CliIo } from '../io';
import { statArgument } from '../logSources';
import { formatOption, parseOptions } from '../parseOptions';
import { scanWorkerScript } from '../scanWorkerScript';
import { LOKI_OPTIONS, lokiConnectionOption, nowNs, timeRangeOption } from './logsLokiOptions';

const COMMAND = 'compare';
/** Lines fetched at most per Loki run for our miner (a run of a million lines is a few hundred templates). */
const DEFAULT_MAX_LINES = 200_000;
/** A run in Loki is looked for over the last week unless --since or --from/--to say otherwise. */
const DEFAULT_SINCE = '7d';
const PROGRESS_EVERY_MS = 1000;

function runFolder(arg: string, io: CliIo): string {
  const { absolute, stats } = statArgument(arg, io, COMMAND);
  if (!stats.isDirectory()) throw new CliError(`lb-obs ${COMMAND}: ${arg} is not a folder (give lb run folders)`);
  return absolute;
}

const iso = (ms: number | null) => (ms === null ? null : formatTimestamp(ms));

function jsonRun(r: RunSummary) {
  return { ...r, start: iso(r.start), end: iso(r.end) };
}

function wholeNumber(text: string | undefined, fallback: number, option: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`lb-obs ${COMMAND}: ${option} wants a whole number above 0 (got "${printableLine(text)}")`);
  return n;
}

function lokiQuery(arg: string): string {
  const query = arg.slice(LOKI_RUN_PREFIX.length).trim();
  if (!query.startsWith('{')) throw new UsageError(`lb-obs ${COMMAND}: ${printableLine(arg)}: after "${LOKI_RUN_PREFIX}" give a LogQL log query, e.g. loki:{run_id="run-20261121-135600"}`);
  if (isMetricQuery(query)) throw new UsageError(`lb-obs ${COMMAND}: ${printableLine(arg)} is a metric query: give a log query selecting the run's lines`);
  return query;
}

/** Stderr lines while a Loki run's lines are fetched: at most one a second, and the cap when it is reached. */
function progressPrinter(io: CliIo) {
  let last = 0;
  return (run: 'A' | 'B', p: { lines: number; maxLines: number }) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS && p.lines < p.maxLines) return;
    last = now;
    io.stderr(`lb-obs ${COMMAND}: run ${run}: ${p.lines.toLocaleString('en-US')} of at most ${p.maxLines.toLocaleString('en-US')} lines fetched from Loki\n`);
  };
}

export const compareCommand: CliCommand = async (args, io) => {
  const { values, positionals } = parseOptions(
    args,
    { format: { type: 'string' }, ...LOKI_OPTIONS, 'max-lines': { type: 'string' }, patterns: { type: 'string' } },
    COMMAND,
  );
  const format = formatOption(values.format, ['text', 'json'], COMMAND);
  const patterns = values.patterns ?? 'auto';
  if (patterns !== 'auto' && patterns !== 'miner' && patterns !== 'loki') {
    throw new UsageError(`lb-obs ${COMMAND}: --patterns must be one of auto, miner, loki (got "${printableLine(patterns)}")`);
  }
  if (positionals.length !== 2) throw new UsageError(`lb-obs ${COMMAND}: give two runs: folders or loki:<query> (got ${positionals.length})\nRun "lb-obs ${COMMAND} --help" for its usage.`);
  const maxLines = wholeNumber(values['max-lines'], DEFAULT_MAX_LINES, '--max-lines');
  let loki: { connection: LokiConnection; start: bigint; end: bigint } | undefined;
  const sources = positionals.map((p): RunSource => {
    if (!p.startsWith(LOKI_RUN_PREFIX)) return { dir: runFolder(p, io) };
    const query = lokiQuery(p);
    loki ??= { connection: lokiConnectionOption(values, io, COMMAND), ...timeRangeOption(values, DEFAULT_SINCE, COMMAND, nowNs()) };
    return { loki: { ...loki, query, maxLines } };
  });
  let c: RunComparison;
  try {
    c = await compareRunSources(sources[0], sources[1], {
      patterns,
      onProgress: progressPrinter(io),
      onNotice: (message) => io.stderr(`lb-obs ${COMMAND}: ${printableLine(message)}\n`),
      parallel: { scanWorkerScript: scanWorkerScript() },
    });
  } catch (err) {
    if (err instanceof NotARunError) throw new CliError(`lb-obs ${COMMAND}: ${err.message}`);
    const e = err as NodeJS.ErrnoException;
    if (e.code) throw new CliError(`lb-obs ${COMMAND}: cannot read the runs' logs: ${e.code} ${e.path ?? ''}`.trimEnd());
    // Loki's refusal (a parse error, a limit) or the network's, in Loki's words.
    if (loki) throw new CliError(`lb-obs ${COMMAND}: ${(err as Error).message}`);
    throw err;
  }
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ ...c, a: jsonRun(c.a), b: jsonRun(c.b) }, null, 2)}\n`);
  } else {
    io.stdout(textReport(c));
  }
  for (const [name, r] of [['A', c.a], ['B', c.b]] as const) {
    if (r.loki?.capped) io.stderr(`lb-obs ${COMMAND}: run ${name} has more than ${maxLines} lines in Loki: only the first ${maxLines} were mined (raise --max-lines)\n`);
    if (r.journalError) io.stderr(`lb-obs ${COMMAND}: run ${name}'s journal is unreadable (${printableLine(r.journalError)}): no tasks compared for it\n`);
  }
  return 0;
};

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, k) => Math.max(...rows.map((r) => r[k].length)));
  return rows.map((r) => `  ${r.map((cell, k) => (k === r.length - 1 ? cell : cell.padEnd(widths[k]))).join('  ')}`.trimEnd());
}

const num = (v: number | null) => (v === null ? '-' : String(Number(v.toPrecision(6))));

function textReport(c: RunComparison): string {
  const out: string[] = [];
  for (const [name, r] of [['A', c.a], ['B', c.b]] as const) {
    out.push(
      r.loki
        ? `${name}  ${printableLine(r.loki.query)}  (Loki)  ${iso(r.start) ?? '-'}  ${r.records} lines${r.loki.capped ? ' (capped)' : ''}`
        : `${name}  ${printableLine(r.runId)}  ${r.status ?? 'no journal'}  ${iso(r.start) ?? '-'}  ${r.tasksRun} of ${r.tasks} tasks run  ${r.records} records  (${printableLine(r.dir)})`,
    );
  }
  if (c.patternsFrom === 'loki') out.push("(patterns from Loki's pattern ingester)");
  const changed = c.patterns.filter((p) => p.change !== 'same');
  out.push('', `Patterns: ${changed.length} changed, ${c.patterns.length - changed.length} the same`, `  (${c.normalisation.rule})`);
  if (changed.length) {
    out.push(...table([['change', 'level', 'component', 'A', 'B', 'pattern'], ...changed.map((p) => [p.change, p.level, printableLine(p.component), String(p.a), String(p.b), printableLine(p.pattern)])]));
  }
  if (c.levels.length) {
    out.push('', 'Levels');
    out.push(...table([['component', 'level', 'A', 'B'], ...c.levels.map((l) => [printableLine(l.component), l.level, String(l.a), String(l.b)])]));
  }
  if (c.tasks.length) {
    out.push('', 'Tasks');
    const side = (s: { status: string; durationSeconds: number | null } | null) => (s ? `${printableLine(s.status)} ${num(s.durationSeconds)}s` : '-');
    out.push(
      ...table([
        ['host', 'workload', 'rep', 'A', 'B', 'delta', ''],
        ...c.tasks.map((t) => [
          printableLine(t.host),
          printableLine(t.workload),
          String(t.repetition),
          side(t.a),
          side(t.b),
          t.deltaSeconds === null ? '-' : `${t.deltaSeconds >= 0 ? '+' : ''}${num(t.deltaSeconds)}s`,
          t.newFailure ? `NEW FAILURE${t.b?.error ? `: ${printableLine(t.b.error)}` : ''}` : '',
        ]),
      ]),
    );
  }
  if (c.results.length) {
    out.push('', 'Results (means over repetitions)');
    out.push(
      ...table([
        ['host', 'workload', 'metric', 'A', 'B', 'change'],
        ...c.results.map((r) => [
          printableLine(r.host),
          printableLine(r.workload),
          printableLine(r.metric),
          num(r.a),
          num(r.b),
          r.change === null ? '-' : `${r.change >= 0 ? '+' : ''}${num(r.change)}${r.relative === null ? '' : ` (${r.relative >= 0 ? '+' : ''}${(r.relative * 100).toFixed(1)}%)`}`,
        ]),
      ]),
    );
  }
  return `${out.join('\n')}\n`;
}
