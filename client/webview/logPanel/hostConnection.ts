// Request/response over the webview's postMessage channel: each request gets an id that the host echoes.
import type {
  HostMessage,
  PanelInit,
  PanelNotification,
  PanelRequest,
  PanelRequestResults,
} from '../../src/logs/protocol';
import type { LogSessionChange } from '../../../core/logs/model';
import type { PanelState } from './state';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

type RequestOf<T extends PanelRequest['type']> = Omit<Extract<PanelRequest, { type: T }>, 'id' | 'type'>;

export interface HostEvents {
  init(message: PanelInit): void;
  changed(change: LogSessionChange): void;
  error(message: string): void;
}

export class HostConnection {
  private readonly api = acquireVsCodeApi();
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(private readonly events: HostEvents) {
    window.addEventListener('message', (event: MessageEvent) => this.receive(event.data as HostMessage));
  }

  request<T extends PanelRequest['type']>(type: T, args: RequestOf<T>): Promise<PanelRequestResults[T]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.api.postMessage({ type, id, ...args });
    });
  }

  notify(message: PanelNotification): void {
    this.api.postMessage(message);
  }

  loadState(): Partial<PanelState> {
    const state = this.api.getState();
    return state && typeof state === 'object' ? (state as Partial<PanelState>) : {};
  }

  saveState(state: PanelState): void {
    this.api.setState(state);
  }

  private receive(message: HostMessage): void {
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'response': {
        const waiter = this.waiting.get(message.id);
        if (!waiter) return;
        this.waiting.delete(message.id);
        if (message.error !== undefined) waiter.reject(new Error(message.error));
        else waiter.resolve(message.result);
        return;
      }
      case 'init':
        this.events.init(message);
        return;
      case 'changed':
        this.events.changed(message);
        return;
      case 'error':
        this.events.error(message.message);
        return;
    }
  }
}
