// `lb-obs logs labels [NAME] [--query <LogQL>] [--since D | --from T --to T]`: logcli's `labels`, the label names
// Loki has in the range, or one label's values (optionally only in the streams a query selects), one per line.
import { lokiLabels, lokiLabelValues } from '../../core/loki/api';
import { printableLine } from '../../core/text/userText';
import { CliError, UsageError } from '../cliError';
import type { CliIo } from '../io';
import { parseOptions } from '../parseOptions';
import { LOKI_OPTIONS, lokiConnectionOption, nowNs, timeRangeOption } from './logsLokiOptions';

const COMMAND = 'logs labels';

export async function logsLabels(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, { ...LOKI_OPTIONS, query: { type: 'string' } }, COMMAND);
  if (positionals.length > 1) throw new UsageError(`lb-obs ${COMMAND}: give at most one label name (got ${positionals.length})`);
  const connection = lokiConnectionOption(values, io, COMMAND);
  const range = timeRangeOption(values, '1h', COMMAND, nowNs());
  const [name] = positionals;
  if (name === undefined && values.query !== undefined) throw new UsageError(`lb-obs ${COMMAND}: --query needs a label name (its values are listed)`);
  let found: string[];
  try {
    found = name === undefined ? await lokiLabels(connection, range) : await lokiLabelValues(connection, name, { ...range, query: values.query });
  } catch (err) {
    throw new CliError(`lb-obs ${COMMAND}: ${(err as Error).message}`);
  }
  // Names and values come from Loki: control characters are shown, never sent to the terminal.
  if (found.length) io.stdout(`${found.map(printableLine).join('\n')}\n`);
  return 0;
}
