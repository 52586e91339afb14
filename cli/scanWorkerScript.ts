// Where the scan worker bundle is, for the commands that index or mine logs on several threads.
import * as fs from 'fs';
import * as path from 'path';

/** The CLI's own bundle sits in dist/cli, the scan worker bundle in dist/; undefined where there is none (a test bundle elsewhere). */
export function scanWorkerScript(): string | undefined {
  const script = path.join(__dirname, '..', 'logScanWorker.js');
  return fs.existsSync(script) ? script : undefined;
}
