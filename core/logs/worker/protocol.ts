// The log worker's own messages, beside the session's requests and responses (core/rpc/rpc.ts over the
// methods of sessionMethods.ts).
import type { LokiSourceOptions } from '../lokiSource';
import type { LogSessionChange, LogSessionInfo } from '../model';

/** What the log worker is started with (`workerData`). */
export interface LogWorkerData {
  role: 'session';
  options: { files?: string[]; runDir?: string; loki?: LokiSourceOptions; follow?: boolean; pollIntervalMs?: number };
}

/** Closes the session; answered with a response like a request. */
export const DISPOSE = 'dispose';

export type FromWorker =
  | { type: 'ready'; info: LogSessionInfo }
  | { type: 'failed'; message: string }
  | { type: 'change'; change: LogSessionChange };
