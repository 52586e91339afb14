// Opens the log engine for a panel's target. The engine runs in a worker thread (dist/logWorker.js), so that
// indexing millions of lines never blocks the extension host.
import * as path from 'path';
import type { LogSession } from '../../../core/logs/model';
import { openLogSession } from '../../../core/logs/openLogSession';
import type { LogTarget } from './logTarget';

export function openTargetSession(target: LogTarget, extensionPath: string): Promise<LogSession> {
  return openLogSession({
    // Picked files are shown as they are; a run is read as its logs/ folder, new files there included, or
    // from Loki while its logs are still on the remote hosts.
    ...(target.loki ? { loki: target.loki } : target.files ? { files: target.files } : { runDir: target.runDir }),
    workerScript: path.join(extensionPath, 'dist', 'logWorker.js'),
  });
}
