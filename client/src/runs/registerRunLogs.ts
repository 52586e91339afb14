// The "Run logs" capability: the Runs view, its item actions, and the log panels (opened from the view, the
// explorer's context menu or the command palette).
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Logger, moduleLogger } from '../../../core/logging/logger';
import { listLogFileGroups } from '../../../core/logs/runLogFiles';
import { LogPanels } from '../logs/logPanels';
import { filesTarget, LogTarget, lokiRunTarget, runTarget } from '../logs/logTarget';
import { openTargetSession } from '../logs/openTargetSession';
import { LokiCredentials } from '../loki/lokiCredentials';
import { escapedItem } from '../labelText';
import { callOptionalCommand } from './optionalCommand';
import { asRunRef, RunRef } from './runRef';
import { RunsTree } from './runsTree';
import { RunsWatcher } from './runsWatcher';
import { OUTPUT_DIRS_SETTING } from './workspaceRunDirs';

export const RUNS_VIEW = 'lbObs.runs';

async function isDirectory(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isDirectory(), () => false);
}

export function registerRunLogs(context: vscode.ExtensionContext, logger: Logger, lokiCredentials: LokiCredentials): void {
  const log = moduleLogger(logger, 'runLogs');
  const tree = new RunsTree(log);
  const view = vscode.window.createTreeView(RUNS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const watcher = new RunsWatcher(tree, () => view.visible, log);
  const panels = new LogPanels(context.extensionUri, (target) => openTargetSession(target, context.extensionUri.fsPath), log);
  context.subscriptions.push(tree, view, watcher, panels);
  void watcher.restart();

  async function pickRun(): Promise<RunRef | undefined> {
    await tree.refresh();
    if (tree.runs.length === 0) {
      const where = tree.dirs.length ? tree.dirs.join(', ') : 'the workspace (no folder is open)';
      const choice = await vscode.window.showInformationMessage(
        `No lb runs found under ${where}.`,
        'Open Log Files...',
        'Configure Output Folders',
      );
      if (choice === 'Open Log Files...') await vscode.commands.executeCommand('lbObs.openLogFiles');
      if (choice === 'Configure Output Folders') {
        await vscode.commands.executeCommand('workbench.action.openSettings', OUTPUT_DIRS_SETTING);
      }
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      tree.runs.map((run) => escapedItem({ label: run.runId, description: run.description, detail: run.runDir, run })),
      { title: 'Open Run Logs', placeHolder: 'Run (newest first)', matchOnDetail: true },
    );
    return picked && { runDir: picked.run.runDir, runId: picked.run.runId };
  }

  /** `arg` may carry a panel filter to show: `{ runDir, runId, filter }` (Compare with...'s pattern lines). */
  async function openRunLogs(arg?: unknown): Promise<void> {
    let ref = asRunRef(arg);
    if (!ref && arg instanceof vscode.Uri) {
      // From the explorer: a run folder, or its logs/ folder.
      const dir = arg.fsPath;
      ref = { runDir: path.basename(dir) === 'logs' ? path.dirname(dir) : dir };
    }
    ref ??= await pickRun();
    if (!ref) return;
    if (!(await isDirectory(ref.runDir))) {
      void vscode.window.showErrorMessage(`Cannot open run logs: ${ref.runDir} is not a folder.`);
      return;
    }
    await panels.open(await runLogsTarget(ref), ref.filter);
  }

  /** The run's log files; from Loki when there are none yet and a Loki is configured. */
  async function runLogsTarget(ref: RunRef): Promise<LogTarget> {
    const target = await runTarget(ref.runDir, ref.runId);
    if (listLogFileGroups(path.join(target.runDir!, 'logs')).length > 0) return target;
    const connection = await lokiCredentials.connection();
    if (connection) return lokiRunTarget(target.runDir!, target.runId!, connection);
    void vscode.window.showInformationMessage(
      `${target.runId} has no log files yet; they appear as lb writes or collects them. ` +
        'Set lbObs.loki.url to read the logs of a running remote run from Loki.',
    );
    return target;
  }

  async function openLogFiles(arg?: unknown, selection?: unknown): Promise<void> {
    let uris = Array.isArray(selection) ? selection.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
    if (uris.length === 0 && arg instanceof vscode.Uri) uris = [arg];
    if (uris.length === 0) {
      uris =
        (await vscode.window.showOpenDialog({
          title: 'Open Log Files',
          canSelectMany: true,
          openLabel: 'Open Logs',
          filters: { 'JSON Lines': ['jsonl'], 'All files': ['*'] },
        })) ?? [];
    }
    const files = uris.filter((u) => u.scheme === 'file').map((u) => u.fsPath);
    if (files.length === 0) return;
    await panels.open(await filesTarget(files));
  }

  async function reveal(arg?: unknown): Promise<void> {
    const ref = asRunRef(arg);
    if (!ref) return;
    const uri = vscode.Uri.file(ref.runDir);
    const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
    await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', uri);
  }

  function itemCommand(action: string, target: string) {
    return async (arg?: unknown) => {
      const ref = asRunRef(arg);
      if (!ref) return;
      const runId = ref.runId ?? path.basename(ref.runDir);
      await callOptionalCommand(target, action, { runDir: ref.runDir, runId });
    };
  }

  const register = (id: string, handler: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await handler(...args);
        } catch (err) {
          log.error(`${id} failed: ${(err as Error).message}`);
          void vscode.window.showErrorMessage(`${(err as Error).message}`);
        }
      }),
    );
  register('lbObs.openRunLogs', openRunLogs);
  register('lbObs.openLogFiles', openLogFiles);
  register('lbObs.refreshRuns', () => watcher.restart());
  register('lbObs.revealRun', reveal);
  register('lbObs.runsOpenInGrafana', itemCommand('Open in Grafana', 'lbObs.openRunInGrafana'));
  register('lbObs.runsResume', itemCommand('Resume', 'lbObs.resumeRun'));
}
