/**
 * Okapi BM25 over chunks. The scoring function is pure and every parameter is explicit; the
 * index is plain data (a sorted vocabulary and postings in typed arrays) saved as it is held.
 */
import { Bm25Scorer, type PostingArrays } from "./bm25-scorer.js";
import { NearTerms } from "./near-terms.js";

export interface Bm25Params {
  /** Term-frequency saturation. */
  k1: number;
  /** Length normalisation: 0 ignores length, 1 normalises fully. */
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

/**
 * Inverse document frequency with the usual +1 inside the log so that it is never negative.
 * @param docFreq number of chunks containing the term
 * @param totalDocs number of chunks
 */
export function idf(docFreq: number, totalDocs: number): number {
  return Math.log(1 + (totalDocs - docFreq + 0.5) / (docFreq + 0.5));
}

/**
 * BM25 contribution of one term to one chunk's score.
 * @param termFreq occurrences of the term in the chunk
 * @param termIdf the term's `idf`
 * @param docLength terms in the chunk
 * @param avgDocLength mean terms per chunk
 */
export function bm25TermScore(termFreq: number, termIdf: number, docLength: number, avgDocLength: number, params: Bm25Params): number {
  const norm = params.k1 * (1 - params.b + (params.b * docLength) / avgDocLength);
  return (termIdf * termFreq * (params.k1 + 1)) / (termFreq + norm);
}

/** The lexical index as plain data: the sorted vocabulary and postings in typed arrays (see bm25-scorer.ts). */
export interface LexicalIndexData {
  params: Bm25Params;
  /** Every term, sorted by code units and distinct; a term's id is its position. */
  terms: readonly string[];
  postings: PostingArrays;
}

/**
 * The most a term is counted in one chunk, as term frequencies are 16-bit. Chunks are capped:
 * a chunk's text is at most WINDOW_SENTENCE_SPANS × MAX_SENTENCE_CHARS ≤ 15,000 characters and
 * a term takes two at least (one and a separator), so its text counts a term 7,500 times at most.
 * Only a table header row (indexed with each chunk of its table) holding one word over 65,535
 * times could reach the cap: a crafted file, not a report, whose chunk then scores a little
 * lower. lexical.bin's check accepts such a chunk's counts adding up to less than its length.
 */
export const MAX_TERM_FREQUENCY = 65_535;

/** Grows a typed array to hold at least `size` entries. */
function grown<T extends Uint32Array | Uint16Array>(array: T, size: number, make: (n: number) => T): T {
  if (size <= array.length) return array;
  const bigger = make(Math.max(size, array.length * 2));
  bigger.set(array);
  return bigger;
}

/**
 * Builds the lexical index from each chunk's terms (in chunk-id order), straight into typed
 * arrays: a pass that numbers terms and counts them per chunk, then one that files each chunk's
 * counts under its terms in sorted order. No object per posting is made.
 */
export function buildLexicalIndex(chunkTerms: Iterable<readonly string[]>, params: Bm25Params = DEFAULT_BM25): LexicalIndexData {
  const ids = new Map<string, number>();
  const names: string[] = [];
  let docFreq = new Uint32Array(1024);
  // The chunk that last saw each term and where its count is: counting without a Map per chunk.
  let seenIn = new Uint32Array(1024);
  let slot = new Uint32Array(1024);
  let pairTerms = new Uint32Array(1 << 16);
  let pairTfs = new Uint32Array(1 << 16);
  let pairs = 0;
  const chunkEnds: number[] = [];
  const lengths: number[] = [];
  for (const terms of chunkTerms) {
    const stamp = chunkEnds.length + 1;
    for (const term of terms) {
      let id = ids.get(term);
      if (id === undefined) {
        id = names.length;
        ids.set(term, id);
        names.push(term);
        docFreq = grown(docFreq, id + 1, (n) => new Uint32Array(n));
        seenIn = grown(seenIn, id + 1, (n) => new Uint32Array(n));
        slot = grown(slot, id + 1, (n) => new Uint32Array(n));
      }
      if (seenIn[id] === stamp) {
        const at = slot[id] as number;
        pairTfs[at] = (pairTfs[at] as number) + 1;
        continue;
      }
      seenIn[id] = stamp;
      slot[id] = pairs;
      docFreq[id] = (docFreq[id] as number) + 1;
      pairTerms = grown(pairTerms, pairs + 1, (n) => new Uint32Array(n));
      pairTfs = grown(pairTfs, pairs + 1, (n) => new Uint32Array(n));
      pairTerms[pairs] = id;
      pairTfs[pairs] = 1;
      pairs++;
    }
    chunkEnds.push(pairs);
    lengths.push(terms.length);
  }
  const order = names.map((_, i) => i).sort((a, b) => ((names[a] as string) < (names[b] as string) ? -1 : 1));
  const rank = new Uint32Array(names.length);
  const offsets = new Uint32Array(names.length + 1);
  order.forEach((id, sorted) => {
    rank[id] = sorted;
    offsets[sorted + 1] = (offsets[sorted] as number) + (docFreq[id] as number);
  });
  const next = offsets.slice(0, names.length);
  const docs = new Uint32Array(pairs);
  const tfs = new Uint16Array(pairs);
  let p = 0;
  chunkEnds.forEach((end, chunkId) => {
    for (; p < end; p++) {
      const t = rank[pairTerms[p] as number] as number;
      const at = next[t] as number;
      docs[at] = chunkId;
      tfs[at] = Math.min(pairTfs[p] as number, MAX_TERM_FREQUENCY);
      next[t] = at + 1;
    }
  });
  return {
    params,
    terms: order.map((id) => names[id] as string),
    postings: { offsets, docs, tfs, lengths: Uint32Array.from(lengths) },
  };
}

/** Query-time view of a lexical index, with derived statistics computed once. */
export class LexicalIndex {
  readonly data: LexicalIndexData;
  /** Term → id. Query terms are user text, so they are looked up only here: a Map, never a plain object. */
  private readonly ids = new Map<string, number>();
  private readonly scorer: Bm25Scorer;

  constructor(data: LexicalIndexData) {
    this.data = data;
    data.terms.forEach((term, id) => this.ids.set(term, id));
    this.scorer = new Bm25Scorer(data.postings, data.params);
  }

  get size(): number {
    return this.data.postings.lengths.length;
  }

  /** The term's idf; a term absent from the corpus gets the highest possible idf. */
  idf(term: string): number {
    const id = this.ids.get(term);
    const { offsets } = this.data.postings;
    return idf(id === undefined ? 0 : (offsets[id + 1] as number) - (offsets[id] as number), this.size);
  }

  /** Whether any chunk holds the term. */
  has(term: string): boolean {
    return this.ids.has(term);
  }

  private near: NearTerms | null = null;

  /** Whether any chunk holds the term or one a typo away from it (see near-terms.ts); the lookup table is built on first use. */
  hasNear(term: string): boolean {
    if (this.ids.has(term)) return true;
    this.near ??= new NearTerms(this.data.terms);
    return this.near.has(term);
  }

  /** The ids of the known query terms, in order (the scorer counts each once). */
  private termIds(queryTerms: readonly string[]): number[] {
    const found: number[] = [];
    for (const term of queryTerms) {
      const id = this.ids.get(term);
      if (id !== undefined) found.push(id);
    }
    return found;
  }

  /** The `limit` best chunks for the query terms, as [chunkId, score], best first (pruned: see bm25-scorer.ts). */
  search(queryTerms: readonly string[], limit: number): [number, number][] {
    return this.scorer.topK(this.termIds(queryTerms), limit);
  }

  /** The same ranking, scoring every posting: the reference `search` must equal. */
  searchExhaustive(queryTerms: readonly string[], limit: number): [number, number][] {
    return this.scorer.topKExhaustive(this.termIds(queryTerms), limit);
  }
}
