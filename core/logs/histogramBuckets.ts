// The histogram's buckets: equal widths over a time range, for the rows' histogram and for Loki's volume query
// (which counts each bucket at its end, so its buckets start at multiples of their width; see lokiVolume.ts).
// Apart from lokiVolume.ts so that indexing a file loads no Loki client.
import type { HistogramBucket } from './model';

/** `buckets` buckets of equal width (the last one may end early) covering [from, to) in epoch ms. */
export function emptyBuckets(from: number, to: number, buckets: number): HistogramBucket[] {
  const n = Math.max(1, Math.min(10_000, Math.floor(buckets)));
  if (to <= from) return [];
  const width = Math.max(1, Math.ceil((to - from) / n));
  const result: HistogramBucket[] = [];
  for (let b = 0; b < n && from + b * width < to; b++) result.push({ start: from + b * width, end: Math.min(to, from + (b + 1) * width), counts: {} });
  return result;
}

/** About `buckets` buckets of one width covering [from, to) in epoch ms, starting at a multiple of the width (see above). */
export function volumeBuckets(from: number, to: number, buckets: number): HistogramBucket[] {
  const first = emptyBuckets(from, to, buckets);
  if (first.length === 0) return [];
  const width = first[0].end - first[0].start;
  const result: HistogramBucket[] = [];
  for (let start = Math.floor(from / width) * width; start < to; start += width) result.push({ start, end: Math.min(to, start + width), counts: {} });
  return result;
}
