// Loki's per-line rules, applied before sending: a line too long, too old or too far in the future would be
// rejected by Loki (400) and take its batch with it, so it is reported with its place in the file instead.
import type { PushLimits } from './limits';

export type EntryRejection = 'line-too-long' | 'too-old' | 'too-new';

/** Why Loki would reject the entry, or undefined. `lineBytes` is the line's UTF-8 length. */
export function entryRejection(ms: number, lineBytes: number, nowMs: number, limits: PushLimits, truncate: boolean): EntryRejection | undefined {
  if (lineBytes > limits.maxLineBytes && !truncate) return 'line-too-long';
  if (limits.maxAgeMs !== undefined && ms < nowMs - limits.maxAgeMs) return 'too-old';
  if (ms > nowMs + limits.maxFutureMs) return 'too-new';
  return undefined;
}

export function rejectionMessage(kind: EntryRejection, ms: number, lineBytes: number, limits: PushLimits): string {
  const when = new Date(ms).toISOString();
  switch (kind) {
    case 'line-too-long':
      return `line is ${lineBytes} bytes long; Loki accepts at most ${limits.maxLineBytes} (limits_config.max_line_size; --truncate-long-lines cuts it with a marker)`;
    case 'too-old':
      return `timestamp ${when} is older than Loki accepts (${formatMs(limits.maxAgeMs!)}, limits_config.reject_old_samples_max_age)`;
    case 'too-new':
      return `timestamp ${when} is more than ${formatMs(limits.maxFutureMs)} in the future (limits_config.creation_grace_period)`;
  }
}

/**
 * The line cut to `maxBytes` (at a character boundary) with a marker saying how long it was, so that nobody
 * mistakes it for the whole record.
 */
export function truncateLine(line: string, maxBytes: number): string {
  const bytes = Buffer.from(line, 'utf8');
  const marker = ` …[truncated by lb-obs: ${bytes.length} bytes]`;
  let cut = Math.max(0, maxBytes - Buffer.byteLength(marker));
  // Back off continuation bytes so that no character is split.
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
  return bytes.toString('utf8', 0, cut) + marker;
}

export function formatMs(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}
