// "Compare Workflow Runs in Loki...": two runs that live only in Loki (Flyte executions, Airflow DAG runs, lb runs
// not collected here), each a LogQL log query (built by the workflow link forms, or typed in, then shown to check or
// edit), over a time range back from now; then the comparison panel of "Compare with...", through the same
// compareRunSources as `lb-obs compare loki:<query> loki:<query>`: Loki's pattern ingester when it covers the
// runs' lines, else our miner over at most lbObs.compare.maxLokiLines lines per run.
import * as vscode from 'vscode';
import { logqlError } from '../../../core/logql/build/queryCheck';
import { isMetricQuery } from '../../../core/logql/queryKind';
import type { LokiConnection } from '../../../core/loki/connection';
import { parseDurationMs } from '../../../core/push/limits';
import { pickWorkflowQuery } from '../grafana/workflowLinkCommands';
import type { LokiCredentials } from '../loki/lokiCredentials';
import type { ComparedRun, ComparePanels } from './comparePanels';
import { maxLokiLines } from './maxLokiLines';

export const COMPARE_LOKI_COMMAND = 'lbObs.compareLokiRuns';
/** As `lb-obs compare`: a run in Loki is looked for over the last week unless the user says otherwise. */
const DEFAULT_LOOKBACK = '7d';
const OPEN_SETTINGS = 'Open Settings';
const NS_PER_MS = 1_000_000n;

function queryProblem(query: string): string | undefined {
  if (!query.trim()) return "Enter a LogQL log query selecting the run's lines, e.g. {run_id=\"run-20261121-135600\"}";
  if (isMetricQuery(query)) return "This is a metric query: give a log query selecting the run's lines";
  return logqlError(query);
}

/** Run `name`'s query: from a workflow form or typed, then shown to check or edit; undefined if cancelled. */
async function askRunQuery(name: 'A' | 'B', role: string, previous?: string): Promise<string | undefined> {
  const title = `Compare workflow runs in Loki: run ${name} (${role})`;
  const built = await pickWorkflowQuery(title, undefined, {
    label: 'A LogQL log query...',
    detail: previous ? "Run A's query to edit" : "Type the query selecting the run's lines",
    build: async () => previous ?? '',
  });
  if (built === undefined) return undefined;
  const query = await vscode.window.showInputBox({
    title: `Run ${name} (${role}): the LogQL log query selecting its lines`,
    value: built,
    placeHolder: '{namespace="flyte-production"} |= "f6a1b2c3d4e5f6a7b8c9"',
    ignoreFocusOut: true,
    validateInput: queryProblem,
  });
  return query?.trim() || undefined;
}

async function askLookback(): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: "Compare workflow runs in Loki: how far back from now to read both runs' lines",
    value: DEFAULT_LOOKBACK,
    prompt: 'A duration such as 90m, 24h, 7d or 2w',
    ignoreFocusOut: true,
    validateInput: (v) => (parseDurationMs(v.trim()) ? undefined : 'A duration such as 90m, 24h, 7d or 2w'),
  });
  return text === undefined ? undefined : parseDurationMs(text.trim());
}

function lokiRun(connection: LokiConnection, query: string, startMs: number, endMs: number): ComparedRun {
  const ns = (ms: number) => BigInt(ms) * NS_PER_MS;
  return { runDir: '', runId: query, source: { loki: { connection, query, start: ns(startMs), end: ns(endMs), maxLines: maxLokiLines() } } };
}

export async function compareLokiRuns(panels: ComparePanels, lokiCredentials: LokiCredentials): Promise<void> {
  const connection = await lokiCredentials.connection();
  if (!connection) {
    const choice = await vscode.window.showErrorMessage('Set lbObs.loki.url to compare workflow runs in Loki.', OPEN_SETTINGS);
    if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'lbObs.loki');
    return;
  }
  const a = await askRunQuery('A', 'the baseline');
  if (!a) return;
  const b = await askRunQuery('B', 'the run compared', a);
  if (!b) return;
  const lookbackMs = await askLookback();
  if (!lookbackMs) return;
  const end = Date.now();
  await panels.show(lokiRun(connection, a, end - lookbackMs, end), lokiRun(connection, b, end - lookbackMs, end));
}
