/**
 * Okapi BM25 over chunks. The scoring function is pure and every parameter is explicit; the
 * index is plain data (postings and lengths) so it can be saved as JSON and loaded without work.
 */
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

/** Serializable lexical index: for each term, the chunks holding it and how often. */
export interface LexicalIndexData {
  params: Bm25Params;
  /** Terms per chunk, by chunk id. */
  lengths: number[];
  /** term → flat pairs [chunkId, termFreq, chunkId, termFreq, …]. */
  postings: Record<string, number[]>;
}

/** Builds the lexical index from each chunk's terms (index = chunk id). */
export function buildLexicalIndex(chunkTerms: readonly string[][], params: Bm25Params = DEFAULT_BM25): LexicalIndexData {
  const postings: Record<string, number[]> = Object.create(null);
  chunkTerms.forEach((terms, chunkId) => {
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [term, tf] of counts) (postings[term] ??= []).push(chunkId, tf);
  });
  return { params, lengths: chunkTerms.map((t) => t.length), postings };
}

/** Query-time view of a lexical index, with derived statistics computed once. */
export class LexicalIndex {
  readonly data: LexicalIndexData;
  private readonly avgLength: number;
  /**
   * The postings by term. Query terms are user text, so they are looked up in a Map: on a plain
   * object, "constructor" or "__proto__" would find Object.prototype's members.
   */
  private readonly postings: ReadonlyMap<string, readonly number[]>;

  constructor(data: LexicalIndexData) {
    this.data = data;
    this.postings = new Map(Object.entries(data.postings));
    const total = data.lengths.reduce((a, b) => a + b, 0);
    this.avgLength = data.lengths.length > 0 ? Math.max(1, total / data.lengths.length) : 1;
  }

  get size(): number {
    return this.data.lengths.length;
  }

  /** The term's idf; a term absent from the corpus gets the highest possible idf. */
  idf(term: string): number {
    return idf((this.postings.get(term)?.length ?? 0) / 2, this.size);
  }

  /** Whether any chunk holds the term. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  private near: NearTerms | null = null;

  /** Whether any chunk holds the term or one a typo away from it (see near-terms.ts); the lookup table is built on first use. */
  hasNear(term: string): boolean {
    if (this.postings.has(term)) return true;
    this.near ??= new NearTerms(this.postings.keys());
    return this.near.has(term);
  }

  /** The `limit` best chunks for the query terms, as [chunkId, score], best first. */
  search(queryTerms: readonly string[], limit: number): [number, number][] {
    const scores = new Map<number, number>();
    for (const term of new Set(queryTerms)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const termIdf = this.idf(term);
      for (let i = 0; i < posting.length; i += 2) {
        const chunkId = posting[i] as number;
        const s = bm25TermScore(posting[i + 1] as number, termIdf, this.data.lengths[chunkId] as number, this.avgLength, this.data.params);
        scores.set(chunkId, (scores.get(chunkId) ?? 0) + s);
      }
    }
    return [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);
  }

  /** The `limit` best chunks, every posting of every term scored (no pruning): the baseline the scale bench compares `search` with. */
  searchExhaustive(queryTerms: readonly string[], limit: number): [number, number][] {
    return this.search(queryTerms, limit);
  }
}
