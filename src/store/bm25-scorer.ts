/**
 * BM25 top-k over postings held in typed arrays, with dynamic pruning that never changes the result.
 *
 * `topK` is MaxScore (Turtle & Flood 1995; Lucene's MaxScoreBulkScorer) with block maxima (Ding &
 * Suel 2011). Chunks are visited in ascending id order. The query's terms are sorted by their
 * greatest possible contribution; the low ones whose bounds add up to no more than the k-th best
 * score so far are "non-essential": a chunk that holds only those cannot enter the top k, so only
 * the other terms' postings propose candidates, and a candidate is dropped as soon as its score so
 * far plus the bounds of the terms not yet looked at cannot beat the k-th best. Non-essential
 * postings are skipped a block at a time, and a block's own greatest contribution tightens the bound.
 *
 * `topKExhaustive` scores every posting, as `LexicalIndex.search` does; it is the reference.
 */
import { createError } from "../errors.js";
import { bm25TermScore, idf, type Bm25Params } from "./bm25.js";
import { TopKHeap } from "./top-k-heap.js";

export interface PostingArrays {
  /** Postings of term id t are positions offsets[t] … offsets[t + 1] - 1 of docs and tfs. */
  offsets: Uint32Array;
  /** Chunk ids, strictly ascending within each term. */
  docs: Uint32Array;
  tfs: Uint16Array;
  /** Terms per chunk, by chunk id. */
  lengths: Uint32Array;
}

/** Postings per block (a power of two): each block keeps its greatest contribution. */
const BLOCK_SHIFT = 6;
const BLOCK_SIZE = 1 << BLOCK_SHIFT;

/** Buffers sized to the chunk count for the exhaustive reference, made on its first use. */
interface Accumulator {
  scores: Float64Array;
  seen: Uint8Array;
  touched: Uint32Array;
}

/** Scores queries against one set of postings; build it once per loaded index. */
export class Bm25Scorer {
  private readonly postings: PostingArrays;
  private readonly params: Bm25Params;
  private readonly termCount: number;
  private readonly chunkCount: number;
  private readonly avgLength: number;
  /** Each term's greatest contribution to any chunk. */
  private readonly termMax: Float64Array;
  /** Term t's blocks are blockMax[blockStart[t]] …: the greatest contribution in each block of its postings. */
  private readonly blockStart: Uint32Array;
  private readonly blockMax: Float64Array;
  /** Whether every contribution is finite and not negative: the pruning bounds rely on it. */
  private readonly boundsHold: boolean;
  private accumulator: Accumulator | null = null;

  /**
   * Checks the postings (they come from a file that may be damaged) and computes each term's and
   * each block's greatest contribution: one pass over the postings.
   * @throws CitebotError INDEX_INVALID when offsets, chunk ids or lengths do not fit together
   */
  constructor(postings: PostingArrays, params: Bm25Params) {
    const { offsets, docs, tfs, lengths } = postings;
    this.postings = postings;
    this.params = params;
    this.termCount = Math.max(0, offsets.length - 1);
    this.chunkCount = lengths.length;
    let total = 0;
    for (let i = 0; i < lengths.length; i++) total += lengths[i] as number;
    this.avgLength = lengths.length > 0 ? Math.max(1, total / lengths.length) : 1;
    checkPostings(postings, this.termCount);

    this.termMax = new Float64Array(this.termCount);
    this.blockStart = new Uint32Array(this.termCount + 1);
    for (let t = 0; t < this.termCount; t++) {
      const count = (offsets[t + 1] as number) - (offsets[t] as number);
      this.blockStart[t + 1] = (this.blockStart[t] as number) + ((count + BLOCK_SIZE - 1) >>> BLOCK_SHIFT);
    }
    this.blockMax = new Float64Array(this.blockStart[this.termCount] as number);
    let boundsHold = true;
    for (let t = 0; t < this.termCount; t++) {
      const start = offsets[t] as number;
      const end = offsets[t + 1] as number;
      const termIdf = idf(end - start, this.chunkCount);
      let termMax = 0;
      for (let p = start, block = this.blockStart[t] as number; p < end; block++) {
        let max = 0;
        for (const blockEnd = Math.min(end, p + BLOCK_SIZE); p < blockEnd; p++) {
          const score = bm25TermScore(tfs[p] as number, termIdf, lengths[docs[p] as number] as number, this.avgLength, params);
          if (!(score >= 0 && score < Infinity)) boundsHold = false;
          if (score > max) max = score;
        }
        this.blockMax[block] = max;
        if (max > termMax) termMax = max;
      }
      this.termMax[t] = termMax;
    }
    this.boundsHold = boundsHold;
  }

  /**
   * The k best chunks for the distinct term ids, as [chunkId, score], score descending then chunk
   * id ascending; each score is the sum of `bm25TermScore` over `termIds` in the given order.
   * Repeated, unknown and malformed term ids are ignored. Pruned: equal to `topKExhaustive`.
   */
  topK(termIds: readonly number[], k: number): [number, number][] {
    const terms = this.distinctTerms(termIds);
    const limit = this.limit(k);
    if (terms.length === 0 || limit === 0) return [];
    if (!this.boundsHold) return this.topKExhaustive(termIds, k);
    return this.maxScore(terms, limit);
  }

  /** The same as `topK`, scoring every posting: the reference it is tested against. */
  topKExhaustive(termIds: readonly number[], k: number): [number, number][] {
    const terms = this.distinctTerms(termIds);
    const limit = this.limit(k);
    if (terms.length === 0 || limit === 0) return [];
    const { offsets, docs, tfs, lengths } = this.postings;
    const { scores, seen, touched } = (this.accumulator ??= {
      scores: new Float64Array(this.chunkCount),
      seen: new Uint8Array(this.chunkCount),
      touched: new Uint32Array(this.chunkCount),
    });
    let touchedCount = 0;
    for (const t of terms) {
      const end = offsets[t + 1] as number;
      const termIdf = this.idf(t);
      for (let p = offsets[t] as number; p < end; p++) {
        const doc = docs[p] as number;
        if (seen[doc] === 0) {
          seen[doc] = 1;
          scores[doc] = 0;
          touched[touchedCount++] = doc;
        }
        scores[doc] =
          (scores[doc] as number) + bm25TermScore(tfs[p] as number, termIdf, lengths[doc] as number, this.avgLength, this.params);
      }
    }
    const heap = new TopKHeap(limit);
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i] as number;
      heap.offer(doc, scores[doc] as number);
      seen[doc] = 0;
    }
    return heap.sorted();
  }

  /**
   * MaxScore over the terms (see the file's comment). Every comparison of a bound with the
   * threshold multiplies the bound by `margin`, so that rounding can never make a bound undercut a
   * score it bounds:
   * - each term's and block's bound is the greatest of the very floats `bm25TermScore` returns for
   *   its postings, so every contribution is at most its bound, exactly;
   * - contributions are finite and not negative (`boundsHold`), and a float sum of m such numbers,
   *   in any order, is within a factor (1 ± m·u/(1 − m·u)) of their exact sum (u = 2^-53, Higham's
   *   γ_m). A score (summed in query order) and a bound (summed in another order, from
   *   contributions and bounds that are each at least as large) therefore differ from their exact
   *   sums by at most about n·u each, and the product with the margin rounds by at most u more;
   *   1 + 4(n + 2)·u covers all of it with room to spare.
   * A candidate is dropped only when its bound times the margin is at most the threshold. Chunks
   * come in ascending id order, so a later chunk with a score equal to the k-th one ranks below it
   * anyway: dropping on equality is exact, as the heap's own tie rule is.
   */
  private maxScore(terms: number[], limit: number): [number, number][] {
    const { offsets, docs, tfs, lengths } = this.postings;
    const { termMax, blockStart, blockMax, avgLength, params } = this;
    const n = terms.length;
    // Slot s is the query's term query[s]; slots go by ascending bound.
    const query = terms.map((_, q) => q).sort((a, b) => (termMax[terms[a] as number] as number) - (termMax[terms[b] as number] as number));
    const base = new Uint32Array(n);
    const blocks = new Uint32Array(n);
    const pos = new Uint32Array(n);
    const end = new Uint32Array(n);
    const termIdf = new Float64Array(n);
    /** prefix[s]: the sum of the bounds of the slots below s. */
    const prefix = new Float64Array(n + 1);
    for (let s = 0; s < n; s++) {
      const t = terms[query[s] as number] as number;
      base[s] = pos[s] = offsets[t] as number;
      end[s] = offsets[t + 1] as number;
      blocks[s] = blockStart[t] as number;
      termIdf[s] = this.idf(t);
      prefix[s + 1] = (prefix[s] as number) + (termMax[t] as number);
    }
    const margin = 1 + 2 * (n + 2) * Number.EPSILON;
    /** The current candidate's contribution from each term, by query position. */
    const contribution = new Float64Array(n);
    const heap = new TopKHeap(limit);
    let threshold = -Infinity;
    /** Slots from `essential` up propose candidates; the ones below only add to them. */
    let essential = 0;
    for (;;) {
      let candidate = Infinity;
      for (let s = essential; s < n; s++) {
        if ((pos[s] as number) < (end[s] as number)) candidate = Math.min(candidate, docs[pos[s] as number] as number);
      }
      if (candidate === Infinity) break;
      contribution.fill(0);
      let partial = 0;
      for (let s = essential; s < n; s++) {
        const p = pos[s] as number;
        if (p >= (end[s] as number) || docs[p] !== candidate) continue;
        const c = bm25TermScore(tfs[p] as number, termIdf[s] as number, lengths[candidate] as number, avgLength, params);
        contribution[query[s] as number] = c;
        partial += c;
        pos[s] = p + 1;
      }
      let dropped = false;
      for (let s = essential - 1; s >= 0; s--) {
        if ((partial + (prefix[s + 1] as number)) * margin <= threshold) {
          dropped = true;
          break;
        }
        const e = end[s] as number;
        const first = base[s] as number;
        let p = pos[s] as number;
        if (p >= e) continue;
        // Skip whole blocks that end before the candidate.
        let blockEnd = Math.min(e, first + ((((p - first) >>> BLOCK_SHIFT) + 1) << BLOCK_SHIFT));
        while (blockEnd < e && (docs[blockEnd - 1] as number) < candidate) {
          p = blockEnd;
          blockEnd = Math.min(e, p + BLOCK_SIZE);
        }
        pos[s] = p;
        if ((docs[blockEnd - 1] as number) < candidate) {
          pos[s] = e;
          continue;
        }
        const block = (blocks[s] as number) + ((p - first) >>> BLOCK_SHIFT);
        if ((partial + (blockMax[block] as number) + (prefix[s] as number)) * margin <= threshold) {
          dropped = true;
          break;
        }
        let hi = blockEnd - 1;
        while (p < hi) {
          const mid = (p + hi) >>> 1;
          if ((docs[mid] as number) < candidate) p = mid + 1;
          else hi = mid;
        }
        pos[s] = p;
        if (docs[p] !== candidate) continue;
        const c = bm25TermScore(tfs[p] as number, termIdf[s] as number, lengths[candidate] as number, avgLength, params);
        contribution[query[s] as number] = c;
        partial += c;
        pos[s] = p + 1;
      }
      if (dropped || partial * margin <= threshold) continue;
      // The score itself is summed in query order, as the exhaustive scorer sums it.
      let score = 0;
      for (let q = 0; q < n; q++) score += contribution[q] as number;
      heap.offer(candidate, score);
      if (heap.threshold === threshold) continue;
      threshold = heap.threshold;
      while (essential < n && (prefix[essential + 1] as number) * margin <= threshold) essential++;
      if (essential === n) break;
    }
    return heap.sorted();
  }

  /** Term t's idf, from its posting count. */
  private idf(t: number): number {
    return idf((this.postings.offsets[t + 1] as number) - (this.postings.offsets[t] as number), this.chunkCount);
  }

  /** The query's term ids in order, each once, without ids that name no term or a term with no postings. */
  private distinctTerms(termIds: readonly number[]): number[] {
    const seen = new Set<number>();
    const terms: number[] = [];
    for (const t of termIds) {
      if (!Number.isInteger(t) || t < 0 || t >= this.termCount || seen.has(t)) continue;
      seen.add(t);
      if ((this.postings.offsets[t + 1] as number) > (this.postings.offsets[t] as number)) terms.push(t);
    }
    return terms;
  }

  /** How many results `k` asks for, as `Array.prototype.slice(0, k)` would keep them. */
  private limit(k: number): number {
    return k >= 1 ? Math.min(Math.floor(k), this.chunkCount) : 0;
  }
}

/**
 * Throws INDEX_INVALID unless the arrays fit together: offsets run from 0 to the posting count
 * without going back, tfs match docs, and each term's chunk ids ascend strictly and name a chunk.
 */
function checkPostings({ offsets, docs, tfs, lengths }: PostingArrays, termCount: number): void {
  const invalid = (detail: string): Error => createError("INDEX_INVALID", `${detail}; rebuild the index`);
  if (tfs.length !== docs.length) throw invalid(`the postings hold ${docs.length} chunk ids but ${tfs.length} term frequencies`);
  if (offsets.length === 0 ? docs.length !== 0 : offsets[0] !== 0 || offsets[termCount] !== docs.length) {
    throw invalid(`the posting offsets do not span the ${docs.length} postings`);
  }
  for (let t = 0; t < termCount; t++) {
    if ((offsets[t + 1] as number) < (offsets[t] as number)) throw invalid(`the postings of term ${t} end before they start`);
  }
  for (let t = 0; t < termCount; t++) {
    const start = offsets[t] as number;
    const end = offsets[t + 1] as number;
    let previous = -1;
    for (let p = start; p < end; p++) {
      const doc = docs[p] as number;
      if (doc <= previous || doc >= lengths.length) throw invalid(`term ${t} lists chunk ${doc} out of order or out of range`);
      previous = doc;
    }
  }
}
