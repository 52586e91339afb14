// `lb-obs logs patterns <file|run-dir>... [--format text|json] [--top N]`: the message templates of run logs with
// their counts, first and last time and a sample (JSON contract: issue 15).
import * as path from 'path';
import { mineLogFiles, runLogPaths } from '../../core/logs/patterns/minePatterns';
import { TemplateMiner } from '../../core/logs/patterns/templateMiner';
import { formatTimestamp } from '../../core/logs/timestamp';
import { printableLine, quoteUserText } from '../../core/text/userText';
import { CliError, UsageError } from '../cliError';
import { CliIo } from '../io';
import { logSources } from '../logSources';
import { scanWorkerScript } from '../scanWorkerScript';
import { formatOption, parseOptions } from '../parseOptions';

const COMMAND = 'logs patterns';

/** The log files named by the arguments: files as given, run folders as their logs (backups first). */
function logFilesOf(positionals: string[], io: CliIo, command: string): string[] {
  const { files, runDirs } = logSources(positionals, io, command);
  for (const dir of runDirs) {
    const found = runLogPaths(dir);
    if (found.length === 0) throw new CliError(`lb-obs ${command}: no lb logs (*.jsonl) in ${path.relative(io.cwd, dir) || '.'} or its logs/ folder`);
    files.push(...found);
  }
  return files;
}

function topOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`lb-obs ${COMMAND}: --top must be a positive whole number (got "${quoteUserText(value)}")`);
  return Number(value);
}

export async function logsPatterns(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, { format: { type: 'string' }, top: { type: 'string' } }, COMMAND);
  const format = formatOption(values.format, ['text', 'json'], COMMAND);
  const top = topOption(values.top);
  const files = logFilesOf(positionals, io, COMMAND);
  const miner = new TemplateMiner();
  let mined;
  try {
    mined = await mineLogFiles(files, miner, 0, undefined, { scanWorkerScript: scanWorkerScript() });
  } catch (err) {
    throw new CliError(`lb-obs ${COMMAND}: cannot read the logs: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const all = miner.patterns();
  const patterns = all.slice(0, top);
  if (format === 'json') {
    const out = patterns.map((p) => ({ ...p, first: formatTimestamp(p.first), last: formatTimestamp(p.last) }));
    io.stdout(`${JSON.stringify({ patterns: out }, null, 2)}\n`);
  } else {
    const width = Math.max(5, ...patterns.map((p) => String(p.count).length));
    const lines = patterns.map((p) => `${String(p.count).padStart(width)}  ${p.level.padEnd(8)} ${printableLine(p.component)}: ${printableLine(p.pattern)}`);
    const shown = top !== undefined && top < all.length ? `, the ${patterns.length} most frequent shown` : '';
    lines.push(`${mined.records} records in ${all.length} pattern${all.length === 1 ? '' : 's'}${shown}`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  if (mined.malformed > 0) io.stderr(`lb-obs ${COMMAND}: ${mined.malformed === 1 ? '1 line is not an lb record' : `${mined.malformed} lines are not lb records`} (not mined); "lb-obs logs stats" says where\n`);
  return 0;
}
