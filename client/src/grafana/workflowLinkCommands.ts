// "Open Workflow Logs in Grafana (Flyte / Airflow)..." and "Show Flyte Log Templates".
import * as vscode from 'vscode';
import { airflowQuery, AirflowTarget } from '../../../core/links/airflow';
import { flyteTaskQuery, flyteWorkflowQuery, parseFlyteExecution } from '../../../core/links/flyte';
import { flyteLogTemplatesYaml } from '../../../core/links/flyteTemplates';
import { exploreUrl } from '../../../core/links/grafanaUrl';
import { LinkInputError } from '../../../core/logql/build/inputError';
import type { TimeRange } from '../../../core/links/timeRange';
import type { LinkChoice } from '../../../core/links/linkMode';
import { airflowOptions, flyteOptions, GrafanaTargets, legacyLinks } from './grafanaTargets';
import { escapeIcons } from '../labelText';
import { LinkChoices, linkScope } from './linkChoices';
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

async function flyteQuery(task: boolean, choices: LinkChoices): Promise<string | undefined> {
  const input = await ask('Flyte execution id or console URL', {
    placeHolder: 'f6a1b2c3d4e5f6a7b8c9 or https://flyte.example.org/console/projects/p/domains/d/executions/f6a1...',
    validateInput: (v) => problemOf(() => parseFlyteExecution(v)),
  });
  if (!input) return undefined;
  const exec = parseFlyteExecution(input);
  if (!task) return flyteWorkflowQuery(exec, { ...flyteOptions(linkScope()), workflowLabel: (await choices.flyteWorkflowLabel()).value });
  const node = await ask('Node id of the task', { placeHolder: 'n0', validateInput: (v) => (v.trim() ? undefined : 'Enter the node id, e.g. n0') });
  if (!node) return undefined;
  const retry = await ask('Retry attempt (0 for the first)', { value: '0', validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'A whole number, 0 or more') });
  if (retry === undefined) return undefined;
  return flyteTaskQuery(exec, node, Number(retry), flyteOptions(linkScope()));
}

async function airflowLinkQuery(choices: LinkChoices): Promise<string | undefined> {
  const options = airflowOptions(linkScope());
  const dagId = await ask('Airflow DAG id', { validateInput: (v) => (v.trim() ? undefined : 'Enter the DAG id') });
  if (!dagId) return undefined;
  const runId = await ask('DAG run id (optional)', { placeHolder: 'manual__2026-11-21T13:56:00+00:00, or leave empty for every run' });
  if (runId === undefined) return undefined;
  const taskId = await ask('Task id (optional)', { placeHolder: 'leave empty for every task' });
  if (taskId === undefined) return undefined;
  const target: AirflowTarget = { dagId, runId: runId || undefined, taskId: taskId || undefined };
  // The labels this link matches besides the namespace, which both forms select by.
  const names = options.labels;
  const needed = [names.dagId, ...(target.runId ? [names.runId] : []), ...(target.taskId ? [names.taskId] : [])];
  let choice = await choices.airflowMode(needed);
  if (target.taskId && choice.value === 'labels') {
    const tryNumber = await ask('Try number (optional)', { placeHolder: '1 for the first try; empty for every try', validateInput: (v) => (v.trim() === '' || /^[1-9]\d*$/.test(v.trim()) ? undefined : 'A whole number, 1 or more') });
    if (tryNumber === undefined) return undefined;
    if (tryNumber) {
      target.tryNumber = Number(tryNumber);
      choice = await choices.airflowMode([...needed, names.tryNumber]);
      // The try number is only in the pod's labels, never in the log text.
      if (choice.value !== 'labels') throw new LinkInputError(`a try number needs labels mode (${choice.reason}); leave it empty for every try`);
    }
  }
  return airflowQuery(target, { ...options, mode: choice.value });
}

/** The reason names files and labels of the workspace: `$(...)` in them is shown as written, not as an icon. */
function formDetail(choice: LinkChoice<string>, form: string): string {
  return escapeIcons(`${form}: ${choice.reason}`);
}

/** The form each kind of link takes here and why, shown as the kinds' details. */
async function pickItems(choices: LinkChoices) {
  const [label, mode] = await Promise.all([choices.flyteWorkflowLabel(), choices.airflowMode([airflowOptions(linkScope()).labels.dagId])]);
  return [
    { label: 'Flyte: all workflow logs', detail: formDetail(label, `Every pod of an execution, by label ${label.value}`), build: () => flyteQuery(false, choices) },
    { label: "Flyte: one task's logs", detail: 'The pod of one node attempt (setting lbObs.flyte.podSelector)', build: () => flyteQuery(true, choices) },
    {
      label: 'Airflow: DAG, DAG run, task or try',
      detail: formDetail(mode, mode.value === 'labels' ? 'By pod labels' : 'By line filter'),
      build: () => airflowLinkQuery(choices),
    },
  ];
}

/** A choice offered besides the workflow forms (a query typed in). */
export interface OtherQueryItem {
  label: string;
  detail: string;
  build: () => Promise<string | undefined>;
}

/**
 * Asks which Flyte execution, task, or Airflow DAG run, task or try (or `other`); its LogQL query, or undefined if
 * cancelled.
 */
export async function pickWorkflowQuery(title: string, choices: LinkChoices = defaultChoices, other?: OtherQueryItem): Promise<string | undefined> {
  const items = pickItems(choices).then((forms) => [...forms, ...(other ? [other] : [])]);
  const kind = await vscode.window.showQuickPick(items, { title });
  return kind?.build();
}

/** Set once the language client exists (registerGrafanaLinks); until then links use the settings alone. */
let defaultChoices = new LinkChoices(() => undefined);

export function useLinkChoices(choices: LinkChoices): void {
  defaultChoices = choices;
}

export class WorkflowLinkCommands {
  constructor(
    private readonly targets: GrafanaTargets,
    private readonly choices: LinkChoices,
  ) {}

  async openWorkflowLogs(): Promise<void> {
    const expr = await pickWorkflowQuery('Open workflow logs in Grafana', this.choices);
    if (!expr) return;
    const target = await this.targets.exploreTarget();
    if (target) await openLink(exploreUrl(target, expr, WORKFLOW_RANGE, { legacy: legacyLinks() }));
  }

  async showFlyteTemplates(): Promise<void> {
    const target = await this.targets.exploreTarget();
    if (!target) return;
    const flyte = { ...flyteOptions(linkScope()), workflowLabel: (await this.choices.flyteWorkflowLabel()).value };
    const content = flyteLogTemplatesYaml(target, flyte, { legacy: legacyLinks() });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'yaml', content }));
  }
}
