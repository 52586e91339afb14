// The host side of the log panel without the VS Code API: validates the webview's messages, answers them from
// the LogSession and forwards session changes, coalesced so that a busy tail does not flood the webview.
import type { LogFilter, LogRow, LogSession, LogSessionChange } from '../../../core/logs/model';
import type { ColumnTitles, HostMessage, PanelRequest, PanelRequestResults } from './protocol';
import { LIMITS } from './protocol';
import { validateMessage } from './validateMessage';

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
  private disposed = false;

  constructor(
    private readonly session: LogSession,
    private readonly host: PanelHost,
  ) {
    this.subscription = session.onDidChange((change) => this.queueChange(change));
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
        await this.sendInit();
        return;
      case 'openInGrafana':
        this.host.openInGrafana(message.filter);
        return;
      case 'copy':
        this.host.copy(message.text);
        return;
      default:
        await this.answer(message);
    }
  }

  private async sendInit(): Promise<void> {
    try {
      const info = await this.session.info();
      this.post({ type: 'init', title: this.host.title, canOpenInGrafana: this.host.canOpenInGrafana, info, columnTitles: this.host.columnTitles });
    } catch (err) {
      this.post({ type: 'error', message: `cannot read the logs: ${(err as Error).message}` });
    }
  }

  private async answer(request: PanelRequest): Promise<void> {
    try {
      const result = await this.run(request);
      this.post({ type: 'response', id: request.id, result });
    } catch (err) {
      const error = (err as Error).message ?? String(err);
      this.host.warn(`log panel: ${request.type} failed: ${error}`);
      this.post({ type: 'response', id: request.id, error });
    }
  }

  private async run(request: PanelRequest): Promise<PanelRequestResults[PanelRequest['type']]> {
    switch (request.type) {
      case 'setFilter':
        return this.session.setFilter(request.filter);
      case 'rows':
        return (await this.session.rows(request.start, request.count)).map(trimRow);
      case 'details':
        return this.session.details(request.index);
      case 'facets':
        return this.session.facets();
      case 'histogram':
        return this.session.histogram(request.buckets);
      case 'findLevel':
        return this.session.findLevel(request.from, request.direction, request.minLevel);
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
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
  }
}
