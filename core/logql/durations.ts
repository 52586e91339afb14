// Duration syntax as Loki reads it. Ranges (`[5m]`) go through Prometheus' model.ParseDuration only: whole
// numbers, units y w d h m s ms in that order, nothing else between the brackets. Offsets and duration label
// filters also accept Go's time.ParseDuration (fractions, us/µs/ns, a sign).

const PROMETHEUS = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const GO = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

const MS_PER_UNIT: Record<string, number> = {
  y: 365 * 24 * 3600e3, w: 7 * 24 * 3600e3, d: 24 * 3600e3, h: 3600e3, m: 60e3, s: 1e3, ms: 1, us: 1e-3, µs: 1e-3, μs: 1e-3, ns: 1e-6,
};

export function isRangeDuration(text: string): boolean {
  return text === '0' || (text !== '' && PROMETHEUS.test(text));
}

export function isOffsetDuration(text: string): boolean {
  return isRangeDuration(text) || text === '0' || GO.test(text);
}

/** Milliseconds of a duration accepted by either parser, else undefined. */
export function durationMs(text: string): number | undefined {
  if (!isOffsetDuration(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w|y)/g)) total += parseFloat(m[1]) * MS_PER_UNIT[m[2]];
  return text.startsWith('-') ? -total : total;
}

/** "1 hour 30 minutes" style wording for hovers. */
export function describeDuration(ms: number): string {
  if (ms === 0) return '0 (empty)';
  const parts: string[] = [];
  let rest = Math.abs(ms);
  for (const [unit, size] of [['day', 24 * 3600e3], ['hour', 3600e3], ['minute', 60e3], ['second', 1e3]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${+rest.toFixed(6)} ms`);
  return (ms < 0 ? 'minus ' : '') + parts.join(' ');
}
