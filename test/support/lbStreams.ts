// lb-shaped Loki streams for tests: the labels lb sets and, as each line, the JSONL record lb writes.
import { randomBytes } from 'crypto';
import { LokiStream } from '../../core/loki/api';
import type { LogLevel } from '../../core/logs/model';
import type { LbLogRecord } from '../../core/logs/recordParser';

/** A run id in lb's format with a random suffix, so that tests sharing a Loki never see each other's lines. */
export function uniqueRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Nanoseconds since the epoch as Loki's digit string. */
export function ns(ms: number): string {
  return (BigInt(ms) * 1_000_000n).toString();
}

/**
 * One stream per component/host as lb pushes it (labels component, host, run_id, workload, repetition, phase),
 * with `messages` as consecutive records one millisecond apart from `startMs`.
 */
export function lbStream(
  fields: { component: string; host: string; run_id: string; workload?: string; repetition?: number; phase?: string },
  messages: Array<{ level: LogLevel; message: string }>,
  startMs: number,
): { stream: LokiStream; records: LbLogRecord[] } {
  const labels: Record<string, string> = { component: fields.component, host: fields.host, run_id: fields.run_id };
  if (fields.workload) labels.workload = fields.workload;
  if (fields.repetition !== undefined) labels.repetition = String(fields.repetition);
  if (fields.phase) labels.phase = fields.phase;
  const records = messages.map((m, i): LbLogRecord => ({
    timestamp: new Date(startMs + i).toISOString(),
    level: m.level,
    component: fields.component,
    host: fields.host,
    run_id: fields.run_id,
    logger: `lb_${fields.component}`,
    message: m.message,
    event_type: 'log',
    ...(fields.workload ? { workload: fields.workload } : {}),
    ...(fields.repetition !== undefined ? { repetition: fields.repetition } : {}),
    ...(fields.phase ? { tags: { phase: fields.phase } } : {}),
  }));
  const values = records.map((r, i): [string, string] => [ns(startMs + i), JSON.stringify(r)]);
  return { stream: { stream: labels, values }, records };
}
