// "Push Run Logs to Loki...": picks a run (or takes one from the Runs view), pushes its JSONL logs in the push
// worker with a cancellable progress notification, verifies the result against Loki, and offers Grafana.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Logger } from '../../../core/logging/logger';
import { lokiShownUrl } from '../../../core/loki/connection';
import { defaultCheckpointDir } from '../../../core/push/checkpoints';
import { lbStaticLabels } from '../../../core/push/lbStaticLabels';
import { DEFAULT_PUSH_LIMITS } from '../../../core/push/limits';
import { runPushJobInWorker } from '../../../core/push/pushJob';
import { formatProgress } from '../../../core/push/pushProgress';
import { pushHasProblems } from '../../../core/push/pushReport';
import { pushReportLines, pushSummary } from '../../../core/push/pushReportText';
import { staticLabelProblems } from '../../../core/push/streamLabels';
import type { PushOutcome } from '../../../core/push/worker/protocol';
import { discoverRuns } from '../../../core/runs/discover';
import { workspaceRunOutputDirs } from '../runs/workspaceRunDirs';
import { escapedItem } from '../labelText';
import { LokiCredentials, requireLokiUrl } from '../loki/lokiCredentials';
import { callOptionalCommand } from '../runs/optionalCommand';

export const PUSH_RUN_LOGS_COMMAND = 'lbObs.pushRunLogs';

interface RunRef {
  runDir: string;
  runId: string;
}

/** `{ runDir, runId }` from another command or a Runs view item. */
function asRunRef(arg: unknown): RunRef | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const { runDir, runId } = arg as Record<string, unknown>;
  if (typeof runDir !== 'string' || runDir === '') return undefined;
  return { runDir, runId: typeof runId === 'string' && runId !== '' ? runId : path.basename(runDir) };
}

async function pickRun(): Promise<RunRef | undefined> {
  const dirs = await workspaceRunOutputDirs();
  const runs = await discoverRuns(dirs);
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(`No lb runs found under ${dirs.length ? dirs.join(', ') : 'the workspace (no folder is open)'}.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => escapedItem({ label: run.runId, detail: run.runDir, run })),
    { title: 'Push Run Logs to Loki', placeHolder: 'Run (newest first)', matchOnDetail: true },
  );
  return picked && { runDir: picked.run.runDir, runId: picked.run.runId };
}

function readFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (pair.trim() === '') continue;
    labels[eq < 0 ? pair.trim() : pair.slice(0, eq).trim()] = eq < 0 ? '' : pair.slice(eq + 1).trim();
  }
  return labels;
}

/**
 * The static labels to push with: lb's own (so that the backfill creates the same streams as lb's live push),
 * confirmed or edited by the user. Undefined when the user cancelled.
 */
async function askStaticLabels(runDir: string): Promise<Record<string, string> | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(runDir)) ?? vscode.workspace.workspaceFolders?.[0];
  const lb = lbStaticLabels({ env: process.env, homeDir: os.homedir(), cwd: folder?.uri.fsPath, readFile });
  if (Object.keys(lb.labels).length === 0) return {};
  const text = await vscode.window.showInputBox({
    title: 'Static labels',
    prompt: `lb adds these labels (from ${lb.sources.join(', ')}) to the lines it pushes; keep them to push to the same streams.`,
    value: Object.entries(lb.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
    ignoreFocusOut: true,
    validateInput: (value) => staticLabelProblems(parseLabels(value), DEFAULT_PUSH_LIMITS).join('; ') || undefined,
  });
  return text === undefined ? undefined : parseLabels(text);
}

export class RunLogPusher implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('lb-observability: Loki push');

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly credentials: LokiCredentials,
    private readonly log: Logger,
  ) {}

  async push(arg?: unknown): Promise<void> {
    const url = requireLokiUrl('Pushing run logs');
    if (!url) return;
    const ref = asRunRef(arg) ?? (await pickRun());
    if (!ref) return;
    const staticLabels = await askStaticLabels(ref.runDir);
    if (!staticLabels) return;
    const connection = (await this.credentials.connection())!;
    const workerScript = vscode.Uri.joinPath(this.extensionUri, 'dist', 'pushWorker.js').fsPath;
    this.log.info(`pushing ${ref.runDir} to ${lokiShownUrl(connection)}`);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Pushing ${ref.runId} to Loki`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let percent = 0;
        return runPushJobInWorker(
          workerScript,
          { inputs: [ref.runDir], cwd: ref.runDir, connection, staticLabels, checkpointDir: defaultCheckpointDir(process.env), verify: true },
          {
            signal: abort.signal,
            onProgress: (p) => {
              const now = p.bytesTotal ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 0;
              progress.report({ message: formatProgress(p), increment: Math.max(0, now - percent) });
              percent = Math.max(percent, now);
            },
            onVerifying: () => progress.report({ message: 'checking that Loki holds every line once...' }),
          },
        );
      },
    );
    this.show(ref, outcome);
  }

  private show(ref: RunRef, outcome: PushOutcome): void {
    const { report, verify, verifyError } = outcome;
    const lines = pushReportLines(report, verify, ref.runDir);
    if (verifyError) lines.push(`Cannot verify: ${verifyError}`);
    this.channel.appendLine(`[${new Date().toISOString()}] ${ref.runDir}`);
    for (const line of lines) this.channel.appendLine(line);
    this.log.info(pushSummary(report));
    const details = 'Show Details';
    const grafana = 'Open in Grafana';
    const onChoice = (choice: string | undefined) => {
      if (choice === details) this.channel.show(true);
      if (choice === grafana) void callOptionalCommand('lbObs.openRunInGrafana', grafana, { runDir: ref.runDir, runId: ref.runId });
    };
    if (report.outcome === 'failed') {
      void vscode.window.showErrorMessage(`Push of ${ref.runId} failed: ${report.error}. Push again to continue where it stopped.`, details).then(onChoice);
    } else if (report.outcome === 'cancelled') {
      void vscode.window.showInformationMessage(`Push of ${ref.runId} cancelled after ${report.totals.sent.toLocaleString('en-US')} lines; push again to continue where it stopped.`);
    } else if (pushHasProblems(report) || verifyError || (verify && !verify.ok)) {
      const what = [
        report.totals.malformed && `${report.totals.malformed} malformed line(s)`,
        report.totals.rejected && `${report.totals.rejected} line(s) Loki refuses`,
        verify && !verify.ok && `the verification found ${verify.differences.length} stream(s) that differ`,
        verifyError && 'the verification failed',
      ].filter(Boolean);
      void vscode.window.showWarningMessage(`Pushed ${ref.runId} to Loki with problems: ${what.join(', ')}.`, details, grafana).then(onChoice);
    } else {
      const already = report.totals.alreadyInLoki ? ` (${report.totals.alreadyInLoki.toLocaleString('en-US')} were already there)` : '';
      void vscode.window
        .showInformationMessage(`Pushed ${report.totals.sent.toLocaleString('en-US')} lines of ${ref.runId} to Loki${already}; verified: Loki holds every line once.`, grafana, details)
        .then(onChoice);
    }
  }

  dispose(): void {
    this.channel.dispose();
  }
}
