/**
 * Ranks passages for a question: BM25 over chunks and, when the index has vectors and an
 * embedder is loaded, nearest neighbours by cosine; the two lists are fused by rank. Chunks of
 * the same paragraph that overlap are merged into one passage.
 */
import type { Embedder, LoadedIndex } from "../store/index.js";
import { queryTerms } from "../store/index.js";
import { documentSlice } from "../document.js";
import type { Chunk, RetrievalMode, Span } from "../types.js";
import { reciprocalRankFusion } from "./fusion.js";

/** A retrieved passage: whole sentences of one paragraph, with its place in the source. */
export interface Passage extends Span {
  doc: string;
  title: string;
  page: number | null;
  paragraph: number | null;
  /** Verbatim text of the source from `start` to `end`. */
  text: string;
  score: number;
  sentences: Span[];
}

export interface RetrieveOptions {
  /** Passages to return. */
  topK: number;
  /** Candidates taken from each list before fusion. */
  candidates?: number;
}

export interface RetrievalResult {
  mode: RetrievalMode;
  passages: Passage[];
}

/** A passage grows by merging overlapping chunks only up to this many characters (two or three chunks). */
export const MAX_PASSAGE_CHARS = 2000;

function overlapsOrTouches(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/**
 * Merges ranked chunks into passages: a chunk overlapping an already chosen passage of the same
 * paragraph widens it instead of adding a near-duplicate. Pure: chunk order gives passage order.
 */
export function mergeChunks(
  ranked: readonly [Chunk, number][],
  limit: number,
  titleOf: (docId: string) => string,
  /** The source's text of `docId` from `start` to `end`. */
  textOf: (docId: string, start: number, end: number) => string,
): Passage[] {
  const passages: Passage[] = [];
  for (const [chunk, score] of ranked) {
    const same = passages.find((p) => p.doc === chunk.docId && p.paragraph === chunk.paragraph && overlapsOrTouches(p, chunk));
    if (same) {
      // In a long paragraph of like sentences every chunk ranks alike, and merging them all would
      // make one passage (and one quote) of the whole paragraph: a passage stops growing at the cap.
      if (Math.max(same.end, chunk.end) - Math.min(same.start, chunk.start) > MAX_PASSAGE_CHARS) continue;
      // A passage starts on the page of its earliest chunk.
      if (chunk.start < same.start) same.page = chunk.page;
      same.start = Math.min(same.start, chunk.start);
      same.end = Math.max(same.end, chunk.end);
      const seen = new Set(same.sentences.map((s) => s.start));
      same.sentences = [...same.sentences, ...chunk.sentences.filter((s) => !seen.has(s.start))].sort((a, b) => a.start - b.start);
      continue;
    }
    if (passages.length >= limit) continue;
    passages.push({
      doc: chunk.docId,
      title: titleOf(chunk.docId),
      page: chunk.page,
      paragraph: chunk.paragraph,
      start: chunk.start,
      end: chunk.end,
      text: "",
      score,
      sentences: chunk.sentences.map((s) => ({ ...s })),
    });
  }
  // From the document, once each passage has its final span: what readers see is the source's own text.
  for (const p of passages) p.text = textOf(p.doc, p.start, p.end);
  return passages;
}

/** The top passages for `question` from `index`, hybrid when `embedder` and index vectors are both there. */
export async function retrieve(
  index: LoadedIndex,
  embedder: Embedder | null,
  question: string,
  options: RetrieveOptions,
): Promise<RetrievalResult> {
  const candidates = options.candidates ?? Math.max(50, options.topK * 4);
  const lexical = index.lexical.search(
    queryTerms(question, (t) => index.lexical.has(t)),
    candidates,
  );
  const vectors = embedder ? index.vectors : null;
  const ranked =
    vectors && embedder ? reciprocalRankFusion([lexical, vectors.search(await embedder.embedQuery(question), candidates)]) : lexical;
  const chunks = ranked.flatMap(([id, score]): [Chunk, number][] => {
    const chunk = index.chunks[id];
    return chunk ? [[chunk, score]] : [];
  });
  // Only the passages' own text is read: a library's documents are decoded from the index on demand.
  const textOf = (id: string, start: number, end: number) => documentSlice(index.documents, id, start, end);
  return {
    mode: vectors ? "hybrid" : "lexical",
    passages: mergeChunks(chunks, options.topK, (id) => index.documents.get(id)?.title ?? id, textOf),
  };
}
