/**
 * BM25 top-k over postings held in typed arrays. `topK` prunes (MaxScore with block maxima, see
 * bm25-max-score.ts) and returns exactly what `topKExhaustive` returns; `topKExhaustive` scores
 * every posting, as `LexicalIndex.search` does, and is the reference the pruning is tested against.
 */
import { createError } from "../errors.js";
import { bm25TermScore, idf, type Bm25Params } from "./bm25.js";
import {
  DEFAULT_PRUNING_LAYOUT,
  maxScoreTopK,
  windowBuffers,
  type PruningLayout,
  type ScoringTables,
  type WindowBuffers,
} from "./bm25-max-score.js";
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

const BOUNDS_UNKNOWN = 0;
const BOUNDS_HOLD = 1;
const BOUNDS_FAIL = 2;

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
  /** The postings with their block maxima, for the pruned search. */
  private readonly tables: ScoringTables;
  /** By term: BOUNDS_UNKNOWN until its block maxima are computed, then whether they bound its contributions. */
  private readonly bounds: Uint8Array;
  private accumulator: Accumulator | null = null;
  private windowBuffers: WindowBuffers | null = null;

  /**
   * Checks the postings (they come from a file that may be damaged): one pass without arithmetic.
   * Each term's block maxima are computed on its first query, so loading stays fast.
   * @param layout block and window sizes, for tests and measurements; the default suits any corpus
   * @throws CitebotError INDEX_INVALID when offsets, chunk ids or lengths do not fit together
   */
  constructor(postings: PostingArrays, params: Bm25Params, layout: PruningLayout = DEFAULT_PRUNING_LAYOUT) {
    const { offsets, lengths } = postings;
    this.postings = postings;
    this.params = params;
    this.termCount = Math.max(0, offsets.length - 1);
    this.chunkCount = lengths.length;
    let total = 0;
    for (let i = 0; i < lengths.length; i++) total += lengths[i] as number;
    this.avgLength = lengths.length > 0 ? Math.max(1, total / lengths.length) : 1;
    checkPostings(postings, this.termCount);
    checkLayout(layout);
    const blockSize = 1 << layout.blockShift;
    const blockStart = new Uint32Array(this.termCount + 1);
    for (let t = 0; t < this.termCount; t++) {
      const count = (offsets[t + 1] as number) - (offsets[t] as number);
      blockStart[t + 1] = (blockStart[t] as number) + Math.ceil(count / blockSize);
    }
    const blockMax = new Float64Array(blockStart[this.termCount] as number);
    this.tables = { postings, params, avgLength: this.avgLength, layout, blockStart, blockMax };
    this.bounds = new Uint8Array(this.termCount);
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
    const { offsets } = this.postings;
    const postings = terms.reduce((sum, t) => sum + (offsets[t + 1] as number) - (offsets[t] as number), 0);
    if (postings < (this.tables.layout.exhaustiveBelow ?? 0) || !terms.every((t) => this.boundsHold(t)))
      return this.exhaustive(terms, limit);
    return maxScoreTopK(this.tables, terms, limit, (this.windowBuffers ??= windowBuffers(this.tables.layout)));
  }

  /** The same as `topK`, scoring every posting: the reference it is tested against. */
  topKExhaustive(termIds: readonly number[], k: number): [number, number][] {
    const terms = this.distinctTerms(termIds);
    const limit = this.limit(k);
    return terms.length === 0 || limit === 0 ? [] : this.exhaustive(terms, limit);
  }

  /** The `limit` best chunks for distinct terms that each have postings, every posting scored. */
  private exhaustive(terms: readonly number[], limit: number): [number, number][] {
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
   * Whether term t's block maxima bound its contributions, computing them on first use: each is the
   * greatest of the very floats `bm25TermScore` returns in its block. They do not when a
   * contribution is negative or not finite (parameters outside the usual ranges), and then the
   * query is scored exhaustively.
   */
  private boundsHold(t: number): boolean {
    if (this.bounds[t] === BOUNDS_UNKNOWN) {
      const { docs, tfs, lengths } = this.postings;
      const { blockStart, blockMax, layout } = this.tables;
      const end = this.postings.offsets[t + 1] as number;
      const termIdf = this.idf(t);
      let hold = true;
      for (let p = this.postings.offsets[t] as number, block = blockStart[t] as number; p < end; block++) {
        let max = 0;
        for (const blockEnd = Math.min(end, p + (1 << layout.blockShift)); p < blockEnd; p++) {
          const score = bm25TermScore(tfs[p] as number, termIdf, lengths[docs[p] as number] as number, this.avgLength, this.params);
          if (!(score >= 0 && score < Infinity)) hold = false;
          if (score > max) max = score;
        }
        blockMax[block] = max;
      }
      this.bounds[t] = hold ? BOUNDS_HOLD : BOUNDS_FAIL;
    }
    return this.bounds[t] === BOUNDS_HOLD;
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

/** Throws USAGE_INVALID unless both shifts are whole numbers from 0 to 16. */
function checkLayout({ blockShift, windowShift, exhaustiveBelow = 0 }: PruningLayout): void {
  for (const shift of [blockShift, windowShift]) {
    if (!Number.isInteger(shift) || shift < 0 || shift > 16)
      throw createError("USAGE_INVALID", `a pruning layout shift must be 0 to 16, not ${shift}`);
  }
  if (!Number.isSafeInteger(exhaustiveBelow) || exhaustiveBelow < 0)
    throw createError("USAGE_INVALID", `exhaustiveBelow must be a count of postings, not ${exhaustiveBelow}`);
}
