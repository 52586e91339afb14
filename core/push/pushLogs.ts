// Pushes lb JSONL log files to Loki: lines labelled as lb labels them, checked against Loki's rules before
// sending, batched, delivered exactly once (see batchDelivery.ts), with a checkpoint per file so that an
// interrupted push resumes where Loki's confirmations ended (the steps: pushRun.ts and filePush.ts). Used by
// `lb-obs push` and the VS Code command.
import type { LokiConnection } from '../loki/connection';
import type { CheckpointStore } from './checkpoints';
import type { Clock } from './clock';
import { FileFamily, PushInputError } from './inputFiles';
import { BatchLimits, DEFAULT_PUSH_LIMITS, PushLimits } from './limits';
import type { PushProgress } from './pushProgress';
import type { PushReport } from './pushReport';
import { PushRun } from './pushRun';
import type { RetryPolicy } from './retryPolicy';
import { staticLabelProblems } from './streamLabels';

export interface PushOptions {
  connection: LokiConnection;
  /** Added to every stream, overriding lb's labels of the same name (lb's `loki.labels`). */
  staticLabels?: Record<string, string>;
  /** Compress requests (default true). */
  gzip?: boolean;
  /** Cut lines over the size limit (with a marker) instead of reporting them. */
  truncateLongLines?: boolean;
  limits?: Partial<PushLimits>;
  batch?: Partial<BatchLimits>;
  retry?: Partial<RetryPolicy>;
  /** Files (with their backups) pushed at the same time; default 2. */
  concurrency?: number;
  /** Batches of one file sent at the same time; default 2. */
  inFlight?: number;
  /** Where checkpoints live; without a store every push starts from the beginning of each file. */
  checkpoints?: CheckpointStore;
  signal?: AbortSignal;
  onProgress?: (progress: PushProgress) => void;
  clock?: Clock;
}

/** Static labels Loki would refuse, as a usage error before anything is read. */
export function checkStaticLabels(labels: Record<string, string>, limits: Partial<PushLimits> = {}): void {
  const problems = staticLabelProblems(labels, { ...DEFAULT_PUSH_LIMITS, ...limits });
  if (problems.length) throw new PushInputError(problems.join('; '));
}

export async function pushLogs(families: FileFamily[], options: PushOptions): Promise<PushReport> {
  checkStaticLabels(options.staticLabels ?? {}, options.limits);
  return new PushRun(families, options).run();
}
