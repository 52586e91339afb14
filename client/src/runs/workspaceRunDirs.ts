// The folders that hold lb runs for this workspace, the same for every command that lists runs (Runs view,
// Resume Run, Push Run Logs, Grafana links): core/runs/outputDirs.ts with this window's settings.
import * as os from 'os';
import * as vscode from 'vscode';
import { readConfigOutputDir, readPlatformOutputDir, runsOutputDirs } from '../../../core/runs/outputDirs';

export const OUTPUT_DIRS_SETTING = 'lbObs.runs.outputDirs';

/** The setting as written by hand may be a single string or hold non-strings: only its strings count. */
function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export async function workspaceRunOutputDirs(): Promise<string[]> {
  const home = os.homedir();
  const folders = vscode.workspace.workspaceFolders ?? [];
  return runsOutputDirs(
    await Promise.all(
      folders.map(async (folder) => ({
        cwd: folder.uri.fsPath,
        configured: stringList(vscode.workspace.getConfiguration('lbObs', folder.uri).get<unknown>('runs.outputDirs')),
        configOutputDir: await readConfigOutputDir(folder.uri.fsPath),
      })),
    ),
    await readPlatformOutputDir(home, process.env.XDG_CONFIG_HOME),
    home,
  );
}
