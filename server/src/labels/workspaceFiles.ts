// The workspace files that may produce labels (lb configs, Alloy files, YAML that may hold Alloy), found without
// holding up the server: an asynchronous walk of the workspace folders, node_modules and .git skipped, bounded in
// files and depth, each file read only when it is within the size every check accepts (lb configs: 1 MB).
import { promises as fs } from 'fs';
import * as path from 'path';
import { MAX_CHECKED_BYTES } from '../../../core/documents/sizeLimit';

const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const MAX_ENTRIES = 50_000;
const MAX_DEPTH = 20;
/** lb configs are small; larger JSON files (dashboards, data) produce no labels and are not read. */
const MAX_JSON_BYTES = 1024 * 1024;

/** Names of files that may produce labels; the model decides by content. */
export function mayProduceLabels(file: string): boolean {
  return /\.(alloy|ya?ml|json)$/i.test(file);
}

/** Calls `found` with each candidate file's path and text, folder by folder. */
export async function readLabelFiles(folders: readonly string[], found: (file: string, text: string) => Promise<void>): Promise<void> {
  let entries = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    let list;
    try {
      list = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of list) {
      if (++entries > MAX_ENTRIES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(full, depth + 1);
      } else if (entry.isFile() && mayProduceLabels(entry.name)) {
        const text = await readBounded(full, /\.json$/i.test(entry.name) ? MAX_JSON_BYTES : MAX_CHECKED_BYTES);
        if (text !== undefined) await found(full, text);
      }
    }
  };
  for (const folder of folders) await walk(folder, 0);
}

/** A file's text, or undefined when it cannot be read or is beyond the checked size. */
export async function readBounded(file: string, maxBytes = MAX_CHECKED_BYTES): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
