// The log worker's own messages, beside the session's requests and responses (core/rpc/rpc.ts over the
// methods of sessionMethods.ts).
import type { LokiSourceOptions } from '../lokiSource';
import type { LogSessionChange, LogSessionInfo } from '../model';

/** The options of a session in the log worker (LogSessionOptions that can be sent to a thread). */
export interface LogWorkerOptions {
  files?: string[];
  runDir?: string;
  loki?: LokiSourceOptions;
  /** Follow appended lines and new files (default true). */
  follow?: boolean;
  pollIntervalMs?: number;
  /** Mine the templates for the Patterns view (default true; the panel benchmark's baseline opens without). */
  minePatterns?: boolean;
}

/** What the log worker is started with (`workerData`). */
export interface LogWorkerData {
  role: 'session';
  options: LogWorkerOptions;
}

/** Closes the session; answered with a response like a request. */
export const DISPOSE = 'dispose';

export type FromWorker =
  | { type: 'ready'; info: LogSessionInfo }
  | { type: 'failed'; message: string }
  | { type: 'change'; change: LogSessionChange };
