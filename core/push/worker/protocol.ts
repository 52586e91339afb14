// Messages between a push running in a worker thread (dist/pushWorker.js) and the thread that started it.
import type { LokiConnection } from '../../loki/connection';
import type { PushProgress } from '../pushProgress';
import type { PushReport } from '../pushReport';
import type { VerifyReport } from '../verifyPush';

export interface PushJob {
  /** Run folders or JSONL files. */
  inputs: string[];
  cwd: string;
  connection: LokiConnection;
  staticLabels: Record<string, string>;
  checkpointDir: string;
  /** Count every stream in Loki afterwards and compare with the files. */
  verify: boolean;
}

export interface PushOutcome {
  report: PushReport;
  verify?: VerifyReport;
  /** Why the verification could not be made. */
  verifyError?: string;
}

export type ToPushWorker = { type: 'cancel' };

export type FromPushWorker =
  | { type: 'progress'; progress: PushProgress }
  | { type: 'verifying' }
  | { type: 'done'; outcome: PushOutcome }
  | { type: 'failed'; message: string };
