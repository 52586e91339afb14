// Checks made before starting a task, each ending in a message that says what is wrong and offers the fix:
// an untrusted workspace, a missing `lb`, an unsupported OS, a missing Docker/Homebrew/apt.
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import { InstallMethod } from '../../../core/tasks/definition';
import { findExecutable, hostSupport, HostSupport, METHOD_TOOL } from '../../../core/tasks/hostSupport';
import { expandLbPath } from '../../../core/tasks/resolve';
import { lbPathSetting } from './settings';

/** False (after saying why) in a workspace that is not trusted: lb and the scripts run code. */
export async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    `${what} is disabled in Restricted Mode: running lb or an install script executes programs, so this workspace must be trusted first.`,
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** False (after offering to set lbObs.lbPath) when lb cannot be found. */
export async function requireLb(folder?: vscode.WorkspaceFolder): Promise<boolean> {
  const setting = lbPathSetting(folder);
  const lb = expandLbPath(setting);
  if (await findExecutable(lb, process.env.PATH)) return true;
  const pick = 'Set Path to lb...';
  const settings = 'Open Setting';
  const where = lb.includes('/') ? `${lb} is not an executable file` : `"${lb}" is not on the PATH VS Code sees`;
  const choice = await vscode.window.showErrorMessage(
    `lb was not found: ${where} (setting lbObs.lbPath). Install linux-benchmark-lib, or point the setting at lb (for example .venv/bin/lb).`,
    pick,
    settings,
  );
  if (choice === settings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'lbObs.lbPath');
  } else if (choice === pick) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Use as lb', title: 'Select the lb executable' });
    if (picked?.[0]) {
      await vscode.workspace.getConfiguration('lbObs').update('lbPath', picked[0].fsPath, vscode.ConfigurationTarget.Global);
      return findExecutable(picked[0].fsPath, process.env.PATH).then(Boolean);
    }
  }
  return false;
}

export async function currentHost(): Promise<HostSupport> {
  let osRelease: string | undefined;
  if (process.platform === 'linux') osRelease = await fs.readFile('/etc/os-release', 'utf8').catch(() => undefined);
  return hostSupport(process.platform, osRelease);
}

const INSTALL_DOCS = 'https://grafana.com/docs/loki/latest/setup/install/';

/** The host when the install scripts support it; else says so (with a link to the upstream install docs). */
export async function requireSupportedHost(service: string): Promise<Extract<HostSupport, { supported: true }> | undefined> {
  const host = await currentHost();
  if (host.supported) return host;
  const docs = 'Open Install Docs';
  const choice = await vscode.window.showErrorMessage(`Cannot install ${service} here: ${host.reason}.`, docs);
  if (choice === docs) await vscode.env.openExternal(vscode.Uri.parse(service === 'Grafana' ? 'https://grafana.com/docs/grafana/latest/setup-grafana/installation/' : INSTALL_DOCS));
  return undefined;
}

const TOOL_HELP: Record<string, { label: string; url: string; why: string }> = {
  docker: { label: 'Docker Install Guide', url: 'https://docs.docker.com/engine/install/', why: 'Docker is not installed (no docker on PATH)' },
  brew: { label: 'Homebrew Website', url: 'https://brew.sh', why: 'Homebrew is not installed (no brew on PATH)' },
  'apt-get': { label: 'Ubuntu Package Docs', url: 'https://ubuntu.com/server/docs/package-management', why: 'apt-get is not available' },
};

export type ToolCheck = 'ok' | 'choose-again' | 'cancel';

/** Whether the tool a method needs is there; when not, says so and offers another method or the tool's docs. */
export async function checkMethodTool(method: InstallMethod): Promise<ToolCheck> {
  const tool = METHOD_TOOL[method];
  if (!tool || (await findExecutable(tool, process.env.PATH))) return 'ok';
  const help = TOOL_HELP[tool];
  const another = 'Choose Another Method';
  const choice = await vscode.window.showErrorMessage(`Cannot use --method ${method}: ${help.why}.`, another, help.label);
  if (choice === help.label) await vscode.env.openExternal(vscode.Uri.parse(help.url));
  return choice === another ? 'choose-again' : 'cancel';
}
