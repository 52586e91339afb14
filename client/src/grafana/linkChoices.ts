// How Airflow and Flyte links find their logs in the extension: a setting the user set (folder, workspace or
// user settings, as `inspect()` tells them from the default) always wins; else the language server decides from
// the workspace's label model and Loki's label names (protocol/linkChoice.ts). Settings are read for the
// active editor's folder.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AIRFLOW_DEFAULTS, AirflowMode } from '../../../core/links/airflow';
import { FLYTE_DEFAULTS } from '../../../core/links/flyte';
import { chosenByUser, ExplicitChoice, LinkChoice } from '../../../core/links/linkMode';
import { linkChoiceRequest } from '../../../protocol/languageServer';
import type { LinkChoiceParams, LinkChoiceResult } from '../../../protocol/linkChoice';

/** The active editor's file when it is in a workspace folder, else the first workspace folder. */
export function linkScope(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && vscode.workspace.getWorkspaceFolder(active)) return active;
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** The levels a setting can be set at, the most specific first, as the Settings editor names them. */
function levels() {
  // In a window of one folder, its .vscode/settings.json is what the Settings editor calls the workspace's.
  const folder = vscode.workspace.workspaceFile ? 'folder settings' : 'workspace settings';
  return [
    ['workspaceFolderValue', folder],
    ['workspaceValue', 'workspace settings'],
    ['globalValue', 'user settings'],
  ] as const;
}

/** The value the user set for `lbObs.<key>` and where, or undefined when only the default applies. */
export function explicitSetting<T>(key: string, scope: vscode.Uri | undefined, valid: (value: unknown) => value is T): ExplicitChoice<T> | undefined {
  const inspected = vscode.workspace.getConfiguration('lbObs', scope).inspect(key);
  for (const [level, where] of levels()) {
    const value = inspected?.[level];
    if (value !== undefined && valid(value)) return { value, where: `setting lbObs.${key} (${where})` };
  }
  return undefined;
}

const isAirflowMode = (v: unknown): v is AirflowMode => v === 'labels' || v === 'line-filter';
const isLabelName = (v: unknown): v is string => typeof v === 'string' && /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(v);

export class LinkChoices {
  constructor(private readonly client: () => LanguageClient | undefined) {}

  airflowMode(needed: string[]): Promise<LinkChoice<AirflowMode>> {
    const scope = linkScope();
    const explicit = explicitSetting('airflow.mode', scope, isAirflowMode);
    if (explicit) return Promise.resolve(chosenByUser(explicit));
    return this.ask({ link: 'airflow', needed, fallback: AIRFLOW_DEFAULTS.mode, resource: scope?.toString() }) as Promise<LinkChoice<AirflowMode>>;
  }

  flyteWorkflowLabel(): Promise<LinkChoice<string>> {
    const scope = linkScope();
    const explicit = explicitSetting('flyte.workflowLabel', scope, isLabelName);
    if (explicit) return Promise.resolve(chosenByUser(explicit));
    return this.ask({ link: 'flyte', fallback: FLYTE_DEFAULTS.workflowLabel, resource: scope?.toString() });
  }

  /** The server's choice; without a running server, the default, saying why. */
  private async ask(params: LinkChoiceParams): Promise<LinkChoiceResult> {
    const client = this.client();
    const fallback = (why: string): LinkChoiceResult => ({ value: params.fallback, reason: `${why}: the default ${params.fallback}`, decidedBy: 'default' });
    if (!client?.isRunning()) return fallback('the language server, which knows the workspace\'s labels, is not running');
    try {
      return await client.sendRequest(linkChoiceRequest, params);
    } catch (err) {
      return fallback(`the language server could not tell the workspace's labels (${(err as Error).message})`);
    }
  }
}
