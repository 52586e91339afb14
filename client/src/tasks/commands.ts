// The command palette entries (category LB) that collect choices and start an `lb` task.
import * as path from 'path';
import * as vscode from 'vscode';
import { moduleLogger, Logger } from '../../../core/logging/logger';
import { discoverRuns } from '../../../core/runs/discover';
import { workspaceRunOutputDirs } from '../runs/workspaceRunDirs';
import { runStatus } from '../../../core/runs/journal';
import { INSTALL_METHODS, InstallMethod, INTENSITIES, LbTaskDefinition, RunTask } from '../../../core/tasks/definition';
import { readRunConfig } from '../../../core/tasks/runConfig';
import { defaultRunId } from '../../../core/tasks/runId';
import { variableReferences } from '../../../core/tasks/variables';
import { grafanaSettings } from '../grafana/grafanaTargets';
import { escapedItem } from '../labelText';
import { checkMethodTool, requireLb, requireSupportedHost, requireTrust } from './guards';
import { lokiUrlSetting } from '../loki/lokiSettings';
import { LbTaskProvider, RUN_CONFIG_GLOB } from './taskProvider';

const EXCLUDE = '{**/node_modules/**,**/.git/**}';

const METHOD_DESCRIPTIONS: Record<InstallMethod, string> = {
  brew: 'Homebrew formula, started with brew services',
  apt: "Grafana's signed APT repository, systemd service (asks for sudo)",
  docker: 'a named container with a data volume',
  binary: 'an existing binary run in the background as your user',
};

export class TaskCommands {
  private readonly log: Logger;

  constructor(
    private readonly provider: LbTaskProvider,
    logger: Logger,
  ) {
    this.log = moduleLogger(logger, 'tasks');
  }

  /** Starts a task built from values the user did not write as a task (see core/tasks/variables.ts). */
  async start(def: LbTaskDefinition, folder?: vscode.WorkspaceFolder): Promise<vscode.TaskExecution | undefined> {
    const refs = variableReferences(def);
    if (refs.length) {
      void vscode.window.showErrorMessage(
        `Cannot start this lb task: ${refs.map((r) => `${r.property} "${r.value}"`).join(', ')} contains "\${", which VS Code would replace as a variable. Rename it, or run lb in a terminal.`,
      );
      return undefined;
    }
    const task = this.provider.task(def, folder ?? vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Global);
    this.log.info({ task: def.task }, `starting lb task "${task.name}"`);
    return vscode.tasks.executeTask(task);
  }

  async runBenchmark(configUri?: vscode.Uri, workloads?: string[]): Promise<void> {
    if (!(await requireTrust('Running a benchmark'))) return;
    const config = configUri ?? (await this.pickConfig());
    if (config === undefined) return;
    if (config === 'default') {
      if (!(await requireLb())) return;
      await this.start({ task: 'run', runId: defaultRunId() });
      return;
    }
    const folder = vscode.workspace.getWorkspaceFolder(config);
    if (!(await requireLb(folder))) return;
    const doc = await vscode.workspace.openTextDocument(config);
    if (doc.isDirty && !(await this.saveFirst(doc))) return;
    const relConfig = folder ? path.relative(folder.uri.fsPath, config.fsPath) : config.fsPath;
    const def: RunTask = { task: 'run', config: relConfig };
    if (workloads) {
      def.workloads = workloads;
      def.runId = defaultRunId();
    } else {
      const chosen = await this.chooseRunOptions(doc.getText(), relConfig);
      if (!chosen) return;
      Object.assign(def, chosen);
    }
    await this.start(def, folder);
  }

  private async saveFirst(doc: vscode.TextDocument): Promise<boolean> {
    const save = 'Save and Run';
    const asIs = 'Run the Saved Version';
    const choice = await vscode.window.showWarningMessage(
      `${path.basename(doc.fileName)} has unsaved changes; lb reads the file on disk.`,
      { modal: true },
      save,
      asIs,
    );
    if (choice === save) return doc.save();
    return choice === asIs;
  }

  private async pickConfig(): Promise<vscode.Uri | 'default' | undefined> {
    const configs = (await vscode.workspace.findFiles(RUN_CONFIG_GLOB, EXCLUDE, 200)).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
    if (configs.length === 1) return configs[0];
    if (configs.length === 0) {
      const useDefault = "Run with lb's Default Config";
      const choice = await vscode.window.showWarningMessage(
        'No benchmark_config*.json in this workspace. lb can still run with the config it finds itself ($LB_CONFIG_PATH, ~/.config/lb/...).',
        useDefault,
      );
      return choice === useDefault ? 'default' : undefined;
    }
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const items = configs.map((uri) => escapedItem({ label: vscode.workspace.asRelativePath(uri), uri }));
    items.sort((a, b) => Number(b.uri.toString() === active) - Number(a.uri.toString() === active));
    const picked = await vscode.window.showQuickPick(items, { title: 'Run Benchmark: which config?', placeHolder: 'benchmark config' });
    return picked?.uri;
  }

  private async chooseRunOptions(text: string, configLabel: string): Promise<Partial<RunTask> | undefined> {
    const { workloads } = readRunConfig(text);
    const chosen: Partial<RunTask> = {};
    if (workloads.length === 0) {
      const runAll = 'Run Anyway';
      const choice = await vscode.window.showWarningMessage(`${configLabel} defines no workloads; lb will say "No workloads selected to run."`, runAll);
      if (choice !== runAll) return undefined;
    } else {
      const items = workloads.map((w) =>
        escapedItem({
          label: w.name,
          name: w.name,
          description: [w.plugin && `plugin ${w.plugin}`, !w.enabled && 'disabled in the config'].filter(Boolean).join(' · '),
          picked: w.enabled,
        }),
      );
      const picked = await vscode.window.showQuickPick(items, { title: `Run Benchmark: workloads of ${configLabel}`, canPickMany: true });
      if (!picked) return undefined;
      if (picked.length === 0) {
        void vscode.window.showInformationMessage('No workload selected: nothing to run.');
        return undefined;
      }
      chosen.workloads = picked.map((p) => p.name);
    }
    const reps = await vscode.window.showInputBox({
      title: 'Run Benchmark: repetitions',
      prompt: "Repetitions for this run; leave empty for the config's value",
      validateInput: (v) => (v.trim() === '' || /^[1-9]\d*$/.test(v.trim()) ? undefined : 'A whole number of 1 or more, or empty'),
    });
    if (reps === undefined) return undefined;
    if (reps.trim()) chosen.repetitions = Number(reps.trim());
    const keep = "Keep each workload's intensity";
    const intensity = await vscode.window.showQuickPick([keep, ...INTENSITIES], { title: 'Run Benchmark: intensity' });
    if (intensity === undefined) return undefined;
    if (intensity !== keep) chosen.intensity = intensity as RunTask['intensity'];
    const runId = await vscode.window.showInputBox({
      title: 'Run Benchmark: run id',
      value: defaultRunId(),
      prompt: "lb's default format is run-YYYYmmdd-HHMMSS (UTC)",
      validateInput: (v) => (v.trim() === '' ? 'A run id is needed' : v.includes('${') ? 'VS Code would read "${" as a variable' : undefined),
    });
    if (runId === undefined) return undefined;
    chosen.runId = runId;
    return chosen;
  }

  /** Resumes the given run (from the Runs view), or one picked among runs with an unfinished journal. */
  async resumeRun(target?: { runDir?: string; runId?: string }): Promise<void> {
    if (!(await requireTrust('Resuming a run'))) return;
    if (!(await requireLb())) return;
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (target?.runDir && typeof target.runDir === 'string') {
      const runId = typeof target.runId === 'string' && target.runId ? target.runId : path.basename(target.runDir);
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(target.runDir)) ?? folders[0];
      await this.start({ task: 'resume', runId, root: path.dirname(target.runDir) }, folder);
      return;
    }
    const dirs = await workspaceRunOutputDirs();
    const runs = (await discoverRuns(dirs)).filter((r) => r.journal.ok && runStatus(r.journal.journal) !== 'COMPLETED');
    if (runs.length === 0) {
      void vscode.window.showInformationMessage(`No run to resume: no run with an unfinished run_journal.json under ${dirs.join(', ') || 'the workspace'}.`);
      return;
    }
    const items = runs.map((run) => {
      const journal = run.journal.ok ? run.journal.journal : undefined;
      const tasks = journal?.tasks ?? [];
      const done = tasks.filter((t) => t.status === 'COMPLETED').length;
      return escapedItem({
        label: run.runId,
        description: `${journal ? runStatus(journal) : ''} · ${done}/${tasks.length} tasks done`,
        detail: run.runDir,
        run,
      });
    });
    const picked = await vscode.window.showQuickPick(items, { title: 'Resume Run', placeHolder: 'run with an unfinished journal', matchOnDetail: true });
    if (!picked) return;
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(picked.run.runDir)) ?? folders[0];
    await this.start({ task: 'resume', runId: picked.run.runId, root: path.dirname(picked.run.runDir) }, folder);
  }

  async provision(): Promise<void> {
    if (!(await requireTrust('Provisioning Loki and Grafana'))) return;
    if (!(await requireLb())) return;
    const action = await vscode.window.showQuickPick(
      [
        { label: 'install', description: 'install Loki and Grafana, then add the datasource and dashboards' },
        { label: 'status', description: 'check that Loki and Grafana are ready' },
        { label: 'remove', description: 'remove what lb installed' },
      ],
      { title: 'Provision Loki and Grafana (lb provision loki-grafana)' },
    );
    if (!action) return;
    if (action.label === 'remove') {
      const keep = 'Keep data';
      const choice = await vscode.window.showQuickPick([keep, 'Remove data too'], { title: 'lb provision loki-grafana remove' });
      if (!choice) return;
      await this.start({ task: 'provision', action: 'remove', removeData: choice !== keep });
      return;
    }
    const grafanaUrl = await this.askUrl('Grafana URL', grafanaSettings(this.log).url);
    if (grafanaUrl === undefined) return;
    const lokiEndpoint = await this.askUrl('Loki endpoint', lokiUrlSetting() ?? 'http://localhost:3100');
    if (lokiEndpoint === undefined) return;
    if (action.label === 'status') {
      await this.start({ task: 'provision', action: 'status', grafanaUrl, lokiEndpoint });
      return;
    }
    const mode = await vscode.window.showQuickPick(
      [
        { label: 'local', description: 'Homebrew on macOS, apt on Ubuntu' },
        { label: 'docker', description: 'containers' },
      ],
      { title: 'lb provision loki-grafana install: mode' },
    );
    if (!mode) return;
    await this.start({ task: 'provision', action: 'install', mode: mode.label as 'local' | 'docker', grafanaUrl, lokiEndpoint });
  }

  private askUrl(what: string, value: string): Thenable<string | undefined> {
    return vscode.window.showInputBox({
      title: `Provision: ${what}`,
      value,
      validateInput: (v) => {
        try {
          const url = new URL(v);
          return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'An http:// or https:// URL';
        } catch {
          return 'An http:// or https:// URL';
        }
      },
    });
  }

  async install(service: 'Loki' | 'Grafana'): Promise<void> {
    if (!(await requireTrust(`Installing ${service}`))) return;
    const host = await requireSupportedHost(service);
    if (!host) return;
    let method: InstallMethod | undefined;
    for (;;) {
      const picked = await vscode.window.showQuickPick(
        host.methods.map((m) => ({ label: m, description: METHOD_DESCRIPTIONS[m] })),
        { title: `Install ${service} on ${host.label}: method` },
      );
      if (!picked) return;
      method = INSTALL_METHODS.find((m) => m === picked.label)!;
      const check = await checkMethodTool(method);
      if (check === 'ok') break;
      if (check === 'cancel') return;
    }
    const defaultPort = service === 'Loki' ? '3100' : '3000';
    const port = await vscode.window.showInputBox({
      title: `Install ${service}: port`,
      value: defaultPort,
      validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'A port from 1 to 65535'),
    });
    if (port === undefined) return;
    await this.start({ task: service === 'Loki' ? 'install-loki' : 'install-grafana', method, port: Number(port) });
  }

  async uninstall(service: 'Loki' | 'Grafana'): Promise<void> {
    if (!(await requireTrust(`Uninstalling ${service}`))) return;
    const keep = 'Keep data';
    const choice = await vscode.window.showQuickPick(
      [
        { label: keep, description: 'stored logs/dashboards stay for a later install' },
        { label: 'Remove data', description: 'delete them too' },
      ],
      { title: `Uninstall ${service}` },
    );
    if (!choice) return;
    await this.start({ task: service === 'Loki' ? 'uninstall-loki' : 'uninstall-grafana', removeData: choice.label !== keep });
  }
}
