// Binary search over ascending numbers (line starts, chunk starts, offsets): which entry a position falls in.

/** The index of the last entry of `sorted` (ascending) that is <= `value`; 0 when there is none. */
export function lastAtMost(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
