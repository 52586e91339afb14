// `lb-obs logql explain --query Q [--loki URL] [--tenant T]`: each step of a query in plain words, as the editor's
// Explain hover shows it; with a Loki, the selector's stream count and Loki's byte estimate.
// Also the `--fixes` listing of `lb-obs logql check`: the query hints the editor offers, with the edited query.
import { explainQuery, explainText, SelectorStats } from '../../core/logql/explain';
import { selectorStats, sampleLines } from '../../core/logql/hints/liveStreams';
import { applyHint, queryHints } from '../../core/logql/hints/queryHints';
import { queryShape } from '../../core/logql/hints/queryShape';
import type { EmbeddedQuery } from '../../core/logql/embedded/embeddedQuery';
import { validateLogQL } from '../../core/logql/validateQuery';
import type { LokiConnection } from '../../core/loki/connection';
import { printableLine, quoteUserText } from '../../core/text/userText';
import { UsageError } from '../cliError';
import type { CliIo } from '../io';
import { loadLokiParserFor } from '../lokiParser';
import { parseOptions } from '../parseOptions';
import { lokiConnectionOption } from './logsLokiOptions';

const USAGE = 'Usage: lb-obs logql explain --query <LogQL> [--loki <url>] [--tenant <id>]';

/** The configured Loki (--loki or $LB_OBS_LOKI_URL), or undefined when none is given. */
export function optionalLoki(values: { loki?: string; tenant?: string }, io: CliIo, command: string): LokiConnection | undefined {
  return values.loki ?? io.env.LB_OBS_LOKI_URL ? lokiConnectionOption(values, io, command) : undefined;
}

/** The selector of a query when Loki can be asked about it as is. */
function plainSelector(query: string): string | undefined {
  const selector = queryShape(query)?.selector.text;
  return selector && !validateLogQL(selector, { grafanaVariables: false }).some((p) => p.severity === 'error') ? selector : undefined;
}

/** Asks Loki, or says on stderr why the answer is missing (the rest of the output stands without it). */
async function ask<T>(loki: LokiConnection | undefined, query: string, io: CliIo, fetch: (loki: LokiConnection, selector: string) => Promise<T>): Promise<T | undefined> {
  const selector = plainSelector(query);
  if (!loki || !selector) return undefined;
  try {
    return await fetch(loki, selector);
  } catch (err) {
    io.stderr(`lb-obs logql: Loki did not answer for ${quoteUserText(selector, 200)}: ${(err as Error).message}\n`);
    return undefined;
  }
}

export async function logqlExplainCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, { query: { type: 'string' }, loki: { type: 'string' }, tenant: { type: 'string' } }, 'logql explain');
  if (values.query === undefined || positionals.length > 0) throw new UsageError(`lb-obs logql explain: give the query with --query\n${USAGE}`);
  const loki = optionalLoki(values, io, 'logql explain');
  await loadLokiParserFor('logql explain', io);
  const problems = validateLogQL(values.query);
  const errors = problems.filter((p) => p.severity === 'error');
  const tooDeep = problems.find((p) => p.code === 'logql/too-deep');
  if (errors.length === 0 && tooDeep) {
    io.stderr(`lb-obs logql explain: cannot explain this query: ${tooDeep.message}\n`);
    return 1;
  }
  const steps = errors.length === 0 ? explainQuery(values.query, await ask<SelectorStats>(loki, values.query, io, (l, s) => selectorStats(l, s))) : undefined;
  if (!steps) {
    const why = errors[0] ? `${errors[0].message} (at character ${errors[0].start + 1})` : 'no log query to explain';
    io.stderr(`lb-obs logql explain: the query is not valid LogQL: ${printableLine(why)}\n`);
    return 1;
  }
  io.stdout(`${explainText(steps)}\n`);
  return 0;
}

/** Lines listing the hints of each query: where it starts, the title, and the query as the hint would leave it. */
export async function fixLines(file: string, queries: Array<{ query: EmbeddedQuery; line: number; col: number }>, loki: LokiConnection | undefined, io: CliIo): Promise<string[]> {
  const lines: string[] = [];
  for (const { query, line, col } of queries) {
    const sample = await ask(loki, query.text, io, (l, s) => sampleLines(l, s));
    for (const hint of queryHints(query.text, query.options, sample)) {
      lines.push(`${printableLine(file)}:${line}:${col}: fix: ${printableLine(hint.title)}`, `    ${printableLine(applyHint(query.text, hint))}`);
    }
  }
  return lines;
}
