// The host side of the log panel without the VS Code API: validates the webview's messages, answers them from
// the LogSession and forwards session changes, coalesced so that a busy tail does not flood the webview.
import type { LogFilter, LogRow, LogSession, LogSessionChange } from '../../../core/logs/model';
import { methodsOf, RpcServer } from '../../../core/rpc/rpc';
import { ColumnTitles, HostMessage, LIMITS, PANEL_METHODS, validateMessage } from '../../../protocol/logPanel';

export interface PanelHost {
  post(message: HostMessage): void;
  title: string;
  canOpenInGrafana: boolean;
  columnTitles?: ColumnTitles;
  openInGrafana(filter: LogFilter): void;
  copy(text: string): void;
  /** Reports a rejected message or a failed request (the extension's logger). */
  warn(message: string): void;
}

/** Session changes are sent at most this often; well under the 250 ms an appended line may take to show. */
const CHANGE_INTERVAL_MS = 50;

function trimRow(row: LogRow): LogRow {
  if (row.message.length <= LIMITS.maxRowMessageLength) return row;
  return { ...row, message: `${row.message.slice(0, LIMITS.maxRowMessageLength)}…`, truncated: true };
}

export class PanelController {
  private pending: LogSessionChange | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription;
  private readonly server: RpcServer<typeof PANEL_METHODS>;
  private disposed = false;
  private ready = false;
  /** A filter the host asked to show, sent with the next init. */
  private filterToShow: LogFilter | undefined;

  constructor(
    private readonly session: LogSession,
    private readonly host: PanelHost,
  ) {
    this.subscription = session.onDidChange((change) => this.queueChange(change));
    const methods = methodsOf(PANEL_METHODS, session);
    this.server = new RpcServer(
      PANEL_METHODS,
      { ...methods, rows: async (start, count) => (await session.rows(start, count)).map(trimRow) },
      (reply) => this.post(reply),
      { failed: (method, error) => host.warn(`log panel: ${method} failed: ${error}`) },
    );
  }

  /** Entry point for every message the webview posts. */
  async receive(raw: unknown): Promise<void> {
    const validated = validateMessage(raw);
    if (!validated.ok) {
      this.host.warn(`log panel: rejected a message from the webview (${validated.error})`);
      const id = (raw as { id?: unknown } | null)?.id;
      if (Number.isSafeInteger(id)) this.host.post({ type: 'response', id: id as number, error: validated.error });
      return;
    }
    const message = validated.message;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.sendInit();
        return;
      case 'openInGrafana':
        this.host.openInGrafana(message.filter);
        return;
      case 'copy':
        this.host.copy(message.text);
        return;
      case 'cancel':
        this.server.cancel(message.id);
        return;
      default:
        await this.server.run(message);
    }
  }

  /**
   * The panel was hidden: its webview is gone (not retained when hidden) and a new one says `ready` when the panel
   * is shown again, so until then nothing can be sent to it (a filter to show waits for that init).
   */
  hidden(): void {
    this.ready = false;
  }

  /** Shows `filter` in the panel: now when the webview is up, else when it is. */
  showFilter(filter: LogFilter): void {
    this.filterToShow = filter;
    if (this.ready) void this.sendInit();
  }

  private async sendInit(): Promise<void> {
    try {
      const info = await this.session.info();
      const filter = this.filterToShow;
      this.filterToShow = undefined;
      this.post({ type: 'init', title: this.host.title, canOpenInGrafana: this.host.canOpenInGrafana, info, columnTitles: this.host.columnTitles, ...(filter ? { filter } : {}) });
    } catch (err) {
      this.post({ type: 'error', message: `cannot read the logs: ${(err as Error).message}` });
    }
  }

  private queueChange(change: LogSessionChange): void {
    if (this.disposed) return;
    const before = this.pending;
    this.pending = {
      info: change.info,
      // After a reset the webview refetches everything, so appended counts before it no longer matter.
      appended: change.reset ? 0 : (before?.appended ?? 0) + change.appended,
      reset: (before?.reset ?? false) || change.reset,
    };
    this.timer ??= setTimeout(() => this.flushChange(), CHANGE_INTERVAL_MS);
  }

  private flushChange(): void {
    this.timer = undefined;
    const change = this.pending;
    this.pending = undefined;
    if (change) this.post({ type: 'changed', ...change });
  }

  private post(message: HostMessage): void {
    if (!this.disposed) this.host.post(message);
  }

  dispose(): void {
    this.disposed = true;
    this.server.dispose();
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
  }
}
