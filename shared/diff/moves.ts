/**
 * The entries to call "moved" when `from` and `to` hold the same keys in another order: all
 * but a longest subsequence that kept its relative order. Moving one section to the top marks
 * that section only, not every section it jumped over. Both lists must hold the same distinct
 * keys. Ties are broken deterministically (the same input always gives the same answer).
 */
export function movedKeys(from: readonly string[], to: readonly string[]): Set<string> {
  const fromIndex = new Map(from.map((key, i) => [key, i]));
  const positions = to.map((key) => fromIndex.get(key) ?? -1);
  const kept = new Set(longestIncreasingSubsequence(positions).map((i) => to[i]));
  return new Set(to.filter((key) => !kept.has(key)));
}

/**
 * Indices into `values` of one longest strictly increasing subsequence (patience sorting,
 * O(n log n)).
 */
export function longestIncreasingSubsequence(values: readonly number[]): number[] {
  /** tails[k]: index of the smallest value that ends an increasing run of length k + 1. */
  const tails: number[] = [];
  const previous: number[] = [];
  values.forEach((value, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const tailValue = values[tails[mid] ?? 0] ?? 0;
      if (tailValue < value) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? (tails[lo - 1] ?? -1) : -1;
    tails[lo] = i;
  });
  const out: number[] = [];
  for (let i = tails.at(-1) ?? -1; i >= 0; i = previous[i] ?? -1) out.push(i);
  return out.reverse();
}
