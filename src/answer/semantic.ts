/**
 * Semantic similarity of candidate answer sentences to a question, through the embedding model:
 * the question is embedded with the model's query instruction, sentences as passages. A raw
 * cosine means different things for different models (bge-small rarely goes below 0.3, a
 * word-average model often does), so each similarity is given in standard deviations above the
 * question's similarity to ordinary sentences of the corpus: a fixed sample, embedded once.
 * Sentence vectors are kept in a bounded cache, as the same passages come back for related questions.
 */
import { cosine, type Embedder } from "../store/index.js";
import type { Span } from "../types.js";
import { sentenceKey } from "./compose.js";

/** A sentence to compare with the question: its document, offsets and text. */
export interface SentenceRef {
  doc: string;
  span: Span;
  text: string;
}

export interface SimilarityOptions {
  /** Sentence vectors kept between questions. */
  cacheSize: number;
  /**
   * The spread of similarities never counts as smaller than this, so that a corpus of a few
   * near-identical sentences does not turn small differences into many deviations.
   */
  minSpread: number;
}

export const DEFAULT_SIMILARITY_OPTIONS: SimilarityOptions = { cacheSize: 4096, minSpread: 0.05 };

/** Mean and standard deviation of `xs` (population), the spread floored at `minSpread`. */
export function meanAndSpread(xs: readonly number[], minSpread: number): { mean: number; spread: number } {
  if (xs.length === 0) return { mean: 0, spread: minSpread };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
  return { mean, spread: Math.max(minSpread, Math.sqrt(variance)) };
}

/** Scores sentences against questions with one embedder and one reference sample of the corpus. */
export class SentenceSimilarity {
  private readonly cache = new Map<string, Float32Array>();
  private reference: Promise<Float32Array[]> | null = null;

  /**
   * @param referenceTexts ordinary sentences of the corpus (a sample spread over it); embedded on first use
   */
  constructor(
    private readonly embedder: Embedder,
    private readonly referenceTexts: readonly string[],
    private readonly options: SimilarityOptions = DEFAULT_SIMILARITY_OPTIONS,
  ) {}

  private async vectors(sentences: readonly SentenceRef[]): Promise<Float32Array[]> {
    // This call's vectors are kept apart from the cache, which may drop any of them as it is filled.
    const found = new Map<string, Float32Array>();
    for (const s of sentences) {
      const key = sentenceKey(s.doc, s.span);
      const cached = this.cache.get(key);
      if (cached) found.set(key, cached);
    }
    const missing = sentences.filter((s) => !found.has(sentenceKey(s.doc, s.span)));
    const fresh = await this.embedder.embedPassages(missing.map((s) => s.text));
    missing.forEach((s, i) => {
      const key = sentenceKey(s.doc, s.span);
      found.set(key, fresh[i] as Float32Array);
      this.cache.set(key, fresh[i] as Float32Array);
      if (this.cache.size > this.options.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    });
    return sentences.map((s) => found.get(sentenceKey(s.doc, s.span)) as Float32Array);
  }

  /** Similarity of each sentence to the question, in standard deviations above the corpus's ordinary sentences, by `sentenceKey`. */
  async score(question: string, sentences: readonly SentenceRef[]): Promise<Map<string, number>> {
    // A failed embedding of the reference sample is tried again by the next question.
    this.reference ??= this.embedder.embedPassages(this.referenceTexts).catch((error: unknown) => {
      this.reference = null;
      throw error;
    });
    const [q, reference, vectors] = await Promise.all([this.embedder.embedQuery(question), this.reference, this.vectors(sentences)]);
    const { mean, spread } = meanAndSpread(
      reference.map((r) => cosine(q, r)),
      this.options.minSpread,
    );
    return new Map(sentences.map((s, i) => [sentenceKey(s.doc, s.span), (cosine(q, vectors[i] as Float32Array) - mean) / spread]));
  }
}

/** Up to `n` sentences spread evenly over the corpus's chunks (the first sentence of every k-th chunk): the reference sample. */
export function referenceSentences(
  chunks: readonly { docId: string; sentences: readonly Span[] }[],
  /** The source's text of `docId` from `start` to `end`. */
  textOf: (docId: string, start: number, end: number) => string,
  n = 64,
): string[] {
  if (chunks.length === 0) return [];
  const step = Math.max(1, Math.floor(chunks.length / n));
  const texts: string[] = [];
  for (let i = 0; i < chunks.length && texts.length < n; i += step) {
    const chunk = chunks[i];
    const first = chunk?.sentences[0];
    // A copy, not a slice: these are kept for the engine's life, and a slice keeps its whole document's text.
    if (chunk && first) texts.push(Buffer.from(textOf(chunk.docId, first.start, first.end), "utf8").toString("utf8"));
  }
  return texts;
}
