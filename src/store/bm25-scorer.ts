/**
 * Placeholder of helper PRUNE's scorer, with the same contract: both methods score every posting
 * of every query term, so `topK` is the exhaustive reference until the pruned one replaces this file.
 */
import { bm25TermScore, idf, type Bm25Params } from "./bm25.js";

export interface PostingArrays {
  /** Postings of term id t are positions offsets[t] … offsets[t + 1] - 1 of docs and tfs. */
  offsets: Uint32Array;
  /** Chunk ids, strictly ascending within each term. */
  docs: Uint32Array;
  tfs: Uint16Array;
  /** Terms per chunk, by chunk id. */
  lengths: Uint32Array;
}

export class Bm25Scorer {
  private readonly avgLength: number;

  constructor(
    private readonly postings: PostingArrays,
    private readonly params: Bm25Params,
  ) {
    let total = 0;
    for (const length of postings.lengths) total += length;
    this.avgLength = postings.lengths.length > 0 ? Math.max(1, total / postings.lengths.length) : 1;
  }

  /** The k best chunks for the distinct term ids, as [chunkId, score], score descending then chunkId ascending. */
  topK(termIds: readonly number[], k: number): [number, number][] {
    return this.topKExhaustive(termIds, k);
  }

  /** The same, scoring every posting: the reference. */
  topKExhaustive(termIds: readonly number[], k: number): [number, number][] {
    const { offsets, docs, tfs, lengths } = this.postings;
    const scores = new Map<number, number>();
    for (const t of termIds) {
      const from = offsets[t] as number;
      const to = offsets[t + 1] as number;
      const termIdf = idf(to - from, lengths.length);
      for (let i = from; i < to; i++) {
        const chunkId = docs[i] as number;
        const s = bm25TermScore(tfs[i] as number, termIdf, lengths[chunkId] as number, this.avgLength, this.params);
        scores.set(chunkId, (scores.get(chunkId) ?? 0) + s);
      }
    }
    return [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k);
  }
}
