// One status bar item for Loki (`/ready`) and Grafana (`/api/health`). It polls only while useful: a URL is
// configured and the window has focus; checks back off after failures (core/health/backoff.ts) and run at
// once when the window regains focus, a setting changes or an install task ends. Grafana is the one the links
// use (settings, environment, lb's platform.json), asked with the same credentials.
import * as vscode from 'vscode';
import type { GrafanaSettings } from '../../../core/grafana/settings';
import type { Logger } from '../../../core/logging/logger';
import { nextPollDelay } from '../../../core/health/backoff';
import { checkGrafana, checkLoki, HealthResult } from '../../../core/health/health';
import { grafanaAuth, grafanaSettings } from '../grafana/grafanaTargets';
import { escapeIcons } from '../labelText';
import { lokiTenantSetting, lokiUrlSetting } from '../loki/lokiSettings';
import type { LokiCredentials } from '../loki/lokiCredentials';

export const SHOW_STATUS_COMMAND = 'lbObs.showServiceStatus';
const FRESH_MS = 15_000;

export class ServiceStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lbObs.services', vscode.StatusBarAlignment.Right, 100);
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private checking: Promise<void> | undefined;
  private disposed = false;
  results: HealthResult[] = [];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
    private readonly lokiCredentials: LokiCredentials,
  ) {
    this.item.name = 'lb: Loki and Grafana';
    this.item.command = SHOW_STATUS_COMMAND;
  }

  /** The services worth asking about: Loki when a URL is set, Grafana when chosen or Loki is watched too. */
  private targets(): { loki?: string; grafana?: GrafanaSettings } {
    const loki = lokiUrlSetting();
    const settings = grafanaSettings(this.log);
    return { loki, grafana: loki || settings.urlConfigured ? settings : undefined };
  }

  /** Loki with the stored credentials, as every other Loki consumer of the extension asks it. */
  private async checkLoki(): Promise<HealthResult> {
    const connection = await this.lokiCredentials.connection().catch(() => undefined);
    return checkLoki(connection ?? { url: lokiUrlSetting() ?? '', tenant: lokiTenantSetting() });
  }

  private async checkGrafana(settings: GrafanaSettings): Promise<HealthResult> {
    // An unusable URL has no stored credentials; checkGrafana reports the URL itself.
    const auth = await grafanaAuth(this.secrets, this.log, settings).catch(() => undefined);
    return checkGrafana({ url: settings.url, orgId: settings.orgId, auth });
  }

  /** (Re)starts polling with an immediate check, or stops and hides when nothing is configured or unfocused. */
  restart(): void {
    this.stop();
    const { loki, grafana } = this.targets();
    if (!loki && !grafana) {
      this.item.hide();
      return;
    }
    this.item.show();
    if (!vscode.window.state.focused) return;
    // Switching windows back and forth does not need a request each time.
    const age = Date.now() - Math.max(0, ...this.results.map((r) => r.checkedAt));
    if (age < FRESH_MS) this.timer = setTimeout(() => void this.checkNow(), FRESH_MS - age);
    else void this.checkNow();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  checkNow(): Promise<void> {
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async check(): Promise<void> {
    this.stop();
    const { loki, grafana } = this.targets();
    const checks: Array<Promise<HealthResult>> = [];
    if (loki) checks.push(this.checkLoki());
    if (grafana) checks.push(this.checkGrafana(grafana));
    if (checks.length === 0) return;
    this.item.text = `$(sync~spin) ${this.item.text.replace(/^\$\([^)]*\)\s*/, '') || 'Loki/Grafana'}`;
    this.results = await Promise.all(checks);
    // Disposed while the requests were out: no render and no next poll.
    if (this.disposed) return;
    this.failures = this.results.every((r) => r.ok) ? 0 : this.failures + 1;
    this.render();
    if (vscode.window.state.focused) this.timer = setTimeout(() => void this.checkNow(), nextPollDelay(this.failures));
  }

  private render(): void {
    const bad = this.results.filter((r) => !r.ok);
    this.item.text = this.results.map((r) => `$(${r.ok ? 'pass' : 'error'}) ${r.service}`).join('  ');
    this.item.backgroundColor = bad.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = false;
    for (const r of this.results) {
      tooltip.appendMarkdown(`$(${r.ok ? 'pass' : 'error'}) **${r.service}** `);
      tooltip.appendText(`${r.url}: ${r.detail}\n`);
      tooltip.appendMarkdown('\n\n');
    }
    tooltip.appendText('Click for details and actions.');
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.item.dispose();
  }
}

/** The click: details of the last check and what can be done next. */
export async function showServiceStatus(status: ServiceStatus): Promise<void> {
  await status.checkNow();
  type Action = vscode.QuickPickItem & { run?: () => unknown };
  const items: Action[] = status.results.map((r) => ({
    label: `$(${r.ok ? 'pass' : 'error'}) ${r.service}: ${r.ok ? 'up' : 'not available'}`,
    description: escapeIcons(r.url),
    detail: `${escapeIcons(r.detail)} (checked ${new Date(r.checkedAt).toLocaleTimeString()})`,
  }));
  const grafana = status.results.find((r) => r.service === 'Grafana');
  const loki = status.results.find((r) => r.service === 'Loki');
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: '$(refresh) Check Again', run: () => status.checkNow().then(() => showServiceStatus(status)) });
  if (grafana?.ok) items.push({ label: '$(link-external) Open Grafana', run: () => vscode.env.openExternal(vscode.Uri.parse(grafana.url)) });
  if (loki && !loki.ok) items.push({ label: '$(cloud-download) Install Loki...', run: () => vscode.commands.executeCommand('lbObs.installLoki') });
  if (grafana && !grafana.ok) items.push({ label: '$(cloud-download) Install Grafana...', run: () => vscode.commands.executeCommand('lbObs.installGrafana') });
  items.push({ label: '$(server-process) Provision Loki and Grafana...', run: () => vscode.commands.executeCommand('lbObs.provision') });
  items.push({ label: '$(gear) Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'lbObs.') });
  const picked = await vscode.window.showQuickPick(items, { title: 'Loki and Grafana' });
  await picked?.run?.();
}
