// Everything of "run, resume, provision and install as VS Code tasks": the `lb` task type, the LB commands,
// the workload code lenses.
import * as vscode from 'vscode';
import type { Logger } from '../../../core/logging/logger';
import { TASK_TYPE } from '../../../core/tasks/definition';
import { RUN_WORKLOAD_COMMAND, WorkloadCodeLensProvider } from './codeLens';
import { TaskCommands } from './commands';
import { LbTaskProvider, RUN_CONFIG_GLOB } from './taskProvider';

export function registerTasks(context: vscode.ExtensionContext, logger: Logger): void {
  const provider = new LbTaskProvider(context, logger);
  const commands = new TaskCommands(provider, logger);
  const lenses = new WorkloadCodeLensProvider();
  const register = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, fn);

  context.subscriptions.push(
    vscode.tasks.registerTaskProvider(TASK_TYPE, provider),
    register('lbObs.runBenchmark', () => commands.runBenchmark()),
    register(RUN_WORKLOAD_COMMAND, (uri: vscode.Uri, workload: string) => commands.runBenchmark(uri, [workload])),
    register('lbObs.resumeRun', (target?: { runDir?: string; runId?: string }) => commands.resumeRun(target)),
    register('lbObs.provision', () => commands.provision()),
    register('lbObs.installLoki', () => commands.install('Loki')),
    register('lbObs.uninstallLoki', () => commands.uninstall('Loki')),
    register('lbObs.installGrafana', () => commands.install('Grafana')),
    register('lbObs.uninstallGrafana', () => commands.uninstall('Grafana')),
    vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: RUN_CONFIG_GLOB }, lenses),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
  );
}
