/**
 * Pure steps for combining ranked lists. Lists are `[id, score]` pairs, best first.
 */

/** The usual RRF constant: dampens the difference between the very first ranks. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: each list adds 1 / (k + rank) to an id's score (rank from 1), so raw
 * BM25 and cosine scores, which live on different scales, are never added together.
 */
export function reciprocalRankFusion(lists: readonly (readonly [number, number][])[], k: number = RRF_K): [number, number][] {
  const fused = new Map<number, number>();
  for (const list of lists) {
    list.forEach(([id], rank) => fused.set(id, (fused.get(id) ?? 0) + 1 / (k + rank + 1)));
  }
  return [...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}
