// Where the Runs view looks for runs: the configured folders (`lbObs.runs.outputDirs`) of each workspace
// folder, plus the folder lb itself writes to, which is the run config's output_dir unless lb's platform
// config sets one (platform.json replaces the run config's value; docs/FACTS.md, "Configuration files").
import { promises as fs } from 'fs';
import * as path from 'path';
import { parse as parseJsonc } from 'jsonc-parser';
import { lbPlatformConfigPath } from '../config/lbPaths';
import { readRunConfig } from '../tasks/runConfig';

export const RUN_CONFIG_FILE = 'benchmark_config.json';

export interface RunsFolder {
  /** The workspace folder (lb runs there, so relative output dirs are relative to it). */
  cwd: string;
  /** The `lbObs.runs.outputDirs` setting for this folder. */
  configured: readonly string[];
  /** output_dir of the folder's benchmark_config.json, when set. */
  configOutputDir?: string;
}

function expandHome(dir: string, home: string | undefined): string {
  return home && (dir === '~' || dir.startsWith('~/')) ? path.join(home, dir.slice(1)) : dir;
}

export function runsOutputDirs(folders: readonly RunsFolder[], platformOutputDir?: string, home?: string): string[] {
  const dirs = new Set<string>();
  const add = (cwd: string, dir: string) => {
    if (dir.trim() !== '') dirs.add(path.resolve(cwd, expandHome(dir, home)));
  };
  for (const folder of folders) {
    for (const dir of folder.configured) add(folder.cwd, dir);
    const lbDir = platformOutputDir ?? folder.configOutputDir;
    if (lbDir) add(folder.cwd, lbDir);
  }
  return [...dirs];
}

/** output_dir of `<folder>/benchmark_config.json`, read with jsonc-parser (the file may be mid-edit). */
export async function readConfigOutputDir(folder: string): Promise<string | undefined> {
  try {
    return readRunConfig(await fs.readFile(path.join(folder, RUN_CONFIG_FILE), 'utf8')).outputDir;
  } catch {
    return undefined;
  }
}

/** output_dir of lb's platform config (`$XDG_CONFIG_HOME/lb/platform.json`, by default under ~/.config). */
export async function readPlatformOutputDir(home: string, xdgConfigHome?: string): Promise<string | undefined> {
  const file = lbPlatformConfigPath(home, xdgConfigHome);
  try {
    const value = parseJsonc(await fs.readFile(file, 'utf8')) as { output_dir?: unknown } | undefined;
    return typeof value?.output_dir === 'string' && value.output_dir !== '' ? value.output_dir : undefined;
  } catch {
    return undefined;
  }
}
