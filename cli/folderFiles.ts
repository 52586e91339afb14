// The files a command line names, folders expanded: every file under a folder with an extension lb-obs reads
// (the language server's document kinds), in a stable order, without descending into dependency or VCS folders.
import * as fs from 'fs';
import * as path from 'path';
import { MAX_CHECKED_BYTES, megabytes } from '../core/documents/sizeLimit';
import { quoteUserText } from '../core/text/userText';
import type { CliIo } from './io';

export const LANGUAGE_BY_EXTENSION: Record<string, string> = { '.alloy': 'alloy', '.json': 'json', '.logql': 'logql', '.yaml': 'yaml', '.yml': 'yaml' };

// Folders no workspace file lives in: dependencies, VCS data, build output.
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface NamedFile {
  /** As shown in output: the argument, or the folder argument joined with the path under it. */
  file: string;
  absolute: string;
  /** Found by walking a folder (true) or named on the command line. */
  inFolder: boolean;
}

export interface SkippedFile {
  file: string;
  why: string;
  error: boolean;
}

export interface ExpandedArguments {
  files: NamedFile[];
  /** The folders named (absolute), the workspace folders of the check. */
  folders: string[];
  /** Entries under a folder not checked, with why; `error` when it could not be read (not merely too large). */
  skipped: SkippedFile[];
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

function walk(dir: string, shown: string, out: ExpandedArguments): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    out.skipped.push({ file: shown, why: `cannot list it: ${errorCode(err)}`, error: true });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolute = path.join(dir, entry.name);
    const file = path.join(shown, entry.name);
    // Symbolic links to folders are not followed: a link back up would never end.
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(absolute, file, out);
      continue;
    }
    if (!LANGUAGE_BY_EXTENSION[path.extname(entry.name).toLowerCase()]) continue;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (err) {
      out.skipped.push({ file, why: `cannot read it: ${errorCode(err)}`, error: true });
      continue;
    }
    if (!stat.isFile()) continue;
    if (stat.size > MAX_CHECKED_BYTES) {
      out.skipped.push({ file, why: `it is ${megabytes(stat.size)}; lb-obs checks files of at most ${megabytes(MAX_CHECKED_BYTES)}`, error: false });
      continue;
    }
    out.files.push({ file, absolute, inFolder: true });
  }
}

/** Files as given, folders walked; a path that does not exist stays a file (reading it reports the error). */
export function expandArguments(args: string[], io: CliIo): ExpandedArguments {
  const out: ExpandedArguments = { files: [], folders: [], skipped: [] };
  for (const arg of args) {
    const absolute = path.resolve(io.cwd, arg);
    let isFolder = false;
    try {
      isFolder = fs.statSync(absolute).isDirectory();
    } catch {
      isFolder = false;
    }
    if (!isFolder) {
      out.files.push({ file: arg, absolute, inFolder: false });
      continue;
    }
    out.folders.push(absolute);
    walk(absolute, arg, out);
  }
  // A file named twice (alone and under a folder named too) is checked once, as first named.
  const seen = new Set<string>();
  out.files = out.files.filter((f) => !seen.has(f.absolute) && seen.add(f.absolute));
  return out;
}

export function skippedLine(command: string, skipped: SkippedFile): string {
  return `lb-obs ${command}: skipped ${quoteUserText(skipped.file, 200)}: ${skipped.why}\n`;
}
