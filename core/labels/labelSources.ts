// Which files are label sources, one selection for the language server and the CLI (validate, link --workspace,
// logql check --workspace): the files under the workspace folders that may produce labels (.alloy, YAML, JSON of
// at most 1 MB; node_modules and .git skipped; the model decides by content), and lb's own, read as the kind lb
// reads them whatever their content: platform.json and config.json in lb's user folder, and the run config lb is
// pointed at by $LB_CONFIG_PATH or its pointer file (docs/FACTS.md, "Configuration files"). Found without holding
// up the server: an asynchronous walk, bounded in files and depth, each file read only within the checked size.
import { promises as fs } from 'fs';
import * as path from 'path';
import { MAX_CHECKED_BYTES } from '../documents/sizeLimit';

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

export type LbConfigKind = 'lb-run-config' | 'lb-platform-config';

/** lb's configs in its user folder, read whatever their content: lb reads them by these names. */
export const LB_USER_CONFIGS: Record<string, LbConfigKind> = { 'platform.json': 'lb-platform-config', 'config.json': 'lb-run-config' };
/** The file in lb's user folder that holds the path of the run config lb uses (lb writes it: write_saved_config_path). */
export const LB_CONFIG_POINTER = 'config_path';

/** Where lb's own configs are found: its user folder and environment, as the server or the CLI sees them. */
export interface LbConfigScope {
  /** `$XDG_CONFIG_HOME/lb`, else `~/.config/lb`. */
  lbConfigDir: string;
  /** `$LB_CONFIG_PATH`. */
  lbConfigPath?: string;
  /** The home folder, for a pointer's `~`. */
  homeDir: string;
  /**
   * What a relative path lb is pointed at is resolved against, lb's working directory being unknown here: each
   * workspace folder (server), the current directory (CLI).
   */
  relativeTo: readonly string[];
}

/** `~` and `~/...` as Python's Path.expanduser() reads them (`~user` is left alone: lb's users point at their own). */
function expandUser(file: string, homeDir: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(homeDir, file.slice(1)) : file;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * lb's configs outside the workspace, each with the kind lb reads it as: its user folder's platform.json and
 * config.json, $LB_CONFIG_PATH (as lb: not expanded), and the pointer file's target (stripped, `~` expanded, used
 * only where it exists, as lb does). A relative path counts once per folder of `relativeTo`.
 */
export async function lbConfigSources(scope: LbConfigScope): Promise<Map<string, LbConfigKind>> {
  const sources = new Map<string, LbConfigKind>(Object.entries(LB_USER_CONFIGS).map(([name, kind]) => [path.join(scope.lbConfigDir, name), kind]));
  const resolved = (file: string) => (path.isAbsolute(file) ? [file] : scope.relativeTo.map((folder) => path.resolve(folder, file)));
  if (scope.lbConfigPath) for (const file of resolved(scope.lbConfigPath)) sources.set(file, 'lb-run-config');
  const pointed = (await readBounded(path.join(scope.lbConfigDir, LB_CONFIG_POINTER)))?.trim();
  if (pointed) {
    for (const file of resolved(expandUser(pointed, scope.homeDir))) if (await exists(file)) sources.set(file, 'lb-run-config');
  }
  return sources;
}

/**
 * Every label source of a workspace: lb's configs (with their kind; text undefined for one that cannot be read,
 * so that a reader forgets it), then the candidate files under `folders` (the model classifies them). Returns lb's.
 */
export async function readLabelSources(
  folders: readonly string[],
  scope: LbConfigScope,
  found: (file: string, text: string | undefined, kind: LbConfigKind | undefined) => Promise<void>,
): Promise<Map<string, LbConfigKind>> {
  const lb = await lbConfigSources(scope);
  for (const [file, kind] of lb) await found(file, await readBounded(file, MAX_JSON_BYTES), kind);
  await readLabelFiles(folders, (file, text) => (lb.has(file) ? Promise.resolve() : found(file, text, undefined)));
  return lb;
}
