// The JSONL logs of an lb run: `<run>/logs/<component>-<host>.jsonl`, each with the numbered backups lb's
// size rotation keeps (`x.jsonl.1` is the newest backup, LB_JSONL_LOG_BACKUPS of them at most).
import * as fs from 'fs';
import * as path from 'path';

export interface LogFileGroup {
  /** The live file's path (it may not exist while only backups do). */
  base: string;
  /** Existing backups, oldest first. */
  backups: string[];
}

const LOG_NAME = /^(.+\.jsonl)(?:\.(\d+))?$/;

/**
 * Where a folder's logs are: `<run>/logs` for an lb run folder (it has `logs/` or `run_journal.json`), else
 * the folder itself (someone pointed at the logs folder directly).
 */
export function logsDirOf(dir: string): string {
  const logs = path.join(dir, 'logs');
  return fs.existsSync(logs) || fs.existsSync(path.join(dir, 'run_journal.json')) ? logs : dir;
}

/** The groups found in `logsDir`, sorted by name; none when the folder does not exist (yet). */
export function listLogFileGroups(logsDir: string): LogFileGroup[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(logsDir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const groups = new Map<string, Array<{ file: string; number: number }>>();
  for (const e of entries) {
    if (!e.isFile()) continue;
    const m = LOG_NAME.exec(e.name);
    if (!m) continue;
    const list = groups.get(m[1]) ?? [];
    list.push({ file: path.join(logsDir, e.name), number: m[2] === undefined ? 0 : Number(m[2]) });
    groups.set(m[1], list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, files]) => ({
      base: path.join(logsDir, name),
      backups: files
        .filter((f) => f.number > 0)
        .sort((a, b) => b.number - a.number)
        .map((f) => f.file),
    }));
}
