// "Compare with..." on a run of the Runs view (or from the command palette): a quick pick of the other runs,
// the default partner first (core/compare/comparePartners.ts: the newest earlier run of the same config that
// passed), then the comparison in a panel. The partner is run A (the baseline), the run the command was
// invoked on is run B: "new" means new in this run. A run without log files here (its logs still on the remote
// hosts) is read from Loki when one is configured, as its log panel is, up to lbObs.compare.maxLokiLines lines.
// "Compare Workflow Runs in Loki..." (compareLokiRuns.ts) compares two runs that are only in Loki.
import * as path from 'path';
import * as vscode from 'vscode';
import { partnerCandidates, passed, sameConfig } from '../../../core/compare/comparePartners';
import { listLogFileGroups } from '../../../core/logs/runLogFiles';
import { Logger, moduleLogger } from '../../../core/logging/logger';
import { discoverRuns, RunSummary } from '../../../core/runs/discover';
import { readRunJournal } from '../../../core/runs/journal';
import { escapedItem } from '../labelText';
import { lokiRunTarget } from '../logs/logTarget';
import type { LokiCredentials } from '../loki/lokiCredentials';
import { reportedCommands } from '../reportedCommands';
import { asRunRef } from '../runs/runRef';
import { workspaceRunOutputDirs } from '../runs/workspaceRunDirs';
import { compareLokiRuns, COMPARE_LOKI_COMMAND } from './compareLokiRuns';
import { ComparedRun, ComparePanels } from './comparePanels';
import { maxLokiLines } from './maxLokiLines';

export const COMPARE_COMMAND = 'lbObs.compareRunWith';
/** A run without times in its journal is looked for in Loki over the last week. */
const LOKI_LOOKBACK_MS = 7 * 24 * 3600_000;
const NS_PER_MS = 1_000_000n;

function partnerNote(run: RunSummary, target: RunSummary, isDefault: boolean): string {
  const status = run.journal.ok ? (passed(run) ? 'passed' : 'not passed') : 'no journal';
  if (isDefault) return `default: the last run of the same config that passed`;
  return `${sameConfig(target, run) ? 'same config, ' : ''}${status}`;
}

async function targetRun(runDir: string, runs: RunSummary[]): Promise<RunSummary> {
  const found = runs.find((r) => r.runDir === path.resolve(runDir));
  if (found) return found;
  const journal = await readRunJournal(runDir);
  return { runId: journal.ok ? journal.journal.runId : path.basename(runDir), runDir: path.resolve(runDir), journal, sortTime: (journal.ok && journal.journal.createdAt) || Date.now() };
}

export function registerCompareRuns(context: vscode.ExtensionContext, logger: Logger, lokiCredentials: LokiCredentials): void {
  const log = moduleLogger(logger, 'compareRuns');
  const panels = new ComparePanels(context.extensionUri, log);
  context.subscriptions.push(panels);

  /** The run with its log files, or with its logs from Loki when it has none here and a Loki is configured. */
  async function compared(run: { runDir: string; runId: string }): Promise<ComparedRun> {
    const local: ComparedRun = { ...run, source: { dir: run.runDir } };
    if (listLogFileGroups(path.join(run.runDir, 'logs')).length > 0) return local;
    const connection = await lokiCredentials.connection();
    if (!connection) return local;
    const { loki } = await lokiRunTarget(run.runDir, run.runId, connection);
    const now = Date.now();
    const maxLines = maxLokiLines();
    const ns = (ms: number) => BigInt(Math.floor(ms)) * NS_PER_MS;
    return {
      ...run,
      source: { dir: run.runDir, lokiLogs: { connection, query: loki!.query, start: ns(loki!.start ?? now - LOKI_LOOKBACK_MS), end: ns(loki!.end ?? now), maxLines } },
    };
  }

  async function compareWith(arg?: unknown): Promise<void> {
    const runs = await discoverRuns(await workspaceRunOutputDirs());
    let ref = asRunRef(arg);
    if (!ref) {
      const picked = await vscode.window.showQuickPick(
        runs.map((run) => escapedItem({ label: run.runId, detail: run.runDir, run })),
        { title: 'Compare Runs', placeHolder: 'The run to compare (newest first)', matchOnDetail: true },
      );
      if (!picked) return;
      ref = { runDir: picked.run.runDir, runId: picked.run.runId };
    }
    const target = await targetRun(ref.runDir, runs);
    const { defaultPartner, runs: candidates } = partnerCandidates(target, runs);
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(`There is no other lb run to compare ${target.runId} with.`);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      candidates.map((run) => escapedItem({ label: run.runId, description: partnerNote(run, target, run === defaultPartner), detail: run.runDir, run })),
      { title: `Compare ${target.runId} with...`, placeHolder: 'The run to compare with (the baseline)', matchOnDetail: true },
    );
    if (!picked) return;
    await panels.show(await compared(picked.run), await compared(target));
  }

  const register = reportedCommands(context, log);
  register(COMPARE_COMMAND, compareWith);
  register(COMPARE_LOKI_COMMAND, () => compareLokiRuns(panels, lokiCredentials));
}
