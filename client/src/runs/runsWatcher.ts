// Keeps the Runs view current: works out the output folders from the settings and configs, and refreshes
// (debounced) when a journal, a run folder or one of those configs changes.
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Logger } from '../../../core/logging/logger';
import { lbPlatformConfigPath } from '../../../core/config/lbPaths';
import { RUN_CONFIG_FILE } from '../../../core/runs/outputDirs';
import type { RunsTree } from './runsTree';
import { OUTPUT_DIRS_SETTING, workspaceRunOutputDirs } from './workspaceRunDirs';

const DEBOUNCE_MS = 300;
/** While a run is running, its durations are redrawn this often even without a journal write. */
const ACTIVE_TICK_MS = 15_000;

export class RunsWatcher implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly listeners: vscode.Disposable[];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly tick: ReturnType<typeof setInterval>;
  private restarting: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly tree: RunsTree,
    isVisible: () => boolean,
    private readonly log: Logger,
  ) {
    this.listeners = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(OUTPUT_DIRS_SETTING)) void this.restart();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.restart()),
    ];
    this.tick = setInterval(() => {
      if (isVisible() && tree.runs.some((r) => r.active)) void tree.refresh();
    }, ACTIVE_TICK_MS);
  }

  /** Re-reads where runs live, re-creates the watchers and refreshes the view (one restart at a time). */
  restart(): Promise<void> {
    const run = this.restarting.then(() => this.reconfigure());
    // A failed restart must not block the next ones, nor reject the callers that only `void` it.
    this.restarting = run.catch((err: Error) => this.log.warn(`cannot update the Runs view: ${err.message}`));
    return this.restarting;
  }

  private async reconfigure(): Promise<void> {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const folders = vscode.workspace.workspaceFolders ?? [];
    const dirs = await workspaceRunOutputDirs();
    // Disposed while the configs were read: no watchers may outlive the extension.
    if (this.disposed) return;
    this.tree.setOutputDirs(dirs);

    const refresh = () => this.scheduleRefresh();
    for (const dir of dirs) {
      // Run folders appearing or going, and their journals and logs folders.
      this.watch(new vscode.RelativePattern(vscode.Uri.file(dir), '{*,*/run_journal.json,*/logs}'), refresh);
      // An output folder that does not exist yet cannot be watched: watch for it to be created.
      this.watch(new vscode.RelativePattern(vscode.Uri.file(path.dirname(dir)), path.basename(dir)), () => void this.restart());
    }
    const onConfigChange = () => void this.restart();
    for (const folder of folders) this.watch(new vscode.RelativePattern(folder, RUN_CONFIG_FILE), onConfigChange);
    const platformFile = lbPlatformConfigPath(os.homedir(), process.env.XDG_CONFIG_HOME);
    this.watch(new vscode.RelativePattern(vscode.Uri.file(path.dirname(platformFile)), path.basename(platformFile)), onConfigChange);
    await this.tree.refresh();
  }

  private watch(pattern: vscode.RelativePattern, onEvent: () => void): void {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    watcher.onDidCreate(onEvent);
    watcher.onDidChange(onEvent);
    watcher.onDidDelete(onEvent);
    this.watchers.push(watcher);
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tree.refresh();
    }, DEBOUNCE_MS);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    clearInterval(this.tick);
    for (const d of [...this.watchers, ...this.listeners]) d.dispose();
  }
}
