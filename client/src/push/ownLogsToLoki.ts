// Issue 8, part 4: the extension's own log records also go to Loki when `lbObs.logs.pushToLoki` is on. The
// JSONL log file is written as always; the shipper only adds a best-effort, bounded, non-blocking copy.
import pino from 'pino';
import * as vscode from 'vscode';
import type { Logger } from '../../../core/logging/logger';
import { LokiLogShipper } from '../../../core/push/logShipper';
import type { LokiCredentials } from '../loki/lokiCredentials';

export const PUSH_OWN_LOGS_SETTING = 'lbObs.logs.pushToLoki';

export function shipOwnLogsToLoki(logger: Logger, credentials: LokiCredentials, log: Logger): vscode.Disposable {
  const shipper = new LokiLogShipper({
    onDrop: (count, reasons) => log.warn(`${count} extension log record(s) were not pushed to Loki (they are in the log file): ${reasons.join('; ')}`),
  });
  // The logger writes to a pino multistream; the shipper joins it as one more destination.
  const streams = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as { add?: (dest: pino.StreamEntry) => void } | undefined;
  if (typeof streams?.add !== 'function') {
    log.warn(`${PUSH_OWN_LOGS_SETTING} is unavailable: the extension logger has no destination list to join`);
    return shipper;
  }
  streams.add({ stream: shipper.destination, level: 'trace' });
  const apply = async () => {
    const enabled = vscode.workspace.getConfiguration('lbObs').get<boolean>('logs.pushToLoki', false);
    try {
      const connection = enabled ? await credentials.connection() : undefined;
      if (enabled && !connection) log.warn(`${PUSH_OWN_LOGS_SETTING} is on but lbObs.loki.url is not set: the extension logs go to the log file only`);
      shipper.configure(connection);
    } catch (err) {
      // The secret storage can fail (e.g. no keyring); the extension logs still go to the log file.
      log.warn(`${PUSH_OWN_LOGS_SETTING}: cannot read the Loki credentials: ${(err as Error).message}`);
      shipper.configure(undefined);
    }
  };
  void apply();
  const listeners = [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(PUSH_OWN_LOGS_SETTING) || e.affectsConfiguration('lbObs.loki')) void apply();
    }),
    credentials.onDidChange(() => void apply()),
  ];
  return { dispose: () => [...listeners, shipper].forEach((d) => d.dispose()) };
}
