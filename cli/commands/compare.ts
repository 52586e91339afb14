// `lb-obs compare <runA> <runB> [--format text|json]`: what changed between two lb runs (JSON contract: issue 15):
// log patterns new, gone, or counted more or fewer beyond noise, per-component level counts, the journals side by
// side and the per-workload numbers.
import * as fs from 'fs';
import * as path from 'path';
import { compareRuns, NotARunError, RunComparison, RunSummary } from '../../core/compare/compareRuns';
import { formatTimestamp } from '../../core/logs/timestamp';
import { printableLine } from '../../core/text/userText';
import { CliError, UsageError } from '../cliError';
import { CliCommand, CliIo } from '../io';
import { formatOption, parseOptions } from '../parseOptions';

const COMMAND = 'compare';

function runFolder(arg: string, io: CliIo): string {
  const absolute = path.resolve(io.cwd, arg);
  let st: fs.Stats;
  try {
    st = fs.statSync(absolute);
  } catch (err) {
    throw new CliError(`lb-obs ${COMMAND}: cannot read ${arg}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!st.isDirectory()) throw new CliError(`lb-obs ${COMMAND}: ${arg} is not a folder (give lb run folders)`);
  return absolute;
}

const iso = (ms: number | null) => (ms === null ? null : formatTimestamp(ms));

function jsonRun(r: RunSummary) {
  return { ...r, start: iso(r.start), end: iso(r.end) };
}

export const compareCommand: CliCommand = async (args, io) => {
  const { values, positionals } = parseOptions(args, { format: { type: 'string' } }, COMMAND);
  const format = formatOption(values.format, ['text', 'json'], COMMAND);
  if (positionals.length !== 2) throw new UsageError(`lb-obs ${COMMAND}: give two run folders (got ${positionals.length})\nRun "lb-obs ${COMMAND} --help" for its usage.`);
  const [a, b] = positionals.map((p) => runFolder(p, io));
  let c: RunComparison;
  try {
    c = await compareRuns(a, b);
  } catch (err) {
    if (err instanceof NotARunError) throw new CliError(`lb-obs ${COMMAND}: ${err.message}`);
    const e = err as NodeJS.ErrnoException;
    if (e.code) throw new CliError(`lb-obs ${COMMAND}: cannot read the runs' logs: ${e.code} ${e.path ?? ''}`.trimEnd());
    throw err;
  }
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ ...c, a: jsonRun(c.a), b: jsonRun(c.b) }, null, 2)}\n`);
  } else {
    io.stdout(textReport(c));
  }
  for (const [name, r] of [['A', c.a], ['B', c.b]] as const) {
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
      `${name}  ${printableLine(r.runId)}  ${r.status ?? 'no journal'}  ${iso(r.start) ?? '-'}  ${r.tasksRun} of ${r.tasks} tasks run  ${r.records} records  (${printableLine(r.dir)})`,
    );
  }
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
