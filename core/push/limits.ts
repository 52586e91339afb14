// Loki's push validation rules (docs/FACTS.md, "Loki HTTP API"), checked before sending so that a line
// Loki would reject is reported with its file and line instead of failing a whole batch. Each default is
// Loki's own; a Loki configured otherwise is matched by overriding the value.
import { LOKI_MAX_LABEL_NAME_LENGTH, LOKI_MAX_LABEL_NAMES, LOKI_MAX_LABEL_VALUE_LENGTH } from '../config/lbFacts';

export interface PushLimits {
  /** limits_config.max_line_size (bytes of the line). */
  maxLineBytes: number;
  /** limits_config.max_label_names_per_series. */
  maxLabelNames: number;
  maxLabelNameLength: number;
  maxLabelValueLength: number;
  /** limits_config.reject_old_samples_max_age in ms; undefined when the Loki accepts old samples. */
  maxAgeMs: number | undefined;
  /** limits_config.creation_grace_period in ms: how far in the future a line may be. */
  maxFutureMs: number;
}

export const DEFAULT_PUSH_LIMITS: PushLimits = {
  maxLineBytes: 256 * 1024,
  maxLabelNames: LOKI_MAX_LABEL_NAMES,
  maxLabelNameLength: LOKI_MAX_LABEL_NAME_LENGTH,
  maxLabelValueLength: LOKI_MAX_LABEL_VALUE_LENGTH,
  maxAgeMs: 7 * 24 * 3_600_000,
  maxFutureMs: 10 * 60_000,
};

/** How entries are grouped into push requests: Grafana's clients send at most 1 MiB per request. */
export interface BatchLimits {
  maxBytes: number;
  maxEntries: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxBytes: 1024 * 1024, maxEntries: 5000 };

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `168h`, `7d`, `90m`, `1h30m` as milliseconds (Loki's duration units), or undefined when invalid. */
export function parseDurationMs(text: string): number | undefined {
  const parts = /^(?:\d+(?:ms|s|m|h|d|w))+$/.test(text) ? text.match(/\d+(?:ms|s|m|h|d|w)/g) : null;
  if (!parts) return undefined;
  return parts.reduce((sum, part) => {
    const [, n, unit] = /^(\d+)(\w+)$/.exec(part)!;
    return sum + Number(n) * UNITS[unit];
  }, 0);
}

/** A byte size like `256KB`, `1MB`, `262144` (Loki's flagext.ByteSize units, powers of 1024). */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+)\s*(b|kb|kib|mb|mib|gb|gib)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Number(m[1]) * factor;
}
