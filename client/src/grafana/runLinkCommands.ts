// "Open Run Logs in Grafana", "Copy Grafana Link" and "Open Run Dashboard in Grafana...": called with
// `{ runDir?, runId?, filter? }` by the Runs view and the log panel, or from the palette (then a run is picked).
import * as vscode from 'vscode';
import { dashboardUrl, exploreUrl } from '../../../core/links/grafanaUrl';
import { LinkInputError } from '../../../core/logql/build/inputError';
import { parseRunLinkArgument } from '../../../core/links/runLinkArgument';
import { inspectRunDir, RunFacts, runDashboards, runQuery, runTimeRange } from '../../../core/links/runLinks';
import type { LogFilter } from '../../../core/logs/model';
import { discoverRuns, RunSummary } from '../../../core/runs/discover';
import { workspaceRunOutputDirs } from '../runs/workspaceRunDirs';
import { runStatus } from '../../../core/runs/journal';
import { escapedItem } from '../labelText';
import { GrafanaTargets, legacyLinks } from './grafanaTargets';
import { copyLink, openLink } from './openLink';

interface ResolvedRun {
  runId: string;
  facts?: RunFacts;
  filter: LogFilter;
}

/** lb's default output_dir in each workspace folder. */
async function pickRun(): Promise<RunSummary | undefined> {
  const dirs = await workspaceRunOutputDirs();
  const runs = await discoverRuns(dirs);
  if (runs.length === 0) throw new LinkInputError(`No lb runs found under ${dirs.join(', ') || 'the workspace (no folder is open)'}.`);
  const choice = await vscode.window.showQuickPick(
    runs.map((run) =>
      escapedItem({
        label: run.runId,
        description: run.journal.ok ? runStatus(run.journal.journal) : `journal: ${run.journal.error}`,
        detail: vscode.workspace.asRelativePath(run.runDir),
        run,
      }),
    ),
    { title: 'Open run logs in Grafana', placeHolder: 'Pick a run', matchOnDetail: true },
  );
  return choice?.run;
}

export class RunLinkCommands {
  constructor(private readonly targets: GrafanaTargets) {}

  private async resolve(argument: unknown): Promise<ResolvedRun | undefined> {
    const arg = parseRunLinkArgument(argument);
    const filter = arg.filter ?? {};
    if (arg.runDir) {
      const facts = await inspectRunDir(arg.runDir);
      return { runId: arg.runId ?? facts.runId, facts, filter };
    }
    if (arg.runId) {
      // A run known only by id may still be in the workspace: its folder gives the time range.
      const local = (await discoverRuns(await workspaceRunOutputDirs())).find((r) => r.runId === arg.runId);
      return { runId: arg.runId, facts: local ? await inspectRunDir(local.runDir) : undefined, filter };
    }
    const picked = await pickRun();
    return picked ? { runId: picked.runId, facts: await inspectRunDir(picked.runDir), filter } : undefined;
  }

  private async exploreLink(argument: unknown): Promise<string | undefined> {
    const run = await this.resolve(argument);
    if (!run) return undefined;
    const expr = runQuery(run.runId, run.filter);
    const range = runTimeRange(run.runId, run.facts, run.filter);
    const target = await this.targets.exploreTarget();
    return target && exploreUrl(target, expr, range, { legacy: legacyLinks() });
  }

  async openRunLogs(argument?: unknown): Promise<void> {
    const url = await this.exploreLink(argument);
    if (url) await openLink(url);
  }

  async copyLink(argument?: unknown): Promise<void> {
    const url = await this.exploreLink(argument);
    if (url) await copyLink(url, 'Grafana link');
  }

  async openRunDashboard(argument?: unknown): Promise<void> {
    const run = await this.resolve(argument);
    if (!run) return;
    const dashboards = runDashboards(run.runId, { hasDfaas: run.facts?.hasDfaas ?? false }, run.filter);
    const dashboard =
      dashboards.length === 1
        ? dashboards[0]
        : (await vscode.window.showQuickPick(dashboards.map((d) => escapedItem({ label: d.title, description: d.uid, d })), { title: `Dashboards of ${run.runId}` }))?.d;
    if (!dashboard) return;
    const site = this.targets.settings();
    await openLink(dashboardUrl(site, dashboard.uid, dashboard.vars, runTimeRange(run.runId, run.facts, run.filter)));
  }
}
