// "Open Workflow Logs in Grafana (Flyte / Airflow)..." and "Show Flyte Log Templates".
import * as vscode from 'vscode';
import { airflowQuery, AirflowTarget } from '../../../core/links/airflow';
import { flyteTaskQuery, flyteWorkflowQuery, parseFlyteExecution } from '../../../core/links/flyte';
import { flyteLogTemplatesYaml } from '../../../core/links/flyteTemplates';
import { exploreUrl } from '../../../core/links/grafanaUrl';
import { LinkInputError } from '../../../core/links/linkError';
import type { TimeRange } from '../../../core/links/timeRange';
import { airflowOptions, flyteOptions, GrafanaTargets, legacyLinks } from './grafanaTargets';
import { openLink } from './openLink';

/** Workflow logs look back a day; Grafana's time picker widens it in one click. */
const WORKFLOW_RANGE: TimeRange = { from: 'now-24h', to: 'now' };

function problemOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (err) {
    return err instanceof LinkInputError ? err.message : String(err);
  }
}

async function ask(title: string, options: Partial<vscode.InputBoxOptions> = {}): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({ title, ignoreFocusOut: true, ...options });
  return value?.trim();
}

async function flyteQuery(task: boolean): Promise<string | undefined> {
  const input = await ask('Flyte execution id or console URL', {
    placeHolder: 'f6a1b2c3d4e5f6a7b8c9 or https://flyte.example.org/console/projects/p/domains/d/executions/f6a1...',
    validateInput: (v) => problemOf(() => parseFlyteExecution(v)),
  });
  if (!input) return undefined;
  const exec = parseFlyteExecution(input);
  if (!task) return flyteWorkflowQuery(exec, flyteOptions());
  const node = await ask('Node id of the task', { placeHolder: 'n0', validateInput: (v) => (v.trim() ? undefined : 'Enter the node id, e.g. n0') });
  if (!node) return undefined;
  const retry = await ask('Retry attempt (0 for the first)', { value: '0', validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'A whole number, 0 or more') });
  if (retry === undefined) return undefined;
  return flyteTaskQuery(exec, node, Number(retry), flyteOptions());
}

async function airflowLinkQuery(): Promise<string | undefined> {
  const options = airflowOptions();
  const dagId = await ask('Airflow DAG id', { validateInput: (v) => (v.trim() ? undefined : 'Enter the DAG id') });
  if (!dagId) return undefined;
  const runId = await ask('DAG run id (optional)', { placeHolder: 'manual__2026-11-21T13:56:00+00:00, or leave empty for every run' });
  if (runId === undefined) return undefined;
  const taskId = await ask('Task id (optional)', { placeHolder: 'leave empty for every task' });
  if (taskId === undefined) return undefined;
  const target: AirflowTarget = { dagId, runId: runId || undefined, taskId: taskId || undefined };
  if (target.taskId && options.mode === 'labels') {
    const tryNumber = await ask('Try number (optional)', { placeHolder: '1 for the first try; empty for every try', validateInput: (v) => (v.trim() === '' || /^[1-9]\d*$/.test(v.trim()) ? undefined : 'A whole number, 1 or more') });
    if (tryNumber === undefined) return undefined;
    if (tryNumber) target.tryNumber = Number(tryNumber);
  }
  return airflowQuery(target, options);
}

/** Asks which Flyte execution, task, or Airflow DAG run, task or try; its LogQL query, or undefined if cancelled. */
export async function pickWorkflowQuery(title: string): Promise<string | undefined> {
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Flyte: all workflow logs', detail: 'Every pod of an execution', build: () => flyteQuery(false) },
      { label: "Flyte: one task's logs", detail: 'The pod of one node attempt', build: () => flyteQuery(true) },
      { label: 'Airflow: DAG, DAG run, task or try', detail: `By ${airflowOptions().mode === 'labels' ? 'pod labels' : 'line filter'} (setting lbObs.airflow.mode)`, build: airflowLinkQuery },
    ],
    { title },
  );
  return kind?.build();
}

export class WorkflowLinkCommands {
  constructor(private readonly targets: GrafanaTargets) {}

  async openWorkflowLogs(): Promise<void> {
    const expr = await pickWorkflowQuery('Open workflow logs in Grafana');
    if (!expr) return;
    const target = await this.targets.exploreTarget();
    if (target) await openLink(exploreUrl(target, expr, WORKFLOW_RANGE, { legacy: legacyLinks() }));
  }

  async showFlyteTemplates(): Promise<void> {
    const target = await this.targets.exploreTarget();
    if (!target) return;
    const content = flyteLogTemplatesYaml(target, flyteOptions(), { legacy: legacyLinks() });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'yaml', content }));
  }
}
