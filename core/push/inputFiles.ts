// Which files a push covers and in which order. A run folder means its logs/ folder (or a folder of logs):
// every `<component>-<host>.jsonl` with its numbered backups, as the log engine lists them. Each file's backups
// go first, oldest first, so that Loki receives every stream in time order.
import { promises as fs } from 'fs';
import * as path from 'path';
import { listLogFileGroups, logsDirOf } from '../logs/runLogFiles';

/** A log file and its rotated backups, oldest first. */
export interface FileFamily {
  /** The current file's path (`x.jsonl`), also when only backups are pushed. */
  name: string;
  files: string[];
}

export class PushInputError extends Error {}

/** `x.jsonl.3` belongs to `x.jsonl` as backup 3; any other file is its own family. */
function familyOf(file: string): { base: string; backup: number } {
  const m = /^(.*\.jsonl)\.(\d+)$/.exec(file);
  return m ? { base: m[1], backup: Number(m[2]) } : { base: file, backup: 0 };
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** The log files of a run folder (its logs/ folder), or of a folder of logs. */
async function folderFiles(dir: string): Promise<string[]> {
  const logs = logsDirOf(dir);
  const files: string[] = [];
  for (const group of listLogFileGroups(logs)) {
    files.push(...group.backups);
    if (await exists(group.base)) files.push(group.base);
  }
  if (files.length === 0) throw new PushInputError(`no JSONL logs in ${logs} (expected <component>-<host>.jsonl files)`);
  return files;
}

/** Resolves files and run folders to file families, each file once, in a stable order. */
export async function resolvePushInputs(inputs: string[], cwd: string): Promise<FileFamily[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch (err) {
      throw new PushInputError(`cannot read ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (stat.isDirectory()) files.push(...(await folderFiles(absolute)));
    else if (stat.isFile()) files.push(absolute);
    else throw new PushInputError(`${input} is neither a file nor a folder`);
  }
  const families = new Map<string, Array<{ file: string; backup: number }>>();
  const seen = new Set<string>();
  for (const file of files) {
    const real = await fs.realpath(file);
    if (seen.has(real)) continue;
    seen.add(real);
    const { base, backup } = familyOf(file);
    const list = families.get(base) ?? [];
    list.push({ file, backup });
    families.set(base, list);
  }
  return [...families.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, list]) => ({ name, files: list.sort((a, b) => b.backup - a.backup).map((f) => f.file) }));
}
