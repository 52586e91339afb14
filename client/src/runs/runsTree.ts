// The Runs view (`lbObs.runs`): runs under the output folders, newest first, from their run_journal.json.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Logger } from '../../../core/logging/logger';
import { discoverRuns } from '../../../core/runs/discover';
import { buildRunTree, NodeStatus, RunNode, RunTreeNode } from '../../../core/runs/runTree';

const STATUS_ICONS: Record<NodeStatus, [icon: string, colour: string]> = {
  COMPLETED: ['pass', 'testing.iconPassed'],
  FAILED: ['error', 'testing.iconFailed'],
  RUNNING: ['sync~spin', 'charts.blue'],
  PENDING: ['circle-large-outline', 'testing.iconQueued'],
  SKIPPED: ['circle-slash', 'testing.iconSkipped'],
  UNKNOWN: ['warning', 'problemsWarningIcon.foreground'],
};

/** Menus in package.json match these (`viewItem =~ /^lbRun\./`, `lbRun.failed`, ...). */
function contextValue(node: RunTreeNode): string {
  switch (node.kind) {
    case 'run':
      return `lbRun.${node.status.toLowerCase()}`;
    case 'host':
      return 'lbRunHost';
    case 'workload':
      return 'lbRunWorkload';
    case 'task':
      return 'lbRunTask';
    case 'note':
      return 'lbRunNote';
  }
}

function tooltip(node: RunTreeNode): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  node.tooltip.forEach(([label, value], i) => {
    if (i > 0) md.appendMarkdown('  \n');
    md.appendMarkdown(`**${label}:** `);
    // Values come from the journal and the file system: appendText escapes them.
    md.appendText(value);
  });
  return md;
}

export class RunsTree implements vscode.TreeDataProvider<RunTreeNode>, vscode.Disposable {
  private roots: RunNode[] = [];
  private readonly changed = new vscode.EventEmitter<RunTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private outputDirs: string[] = [];
  private refreshing: Promise<void> | undefined;
  private again = false;

  constructor(private readonly log: Logger) {}

  get runs(): readonly RunNode[] {
    return this.roots;
  }

  get dirs(): readonly string[] {
    return this.outputDirs;
  }

  setOutputDirs(dirs: string[]): void {
    this.outputDirs = dirs;
  }

  /** Re-reads the runs; calls made while a refresh runs are folded into one more refresh. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        try {
          this.roots = buildRunTree(await discoverRuns(this.outputDirs), Date.now());
        } catch (err) {
          this.log.warn(`cannot list runs under ${this.outputDirs.join(', ')}: ${(err as Error).message}`);
        }
      } while (this.again);
      this.refreshing = undefined;
      this.changed.fire(undefined);
      // Lets the explorer offer "Open Run Logs" on run folders and their logs/ folders (`resourcePath in ...`).
      const folders = this.roots.flatMap((r) => [r.runDir, path.join(r.runDir, 'logs')].map((p) => vscode.Uri.file(p).path));
      void vscode.commands.executeCommand('setContext', 'lbObs.runFolders', folders);
    })();
    return this.refreshing;
  }

  getTreeItem(node: RunTreeNode): vscode.TreeItem {
    // A running run opens expanded, so that its running tasks are in sight.
    const collapsible =
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : node.kind === 'run' && node.active
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = tooltip(node);
    item.contextValue = contextValue(node);
    const [icon, colour] = node.kind === 'note' ? ['info', 'problemsInfoIcon.foreground'] : STATUS_ICONS[node.status];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
    if (node.kind === 'run') item.accessibilityInformation = { label: `Run ${node.label}, ${node.description}` };
    return item;
  }

  getChildren(node?: RunTreeNode): RunTreeNode[] {
    return node ? node.children : this.roots;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
