// Builds the VS Code task for an `lb` task definition: a ProcessExecution of the resolved executable and
// argument array (no shell), in the workspace folder, with lb's problem matcher for runs (which reads the lines
// `lb-obs lb-exec` adds to lb's output, see core/tasks/lbExecWrapper.ts).
import * as vscode from 'vscode';
import { LbTaskDefinition, TASK_TYPE } from '../../../core/tasks/definition';
import { wrapForConfigProblems } from '../../../core/tasks/lbExecWrapper';
import { resolveTaskCommand } from '../../../core/tasks/resolve';
import { escapeIcons } from '../labelText';
import { lbPathSetting } from './settings';

export const PROBLEM_MATCHER = '$lb';

export type LbVscodeDefinition = vscode.TaskDefinition & LbTaskDefinition;

const INTERACTIVE = new Set(['install-loki', 'uninstall-loki', 'install-grafana', 'uninstall-grafana', 'resume']);

/** The name shown in the task picker and terminal tab, where run ids, workload and file names could read as icons. */
export function defaultTaskName(def: LbTaskDefinition): string {
  return escapeIcons(describeTask(def));
}

function describeTask(def: LbTaskDefinition): string {
  switch (def.task) {
    case 'run': {
      const what = def.workloads?.length ? def.workloads.join(', ') : 'all workloads';
      return `run ${what}${def.config ? ` (${def.config})` : ''}${def.runId ? ` as ${def.runId}` : ''}`;
    }
    case 'resume':
      return def.runId ? `resume ${def.runId}` : 'resume (pick a run)';
    case 'provision':
      return `provision loki-grafana ${def.action}`;
    case 'doctor':
      return `doctor ${def.scope ?? 'all'}`;
    default:
      return 'method' in def && def.method ? `${def.task} (${def.method})` : def.task;
  }
}

/**
 * `definition` is the object VS Code keeps (from tasks.json, or the one a command built); `parsed` is the
 * same after checking. VS Code requires the task to carry the definition it was given, unchanged.
 */
export function buildTask(
  context: vscode.ExtensionContext,
  definition: vscode.TaskDefinition,
  parsed: LbTaskDefinition,
  scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace | vscode.TaskScope.Global,
  name = defaultTaskName(parsed),
): vscode.Task {
  const folder = typeof scope === 'object' ? scope : vscode.workspace.workspaceFolders?.[0];
  const direct = resolveTaskCommand(parsed, {
    lbPath: lbPathSetting(folder),
    scriptsDir: context.asAbsolutePath('install'),
    cwd: folder?.uri.fsPath,
  });
  const resolved = wrapForConfigProblems(parsed, direct, { nodePath: process.execPath, cliPath: context.asAbsolutePath('dist/cli/lb-obs.js') });
  const execution = new vscode.ProcessExecution(resolved.command, resolved.args, { cwd: resolved.cwd, env: resolved.env });
  const matchers = parsed.task === 'run' || parsed.task === 'resume' ? [PROBLEM_MATCHER] : [];
  const task = new vscode.Task(definition, scope, name, TASK_TYPE, execution, matchers);
  task.presentationOptions = {
    reveal: vscode.TaskRevealKind.Always,
    panel: vscode.TaskPanelKind.Dedicated,
    focus: INTERACTIVE.has(parsed.task),
    clear: true,
  };
  if (parsed.task === 'install-loki' || parsed.task === 'install-grafana' || parsed.task === 'provision') {
    task.group = vscode.TaskGroup.Build;
  }
  return task;
}

export function asVscodeDefinition(def: LbTaskDefinition): LbVscodeDefinition {
  return { type: TASK_TYPE, ...def };
}
