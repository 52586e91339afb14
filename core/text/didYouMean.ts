// Suggests the closest known name for a misspelt one (optimal string alignment distance), so that a typo such
// as `repetiton` points at `repetitions`. Bounded whatever the input: a word longer than any sensible name gets
// no suggestion, and the distance is only computed inside a band of width `max` around the diagonal.

/** Words longer than this are not names anyone misspelt: no suggestion ("too long to suggest"). */
export const MAX_SUGGEST_LENGTH = 100;

/**
 * The optimal string alignment distance of `a` and `b` when it is at most `max`, else `max + 1`. Time
 * O(min(|a|,|b|) · max), memory O(|b|).
 */
export function editDistance(a: string, b: string, max = Math.max(a.length, b.length)): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  const big = max + 1;
  // Three rows (two back, for transpositions) reused; cells outside the band stay `big`.
  let before = new Array<number>(cols).fill(big);
  let prev = new Array<number>(cols).fill(big);
  let cur = new Array<number>(cols).fill(big);
  for (let j = 0; j < cols && j <= max; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    cur.fill(big, Math.max(0, from - 2), Math.min(cols, to + 2));
    cur[0] = i <= max ? i : big;
    let rowMin = cur[0];
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      cur[j] = Math.min(d, big);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return big;
    [before, prev, cur] = [prev, cur, before];
  }
  return Math.min(prev[b.length], big);
}

/** The best candidate within a distance that grows with the word's length, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_SUGGEST_LENGTH) return undefined;
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const c = candidate.toLowerCase();
    const distance = c === lower ? 0 : editDistance(lower, c, limit);
    const prefix = c.startsWith(lower) && lower.length >= 4 ? 0.5 : Infinity;
    const score = Math.min(distance, prefix + (c.length - lower.length) / 10);
    if (score < bestDistance) {
      bestDistance = score;
      best = candidate;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
