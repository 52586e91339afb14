// How often the status bar asks Loki and Grafana whether they are up: rarely while they answer, soon after a
// failure and then less and less often, so a stopped service costs almost nothing.

export const HEALTHY_INTERVAL_MS = 60_000;
export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_MS = 300_000;

/** The delay before the next check, given how many checks in a row have failed (0 = the last one succeeded). */
export function nextPollDelay(failuresInARow: number): number {
  if (failuresInARow <= 0) return HEALTHY_INTERVAL_MS;
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failuresInARow - 1, 16));
}
