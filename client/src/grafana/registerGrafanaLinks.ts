// Everything of "Grafana Explore and dashboard links": commands, credentials, code lenses on LogQL.
import * as vscode from 'vscode';
import { Logger, moduleLogger } from '../../../core/logging/logger';
import { clearCredentials, SET_CREDENTIALS_COMMAND, setCredentials } from './credentialsCommands';
import { GrafanaTargets } from './grafanaTargets';
import { OPEN_QUERY_COMMAND, QueryCodeLensProvider, QueryLinkCommands } from './queryLinks';
import { guarded } from './reportError';
import { RunLinkCommands } from './runLinkCommands';
import { WorkflowLinkCommands } from './workflowLinkCommands';

export function registerGrafanaLinks(context: vscode.ExtensionContext, logger: Logger): void {
  const log = moduleLogger(logger, 'grafana-links');
  const targets = new GrafanaTargets(context.secrets, log);
  const runs = new RunLinkCommands(targets);
  const workflows = new WorkflowLinkCommands(targets);
  const queries = new QueryLinkCommands(targets);
  const register = (id: string, run: (arg?: unknown) => Promise<void>) => vscode.commands.registerCommand(id, guarded(log, run));

  context.subscriptions.push(
    register('lbObs.openRunInGrafana', (arg) => runs.openRunLogs(arg)),
    register('lbObs.copyGrafanaLink', (arg) => runs.copyLink(arg)),
    register('lbObs.openRunDashboardInGrafana', (arg) => runs.openRunDashboard(arg)),
    register('lbObs.openWorkflowLogsInGrafana', () => workflows.openWorkflowLogs()),
    register('lbObs.showFlyteTemplates', () => workflows.showFlyteTemplates()),
    register(OPEN_QUERY_COMMAND, (arg) => queries.openQuery(arg)),
    register(SET_CREDENTIALS_COMMAND, () => setCredentials(targets)),
    register('lbObs.clearGrafanaCredentials', () => clearCredentials(targets)),
    vscode.languages.registerCodeLensProvider(
      [{ language: 'logql' }, { pattern: '**/*.logql' }, { language: 'json' }, { language: 'jsonc' }, { language: 'yaml' }],
      new QueryCodeLensProvider(),
    ),
  );
}
