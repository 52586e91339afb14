// The `lb` task type: detected tasks for the workspace (a run per config found, resume, doctor, provision
// status, the install scripts) and resolution of `lb` tasks written in tasks.json.
import * as path from 'path';
import * as vscode from 'vscode';
import { moduleLogger, Logger } from '../../../core/logging/logger';
import { LbTaskDefinition, parseTaskDefinition } from '../../../core/tasks/definition';
import { requireLb } from './guards';
import { asVscodeDefinition, buildTask } from './taskFactory';

export const RUN_CONFIG_GLOB = '**/benchmark_config*.json';
const EXCLUDE = '{**/node_modules/**,**/.git/**}';
/** The task kinds that run lb itself (the others run the shipped scripts with bash). */
const LB_TASKS = new Set(['run', 'resume', 'provision', 'doctor']);

export class LbTaskProvider implements vscode.TaskProvider {
  private readonly log: Logger;
  private readonly reported = new Set<string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    logger: Logger,
  ) {
    this.log = moduleLogger(logger, 'tasks');
  }

  async provideTasks(): Promise<vscode.Task[]> {
    const tasks: vscode.Task[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const configs = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, RUN_CONFIG_GLOB), EXCLUDE, 50);
      for (const uri of configs.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
        const config = path.relative(folder.uri.fsPath, uri.fsPath);
        // A file name VS Code would read as a ${variable} is left out rather than passed on altered.
        if (config.includes('${')) continue;
        tasks.push(this.task({ task: 'run', config }, folder));
      }
      tasks.push(this.task({ task: 'resume' }, folder), this.task({ task: 'doctor' }, folder), this.task({ task: 'provision', action: 'status' }, folder));
    }
    const scope = vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Global;
    for (const task of ['install-loki', 'uninstall-loki', 'install-grafana', 'uninstall-grafana'] as const) {
      tasks.push(this.task({ task }, scope));
    }
    return tasks;
  }

  /** A task from tasks.json: checked, then built; a bad definition is reported once and not run. */
  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const parsed = parseTaskDefinition(task.definition);
    if (!parsed.ok) {
      const message = `tasks.json: ${parsed.errors.join('; ')}`;
      this.log.warn(message);
      if (!this.reported.has(message)) {
        this.reported.add(message);
        void vscode.window.showErrorMessage(message);
      }
      return undefined;
    }
    const scope = task.scope === undefined ? vscode.TaskScope.Workspace : task.scope;
    // lb itself missing would otherwise only show as a failed process launch in the terminal.
    if (LB_TASKS.has(parsed.definition.task)) void requireLb(typeof scope === 'object' ? scope : undefined);
    return buildTask(this.context, task.definition, parsed.definition, scope, task.name);
  }

  task(def: LbTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope.Global | vscode.TaskScope.Workspace): vscode.Task {
    return buildTask(this.context, asVscodeDefinition(def), def, scope);
  }
}
