// Everything of "run, resume, provision and install as VS Code tasks": the `lb` task type, the LB commands,
// the workload code lenses, the Loki/Grafana status bar item.
import * as vscode from 'vscode';
import { Logger, moduleLogger } from '../../../core/logging/logger';
import { TASK_TYPE } from '../../../core/tasks/definition';
import { RUN_WORKLOAD_COMMAND, WorkloadCodeLensProvider } from './codeLens';
import { TaskCommands } from './commands';
import type { LokiCredentials } from '../loki/lokiCredentials';
import { ServiceStatus, SHOW_STATUS_COMMAND, showServiceStatus } from './statusBar';
import { LbTaskProvider, RUN_CONFIG_GLOB } from './taskProvider';

export function registerTasks(context: vscode.ExtensionContext, logger: Logger, lokiCredentials: LokiCredentials): void {
  const provider = new LbTaskProvider(context, logger);
  const commands = new TaskCommands(provider, logger);
  const lenses = new WorkloadCodeLensProvider();
  const status = new ServiceStatus(context.secrets, moduleLogger(logger, 'services'), lokiCredentials);
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
    register('lbObs.checkServices', () => showServiceStatus(status)),
    register(SHOW_STATUS_COMMAND, () => showServiceStatus(status)),
    vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: RUN_CONFIG_GLOB }, lenses),
    status,
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    vscode.window.onDidChangeWindowState((state) => (state.focused ? status.restart() : status.stop())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lbObs.loki') || e.affectsConfiguration('lbObs.grafana')) {
        status.results = [];
        status.restart();
      }
    }),
    vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task.definition.type === TASK_TYPE) void status.checkNow();
    }),
  );
  status.restart();
}
