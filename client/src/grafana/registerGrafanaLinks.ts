// Everything of "Grafana Explore and dashboard links": commands, credentials, code lenses on LogQL.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Logger, moduleLogger } from '../../../core/logging/logger';
import { clearCredentials, SET_CREDENTIALS_COMMAND, setCredentials } from './credentialsCommands';
import { GrafanaTargets } from './grafanaTargets';
import { OPEN_QUERY_COMMAND, QueryCodeLensProvider, QueryLinkCommands } from './queryLinks';
import { guarded } from './reportError';
import { RunLinkCommands } from './runLinkCommands';
import { LinkChoices } from './linkChoices';
import { useLinkChoices, WorkflowLinkCommands } from './workflowLinkCommands';

/** `client`: the language server, which knows the workspace's labels that workflow links follow. */
export function registerGrafanaLinks(context: vscode.ExtensionContext, logger: Logger, client?: LanguageClient): void {
  const log = moduleLogger(logger, 'grafana-links');
  const targets = new GrafanaTargets(context.secrets, log);
  const runs = new RunLinkCommands(targets);
  const choices = new LinkChoices(() => client);
  useLinkChoices(choices);
  const workflows = new WorkflowLinkCommands(targets, choices);
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
