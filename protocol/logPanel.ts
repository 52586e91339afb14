// Messages between the log panel's webview (client/webview/logPanel) and the extension host, imported by both.
// The webview's requests are the log session's methods (core/logs/sessionMethods.ts) under the panel's limits,
// carried by core/rpc/rpc.ts; the host checks every incoming message (validateMessage) before acting on it,
// since the webview renders untrusted log text.
import { Invalid, isRecord, string } from '../core/rpc/checks';
import { checkId, checkRequest, isMethod, RpcReply, RpcRequest, unknownType } from '../core/rpc/rpc';
import type { LogFilter, LogSessionInfo } from '../core/logs/model';
import { filterCheck, logSessionMethods } from '../core/logs/sessionMethods';

/** Limits the host enforces on what the webview asks for. */
export const LIMITS = {
  maxRowsPerRequest: 1000,
  maxHistogramBuckets: 1000,
  maxFilterValues: 1000,
  maxFilterValueLength: 1000,
  maxSearchLength: 1000,
  maxCopyLength: 64 * 1024 * 1024,
  /** Row messages sent to the webview are cut to this many characters; details carry the whole line. */
  maxRowMessageLength: 4000,
} as const;

/** The session's methods as the webview may call them. */
export const PANEL_METHODS = logSessionMethods(LIMITS);
export type PanelMethods = typeof PANEL_METHODS;

/** Fire-and-forget notifications from the webview. */
export type PanelNotification =
  | { type: 'ready' }
  | { type: 'openInGrafana'; filter: LogFilter }
  | { type: 'copy'; text: string }
  | { type: 'cancel'; id: number };

/** A request of one of the session's methods, its parameters checked. */
export type PanelRequest = RpcRequest & { type: keyof PanelMethods };

export type WebviewMessage = PanelRequest | PanelNotification;

export type ColumnTitles = Record<'component' | 'host' | 'workload' | 'phase', string>;

export interface PanelInit {
  type: 'init';
  title: string;
  /** Whether the logs belong to a run or are a Loki query, so that "Open in Grafana" can build a link. */
  canOpenInGrafana: boolean;
  info: LogSessionInfo;
  /** Titles of the text columns when they hold stream labels instead of lb's fields (workflow logs). */
  columnTitles?: ColumnTitles;
  /** A filter to show instead of the panel's own, sent once (the lines of a compared pattern). */
  filter?: LogFilter;
}

export type HostMessage =
  | PanelInit
  | RpcReply
  /** The session changed (lines appended, files rotated); `reset` means cached rows are stale. */
  | { type: 'changed'; info: LogSessionInfo; appended: number; reset: boolean }
  | { type: 'error'; message: string };

export type Validated = { ok: true; message: WebviewMessage } | { ok: false; error: string };

const panelFilter = filterCheck(LIMITS);
const copyText = string(LIMITS.maxCopyLength);

function validateUnchecked(value: unknown): WebviewMessage {
  if (!isRecord(value)) throw new Invalid('message: expected an object');
  const type = value.type;
  switch (type) {
    case 'ready':
      return { type };
    case 'openInGrafana':
      return { type, filter: panelFilter(value.filter, 'filter') };
    case 'copy':
      return { type, text: copyText(value.text, 'text') };
    case 'cancel':
      return { type, id: checkId(value.id, 'id') };
  }
  if (!isMethod(PANEL_METHODS, type)) unknownType(type);
  return checkRequest(PANEL_METHODS, value) as PanelRequest;
}

/** The message rebuilt from its known fields, or why it is refused (`where: what`). */
export function validateMessage(value: unknown): Validated {
  try {
    return { ok: true, message: validateUnchecked(value) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: err.message };
    throw err;
  }
}
