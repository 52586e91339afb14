// Messages between the log panel's webview (client/webview/logPanel) and the extension host. Type-only on the
// webview side; the host validates every incoming message (validateMessage.ts) before acting on it.
import type {
  HistogramBucket,
  LogFacets,
  LogFilter,
  LogLevel,
  LogRow,
  LogRowDetails,
  LogSessionInfo,
} from '../../../core/logs/model';

/** Requests the webview makes; each carries an id that the host's `response` echoes. */
export type PanelRequest =
  | { type: 'setFilter'; id: number; filter: LogFilter }
  | { type: 'rows'; id: number; start: number; count: number }
  | { type: 'details'; id: number; index: number }
  | { type: 'facets'; id: number }
  | { type: 'histogram'; id: number; buckets: number }
  | { type: 'findLevel'; id: number; from: number; direction: 1 | -1; minLevel: LogLevel };

/** Fire-and-forget notifications from the webview. */
export type PanelNotification =
  | { type: 'ready' }
  | { type: 'openInGrafana'; filter: LogFilter }
  | { type: 'copy'; text: string };

export type WebviewMessage = PanelRequest | PanelNotification;

export interface PanelRequestResults {
  setFilter: LogSessionInfo;
  rows: LogRow[];
  details: LogRowDetails | null;
  facets: LogFacets;
  histogram: HistogramBucket[];
  findLevel: number | null;
}

export interface PanelInit {
  type: 'init';
  title: string;
  /** Whether the logs belong to a run or are a Loki query, so that "Open in Grafana" can build a link. */
  canOpenInGrafana: boolean;
  info: LogSessionInfo;
  /** Titles of the text columns when they hold stream labels instead of lb's fields (workflow logs). */
  columnTitles?: ColumnTitles;
}

export type ColumnTitles = Record<'component' | 'host' | 'workload' | 'phase', string>;

export type HostMessage =
  | PanelInit
  | { type: 'response'; id: number; result?: unknown; error?: string }
  /** The session changed (lines appended, files rotated); `reset` means cached rows are stale. */
  | { type: 'changed'; info: LogSessionInfo; appended: number; reset: boolean }
  | { type: 'error'; message: string };

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
