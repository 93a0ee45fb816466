/**
 * Pruned BM25 top-k: MaxScore (Turtle & Flood 1995) over windows of chunk ids with block maxima
 * (Ding & Suel 2011), the way Lucene's MaxScoreBulkScorer does it.
 *
 * Chunk ids are cut into windows of 2^windowShift ids, visited in ascending order. In each window every
 * query term's bound is the greatest block maximum among its blocks there. The terms whose bounds
 * add up to no more than the k-th best score so far are non-essential: a chunk holding only those
 * cannot enter the top k. If every term is non-essential the window is skipped. Otherwise the
 * essential terms' postings in the window are scored term at a time into a window-sized
 * accumulator; each chunk found there, in ascending id order, then looks up the non-essential
 * terms, highest bound first, skipping their postings a block at a time, and is dropped as soon as
 * its score so far plus the bounds of the terms not yet looked up (the block's own bound for the
 * term at hand) cannot beat the k-th best score. A chunk that survives is scored again, summing in
 * query order, so that its score is bit-identical to the exhaustive one.
 *
 * Rounding: a bound is multiplied by `margin` before it is compared, so that it can never undercut
 * a score it bounds.
 * - Each block maximum is the greatest of the very floats `bm25TermScore` returns for the block's
 *   postings, so every contribution is at most its bound, exactly.
 * - Contributions are finite and not negative (the caller checks), and a float sum of m such
 *   numbers, in any order, is within a factor 1 ± γ_m of their exact sum (γ_m = m·u/(1 − m·u),
 *   u = 2^-53; Higham, Accuracy and Stability of Numerical Algorithms, §4.2). A score (summed in
 *   query order) and a bound (summed in another order from numbers each at least as large) are
 *   each within about n·u of their exact sums, and the product with the margin rounds by u more:
 *   1 + 4(n + 2)·u covers it all with room to spare.
 * Ties: chunks are considered in ascending id order, so a chunk has a larger id than every chunk
 * already kept, and one whose bound only equals the k-th best score ranks below it: dropping it is
 * exact, as the heap's own tie rule is.
 */
import { bm25TermScore, idf, type Bm25Params } from "./bm25.js";
import type { PostingArrays } from "./bm25-scorer.js";
import { TopKHeap } from "./top-k-heap.js";

/** How the pruned search cuts postings into blocks and chunk ids into windows; tests make both tiny. */
export interface PruningLayout {
  /** log2 of the postings per block, each block keeping its greatest contribution: 0 to 16. */
  blockShift: number;
  /** log2 of the chunk ids per window: 0 to 16 (the window buffers take 8.1 bytes per id). */
  windowShift: number;
  /**
   * A query whose terms have fewer postings than this in all is scored exhaustively: on short
   * lists pruning saves nothing, and a term's first query would pay for its block maxima. 0: always prune.
   */
  exhaustiveBelow?: number;
}

/** 32,768 postings: scored exhaustively in well under a millisecond (measured with the scale bench at 10k chunks). */
export const DEFAULT_PRUNING_LAYOUT: PruningLayout = { blockShift: 6, windowShift: 11, exhaustiveBelow: 1 << 15 };

/** The postings and their block maxima (the scorer fills a term's before its first query). */
export interface ScoringTables {
  postings: PostingArrays;
  params: Bm25Params;
  avgLength: number;
  layout: PruningLayout;
  /** Term t's blocks are blockMax[blockStart[t]] …: the greatest contribution in each block of its postings. */
  blockStart: Uint32Array;
  blockMax: Float64Array;
}

/** Window-sized buffers, made once per scorer: partial scores, and a bitset of the chunks that have one. */
export interface WindowBuffers {
  partial: Float64Array;
  touched: Uint32Array;
}

/** Buffers for `maxScoreTopK` with this layout. */
export function windowBuffers(layout: PruningLayout): WindowBuffers {
  const size = 1 << layout.windowShift;
  return { partial: new Float64Array(size), touched: new Uint32Array(Math.ceil(size / 32)) };
}

/**
 * The `limit` best chunks for distinct terms that each have postings, scored as the exhaustive
 * scorer scores them (see the file's comment).
 */
export function maxScoreTopK(tables: ScoringTables, terms: readonly number[], limit: number, buffers: WindowBuffers): [number, number][] {
  const { offsets, docs, tfs, lengths } = tables.postings;
  const { params, avgLength, blockStart, blockMax } = tables;
  const { blockShift, windowShift } = tables.layout;
  const blockSize = 1 << blockShift;
  const window = 1 << windowShift;
  const chunkCount = lengths.length;
  const { partial, touched } = buffers;
  const n = terms.length;
  // By query position q: the term's first posting, its end, its cursor, its first block, its idf.
  const first = new Uint32Array(n);
  const end = new Uint32Array(n);
  const pos = new Uint32Array(n);
  const blocks = new Uint32Array(n);
  const termIdf = new Float64Array(n);
  /** Where each term's postings in the current window begin. */
  const windowPos = new Uint32Array(n);
  /** Each term's bound in the current window. */
  const bound = new Float64Array(n);
  /** The current chunk's contribution from each non-essential term. */
  const contribution = new Float64Array(n);
  /** The query positions by ascending bound in the current window, and each one's rank there. */
  const order = new Uint32Array(n);
  const rank = new Uint32Array(n);
  /** prefix[i]: the sum of the bounds of the terms ranked below i. */
  const prefix = new Float64Array(n + 1);
  for (let q = 0; q < n; q++) {
    const t = terms[q] as number;
    first[q] = pos[q] = offsets[t] as number;
    end[q] = offsets[t + 1] as number;
    blocks[q] = blockStart[t] as number;
    termIdf[q] = idf((end[q] as number) - (first[q] as number), chunkCount);
  }
  const margin = 1 + 2 * (n + 2) * Number.EPSILON;
  const heap = new TopKHeap(limit);
  /** Terms ranked from `essential` up in the current window propose candidates; the others only add to them. */
  let essential = 0;

  const score = (q: number, p: number): number =>
    bm25TermScore(tfs[p] as number, termIdf[q] as number, lengths[docs[p] as number] as number, avgLength, params);

  /** Moves term q's cursor past the whole blocks that end before `target`; returns the end of the block it is then in. */
  const skipBlocks = (q: number, target: number): number => {
    let p = pos[q] as number;
    const e = end[q] as number;
    const f = first[q] as number;
    let blockEnd = Math.min(e, f + ((((p - f) >>> blockShift) + 1) << blockShift));
    while (blockEnd < e && (docs[blockEnd - 1] as number) < target) {
      p = blockEnd;
      blockEnd = Math.min(e, p + blockSize);
    }
    pos[q] = p;
    return blockEnd;
  };

  /** Moves term q's cursor to its first posting at or after `target`, or to `hi`: a gallop, as the target is often near. */
  const searchTo = (q: number, target: number, hi: number): number => {
    let lo = pos[q] as number;
    for (let step = 1; lo < hi && (docs[lo] as number) < target; step *= 2) {
      const probe = lo + step;
      if (probe >= hi || (docs[probe] as number) >= target) {
        hi = Math.min(hi, probe);
        lo++;
        break;
      }
      lo = probe + 1;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((docs[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    pos[q] = lo;
    return lo;
  };

  /** Moves term q's cursor to its first posting at or after `target`, or to its end. */
  const seek = (q: number, target: number): number => {
    const p = pos[q] as number;
    return p >= (end[q] as number) || (docs[p] as number) >= target ? p : searchTo(q, target, skipBlocks(q, target));
  };

  /** Each term's bound in the window: the greatest block maximum among its blocks there. Ranks the terms by it. */
  const rankTerms = (windowStart: number, windowEnd: number): void => {
    for (let q = 0; q < n; q++) {
      const f = first[q] as number;
      const e = end[q] as number;
      let max = 0;
      for (let p = seek(q, windowStart); p < e && (docs[p] as number) < windowEnd; p = f + ((((p - f) >>> blockShift) + 1) << blockShift)) {
        max = Math.max(max, blockMax[(blocks[q] as number) + ((p - f) >>> blockShift)] as number);
      }
      bound[q] = max;
      order[q] = q;
    }
    order.sort((a, b) => (bound[a] as number) - (bound[b] as number));
    for (let i = 0; i < n; i++) {
      rank[order[i] as number] = i;
      prefix[i + 1] = (prefix[i] as number) + (bound[order[i] as number] as number);
    }
  };

  /** Scores the essential terms' postings in the window into `partial`, marking each chunk in `touched`. */
  const scoreEssential = (windowStart: number): void => {
    for (let i = essential; i < n; i++) {
      const q = order[i] as number;
      const e = end[q] as number;
      let p = pos[q] as number;
      windowPos[q] = p;
      for (; p < e; p++) {
        const offset = (docs[p] as number) - windowStart;
        if (offset >= window) break;
        const c = score(q, p);
        const bit = 1 << (offset & 31);
        const word = touched[offset >>> 5] as number;
        if ((word & bit) === 0) {
          touched[offset >>> 5] = word | bit;
          partial[offset] = c;
        } else partial[offset] = (partial[offset] as number) + c;
      }
      pos[q] = p;
    }
  };

  /**
   * Adds the non-essential terms to the chunk's essential score `sum`, highest bound first, and
   * keeps the chunk if it can still make the top k; else drops it as soon as it cannot.
   */
  const consider = (doc: number, essentialSum: number): void => {
    const threshold = heap.threshold;
    let sum = essentialSum;
    for (let i = essential - 1; i >= 0; i--) {
      if ((sum + (prefix[i + 1] as number)) * margin <= threshold) return;
      const q = order[i] as number;
      contribution[q] = 0;
      let p = pos[q] as number;
      if (p >= (end[q] as number) || (docs[p] as number) > doc) continue;
      if ((docs[p] as number) < doc) {
        const blockEnd = skipBlocks(q, doc);
        p = pos[q] as number;
        if ((docs[blockEnd - 1] as number) < doc) {
          pos[q] = blockEnd;
          continue;
        }
        // The bound of the one block that may hold the chunk is tighter than the term's bound in the window.
        const blockBound = blockMax[(blocks[q] as number) + ((p - (first[q] as number)) >>> blockShift)] as number;
        if ((sum + blockBound + (prefix[i] as number)) * margin <= threshold) return;
        p = searchTo(q, doc, blockEnd);
      }
      if (docs[p] !== doc) continue;
      const c = score(q, p);
      contribution[q] = c;
      sum += c;
    }
    if (sum * margin <= threshold) return;
    let exact = 0;
    for (let q = 0; q < n; q++) exact += (rank[q] as number) < essential ? (contribution[q] as number) : essentialScore(q, doc);
    heap.offer(doc, exact);
  };

  /** Essential term q's contribution to `doc` of the current window, found among its postings there. */
  const essentialScore = (q: number, doc: number): number => {
    let lo = windowPos[q] as number;
    let hi = pos[q] as number;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((docs[mid] as number) < doc) lo = mid + 1;
      else hi = mid;
    }
    return lo < (pos[q] as number) && docs[lo] === doc ? score(q, lo) : 0;
  };

  let windowStart = Infinity;
  for (let q = 0; q < n; q++) windowStart = Math.min(windowStart, docs[first[q] as number] as number);
  while (windowStart < chunkCount) {
    const windowEnd = windowStart + window;
    rankTerms(windowStart, windowEnd);
    const windowThreshold = heap.threshold;
    essential = 0;
    while (essential < n && (prefix[essential + 1] as number) * margin <= windowThreshold) essential++;
    if (essential < n) {
      scoreEssential(windowStart);
      // The marked chunks in ascending id order, clearing the marks.
      for (let w = 0; w < touched.length; w++) {
        let word = touched[w] as number;
        if (word === 0) continue;
        touched[w] = 0;
        while (word !== 0) {
          const lowest = word & -word;
          word ^= lowest;
          const offset = (w << 5) + 31 - Math.clz32(lowest);
          consider(windowStart + offset, partial[offset] as number);
        }
      }
    }
    windowStart = Infinity;
    for (let q = 0; q < n; q++) {
      const p = seek(q, windowEnd);
      if (p < (end[q] as number)) windowStart = Math.min(windowStart, docs[p] as number);
    }
  }
  return heap.sorted();
}
