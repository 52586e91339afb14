// Where lb writes runs, to offer runs to resume: the platform config's output_dir replaces the run config's
// (lb-facts.md), relative paths are relative to the folder lb runs in, and `benchmark_results` is the default.
import * as path from 'path';

export const DEFAULT_OUTPUT_DIR = 'benchmark_results';

export interface OutputDirSource {
  /** The folder lb runs in (the workspace folder). */
  cwd: string;
  /** output_dir of each run config found in that folder. */
  configOutputDirs: Array<string | undefined>;
}

export function runOutputDirs(sources: OutputDirSource[], platformOutputDir?: string, home?: string): string[] {
  const dirs = new Set<string>();
  const resolve = (cwd: string, dir: string) =>
    path.resolve(cwd, home && (dir === '~' || dir.startsWith('~/')) ? path.join(home, dir.slice(1)) : dir);
  for (const source of sources) {
    if (platformOutputDir) {
      dirs.add(resolve(source.cwd, platformOutputDir));
      continue;
    }
    dirs.add(resolve(source.cwd, DEFAULT_OUTPUT_DIR));
    for (const dir of source.configOutputDirs) if (dir) dirs.add(resolve(source.cwd, dir));
  }
  return [...dirs];
}
