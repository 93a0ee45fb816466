/**
 * The scale bench's corpora: real sentences of the benchmark recombined into as many chunks as
 * asked. Whole sentences are drawn at random (seeded), so word frequencies follow the source's; a
 * paragraph takes as many sentences as a source paragraph drawn at random, so chunk sizes do too.
 * Chunks are counted with the real reader and chunker, and the corpus holds exactly the count asked.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pick, seededRandom } from "../answer/index.js";
import { chunkDocuments, DEFAULT_CHUNK_OPTIONS, sentenceSpans } from "../chunk/index.js";
import { createError } from "../errors.js";
import { normalizeWhitespace, parseTextDocument } from "../ingest/index.js";

/** What corpora are recombined from: the source's sentences, and how many sentences each of its paragraphs holds. */
export interface SentenceSource {
  sentences: readonly string[];
  paragraphSizes: readonly number[];
}

/** The sentences of `paragraphs` (whitespace-normalised, as the reader leaves them) and each paragraph's sentence count. */
export function sentenceSource(paragraphs: readonly string[]): SentenceSource {
  const sentences: string[] = [];
  const paragraphSizes: number[] = [];
  for (const p of paragraphs) {
    const text = normalizeWhitespace(p);
    const own = sentenceSpans(text).map((s) => text.slice(s.start, s.end));
    if (own.length === 0) continue;
    sentences.push(...own);
    paragraphSizes.push(own.length);
  }
  if (sentences.length === 0) throw createError("BENCHMARK_INVALID", "the benchmark has no sentences to build a corpus from");
  return { sentences, paragraphSizes };
}

/** One generated document: its paragraphs, each a list of source sentences, and its chunk count. */
export interface ScaleDocument {
  id: string;
  paragraphs: string[][];
  chunks: number;
}

export interface ScaleCorpusOptions {
  /** Chunks in the whole corpus: reached exactly. */
  chunks: number;
  seed: number;
  /** A document closes once it holds this many chunks (a paragraph may take it a little over). */
  chunksPerDocument?: number;
}

/** The text a document is written as: paragraphs separated by blank lines, sentences by a space. */
export function documentText(doc: Pick<ScaleDocument, "paragraphs">): string {
  return `${doc.paragraphs.map((p) => p.join(" ")).join("\n\n")}\n`;
}

/** Chunks the real reader and chunker make of one paragraph (chunks never cross paragraphs, so a document's count is the sum). */
function paragraphChunks(sentences: readonly string[]): number {
  return chunkDocuments([parseTextDocument("p.txt", sentences.join(" "), "text")], DEFAULT_CHUNK_OPTIONS).length;
}

/** Tries for a one-chunk paragraph before giving up: every ordinary sentence is one. */
const MAX_SINGLE_TRIES = 1000;

/**
 * Documents of recombined sentences, `chunksPerDocument` chunks each (about), until the corpus
 * holds exactly `chunks`: near the end, a paragraph that would overshoot is replaced by a
 * one-sentence paragraph (one chunk). Deterministic: the same source, options and seed give the same documents.
 */
export function* scaleDocuments(source: SentenceSource, options: ScaleCorpusOptions): Generator<ScaleDocument> {
  const random = seededRandom(options.seed);
  const perDocument = options.chunksPerDocument ?? 100;
  const width = String(Math.ceil(options.chunks / Math.max(1, perDocument)) + 1).length;
  let total = 0;
  for (let n = 1; total < options.chunks; n++) {
    const doc: ScaleDocument = { id: `scale-${String(n).padStart(width, "0")}.txt`, paragraphs: [], chunks: 0 };
    while (doc.chunks < perDocument && total < options.chunks) {
      const size = pick(source.paragraphSizes, random);
      let paragraph = Array.from({ length: size }, () => pick(source.sentences, random));
      let count = paragraphChunks(paragraph);
      for (let tries = 0; total + count > options.chunks; tries++) {
        if (tries === MAX_SINGLE_TRIES) throw createError("BENCHMARK_INVALID", "the benchmark has no sentence that makes one chunk");
        paragraph = [pick(source.sentences, random)];
        count = paragraphChunks(paragraph);
      }
      doc.paragraphs.push(paragraph);
      doc.chunks += count;
      total += count;
    }
    yield doc;
  }
}

/** Writes the generated corpus into `dir` (created; it must be the bench's own) as `.txt` files; returns its size. */
export async function writeScaleCorpus(
  dir: string,
  source: SentenceSource,
  options: ScaleCorpusOptions,
): Promise<{ documents: number; chunks: number; bytes: number }> {
  await mkdir(dir, { recursive: true });
  const written = { documents: 0, chunks: 0, bytes: 0 };
  for (const doc of scaleDocuments(source, options)) {
    const text = documentText(doc);
    await writeFile(path.join(dir, doc.id), text, { flag: "wx" });
    written.documents++;
    written.chunks += doc.chunks;
    written.bytes += Buffer.byteLength(text);
  }
  return written;
}
