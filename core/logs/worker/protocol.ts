// Messages between a LogSession proxy and the log worker that runs the session.
import type { LokiSourceOptions } from '../lokiSource';
import type { LogSessionChange, LogSessionInfo } from '../model';

/** What the log worker is started with (`workerData`). */
export interface LogWorkerData {
  role: 'session';
  options: { files?: string[]; runDir?: string; loki?: LokiSourceOptions; follow?: boolean; pollIntervalMs?: number };
}

/** The LogSession methods callable through the worker. */
export const SESSION_METHODS = ['info', 'setFilter', 'rows', 'details', 'facets', 'histogram', 'findLevel'] as const;
export type SessionMethod = (typeof SESSION_METHODS)[number];

export type ToWorker = { type: 'call'; id: number; method: SessionMethod; args: unknown[] } | { type: 'dispose'; id: number };

export type FromWorker =
  | { type: 'ready'; info: LogSessionInfo }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string }
  | { type: 'change'; change: LogSessionChange };
