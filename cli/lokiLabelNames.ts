// The label names Loki has seen in the last 24 hours, for commands that check labels against the workspace:
// asked only when a Loki is given (--loki or $LB_OBS_LOKI_URL); a Loki that does not answer is a note, not a
// failure, and the check goes on with the workspace's own label sources.
import { lokiLabels } from '../core/loki/api';
import { lokiShownUrl } from '../core/loki/connection';
import type { CliIo } from './io';
import { lokiConnectionOption } from './commands/logsLokiOptions';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function lokiLabelNamesOption(values: { loki?: string; tenant?: string }, io: CliIo, command: string): Promise<string[] | undefined> {
  if (values.loki === undefined && !io.env.LB_OBS_LOKI_URL) return undefined;
  const connection = lokiConnectionOption(values, io, command);
  const now = Date.now();
  try {
    return await lokiLabels(connection, { start: new Date(now - DAY_MS), end: new Date(now) });
  } catch (err) {
    io.stderr(`lb-obs ${command}: note: Loki at ${lokiShownUrl(connection)} did not list its label names (${(err as Error).message}); labels are checked against the workspace only\n`);
    return undefined;
  }
}
