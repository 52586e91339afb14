// The webview's side of the host channel: requests (core/rpc/rpc.ts over the panel's session methods),
// notifications, and the host's own messages (init, changes, errors).
import type { LogSessionChange } from '../../../core/logs/model';
import { CallOptions, ParamsOf, ProgressOf, ResultOf, RpcClient } from '../../../core/rpc/rpc';
import { HostMessage, PANEL_METHODS, PanelInit, PanelMethods, PanelNotification } from '../../../protocol/logPanel';
import type { PanelState } from './state';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostEvents {
  init(message: PanelInit): void;
  changed(change: LogSessionChange): void;
  error(message: string): void;
}

export class HostConnection {
  private readonly api = acquireVsCodeApi();
  private readonly client = new RpcClient(PANEL_METHODS, (message) => this.api.postMessage(message));

  constructor(private readonly events: HostEvents) {
    window.addEventListener('message', (event: MessageEvent) => this.receive(event.data as HostMessage));
  }

  request<K extends keyof PanelMethods & string>(
    method: K,
    params: ParamsOf<PanelMethods[K]>,
    options?: CallOptions<ProgressOf<PanelMethods[K]>>,
  ): Promise<ResultOf<PanelMethods[K]>> {
    return this.client.request(method, params, options);
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
    if (this.client.receive(message) || !message || typeof message !== 'object') return;
    switch (message.type) {
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
