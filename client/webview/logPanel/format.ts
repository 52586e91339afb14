// How times and counts are shown in the panel (UTC, like lb's timestamps).

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `2026-11-21 13:56:39.603` in UTC. */
export function formatTime(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/** Shorter form for axis labels: the time of day, with the date when the range spans several days. */
export function formatAxisTime(ms: number, includeDate: boolean): string {
  const full = formatTime(ms);
  return includeDate ? full.slice(0, 19) : full.slice(11, 19);
}

const numberFormat = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return numberFormat.format(n);
}
