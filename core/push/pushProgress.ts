// Progress of a push as the CLI and the VS Code notification show it: counts so far and average rates.
import type { RetryNotice } from './batchDelivery';
import type { PushCounts } from './pushReport';

export interface PushProgress extends PushCounts {
  /** The file being read (the last one started when several are pushed at once). */
  file?: string;
  filesDone: number;
  filesTotal: number;
  /** File bytes done (read, or skipped thanks to a checkpoint) out of all files' sizes. */
  bytesDone: number;
  bytesTotal: number;
  elapsedMs: number;
  linesPerSecond: number;
  /** Bytes of lines sent per second. */
  bytesSentPerSecond: number;
  /** Set while waiting before a retry. */
  retry?: RetryNotice;
}

/** `12,345 lines/s, 3.1 MB/s` style figures. */
export function formatRate(progress: Pick<PushProgress, 'linesPerSecond' | 'bytesSentPerSecond'>): string {
  return `${Math.round(progress.linesPerSecond).toLocaleString('en-US')} lines/s, ${(progress.bytesSentPerSecond / 1e6).toFixed(1)} MB/s`;
}

export function formatProgress(p: PushProgress): string {
  const percent = p.bytesTotal ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
  const parts = [
    `${percent}%`,
    `${p.filesDone}/${p.filesTotal} files`,
    `${p.sent.toLocaleString('en-US')} lines sent`,
  ];
  if (p.alreadyInLoki) parts.push(`${p.alreadyInLoki.toLocaleString('en-US')} already in Loki`);
  if (p.malformed) parts.push(`${p.malformed.toLocaleString('en-US')} malformed`);
  if (p.rejected) parts.push(`${p.rejected.toLocaleString('en-US')} rejected`);
  parts.push(formatRate(p));
  let text = parts.join(', ');
  if (p.retry) {
    // Loki's messages are long; their start says what happened.
    const reason = p.retry.reason.length > 90 ? `${p.retry.reason.slice(0, 90)}…` : p.retry.reason;
    text += ` — ${reason}; retry ${p.retry.retry}/${p.retry.maxRetries} in ${(p.retry.delayMs / 1000).toFixed(1)} s`;
  }
  return text;
}
