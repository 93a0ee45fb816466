/**
 * Cuts documents into chunks: windows of whole sentences inside one paragraph, with an overlap
 * of whole sentences between neighbouring windows of a long paragraph.
 */
import type { Chunk, SourceDocument, Span } from "../types.js";
import { documentSlice, pageAt, tableHeaderAt, withTableHeader } from "../document.js";
import { DEFAULT_MAX_SENTENCE_CHARS, isSpaceCode, sentenceSpans, splitLongSpan } from "./sentences.js";

export interface ChunkOptions {
  /**
   * A window closes once it holds this many words (a longer single sentence is its own chunk),
   * or WINDOW_SENTENCE_SPANS × `maxSentenceChars` characters, whichever comes first.
   */
  maxWords: number;
  /** Sentences repeated at the start of the next window of the same paragraph. */
  overlapSentences: number;
  /** Longer sentences (and table rows) are split at clause or word boundaries (MAX_SENTENCE_CHARS). */
  maxSentenceChars: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxWords: 120, overlapSentences: 1, maxSentenceChars: DEFAULT_MAX_SENTENCE_CHARS };

/**
 * The words of `text[start, end)`: runs of characters other than white space, as
 * `text.slice(start, end).split(/\s+/).filter(Boolean).length` counts them, without the copies.
 */
export function countWords(text: string, start: number, end: number): number {
  let words = 0;
  let inWord = false;
  for (let i = start; i < end; i++) {
    const space = isSpaceCode(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/**
 * A window also closes at this many times the sentence cap in characters: counting words alone,
 * 120 "words" of 600 characters each (text without spaces, identifiers, base64) would make one
 * chunk, and one quoted passage, of 72,000 characters. Ordinary prose reaches the word limit first.
 */
export const WINDOW_SENTENCE_SPANS = 3;

/**
 * Groups consecutive sentences into windows of at most `maxWords` words and
 * WINDOW_SENTENCE_SPANS × `maxSentenceChars` characters, overlapping by whole sentences.
 */
export function sentenceWindows(
  text: string,
  sentences: readonly Span[],
  options: Pick<ChunkOptions, "maxWords" | "overlapSentences" | "maxSentenceChars">,
): Span[][] {
  const maxChars = WINDOW_SENTENCE_SPANS * options.maxSentenceChars;
  const windows: Span[][] = [];
  // Counted once: with overlap, a sentence is looked at by two windows.
  const counts = sentences.map((s) => countWords(text, s.start, s.end));
  let i = 0;
  while (i < sentences.length) {
    const window: Span[] = [];
    let words = 0;
    let j = i;
    while (j < sentences.length) {
      const s = sentences[j] as Span;
      const w = counts[j] as number;
      if (window.length > 0 && (words + w > options.maxWords || s.end - (window[0] as Span).start > maxChars)) break;
      window.push(s);
      words += w;
      j++;
    }
    windows.push(window);
    if (j >= sentences.length) break;
    i = Math.max(i + 1, j - options.overlapSentences);
  }
  return windows;
}

/** The rows of a table paragraph, as spans: a row is never split. */
export function rowSpans(text: string, start: number, end: number): Span[] {
  const spans: Span[] = [];
  let s = start;
  for (const row of text.slice(start, end).split("\n")) {
    if (row.trim() !== "") spans.push({ start: s, end: s + row.length });
    s += row.length + 1;
  }
  return spans;
}

/**
 * Chunks every document. A chunk holds whole sentences (for tables: whole rows; for lists:
 * sentences of whole items) of one paragraph; a chunk from the middle of a table carries the table's header row. Its page is the
 * page where it starts. Chunk ids are consecutive from `firstId`, in document order.
 */
export function chunkDocuments(docs: readonly SourceDocument[], options: ChunkOptions = DEFAULT_CHUNK_OPTIONS, firstId = 0): Chunk[] {
  const chunks: Chunk[] = [];
  for (const doc of docs) {
    for (const paragraph of doc.paragraphs) {
      const units = paragraph.table
        ? rowSpans(doc.text, paragraph.start, paragraph.end).flatMap((row) => splitLongSpan(doc.text, row, options.maxSentenceChars))
        : paragraph.kind === "list"
          ? // A list's lines are its items: each is cut into sentences on its own, so no item runs on into the next.
            rowSpans(doc.text, paragraph.start, paragraph.end).flatMap((item) =>
              sentenceSpans(doc.text, item.start, item.end, options.maxSentenceChars),
            )
          : sentenceSpans(doc.text, paragraph.start, paragraph.end, options.maxSentenceChars);
      for (const window of sentenceWindows(doc.text, units, options)) {
        const start = (window[0] as Span).start;
        const end = (window.at(-1) as Span).end;
        chunks.push({
          id: firstId + chunks.length,
          docId: doc.id,
          start,
          end,
          page: pageAt(doc, start) ?? paragraph.page,
          paragraph: paragraph.n,
          sentences: window.map((s) => ({ ...s })),
          header: tableHeaderAt(doc, paragraph.n, start),
        });
      }
    }
  }
  return chunks;
}

/** A chunk's text, from its document's text (`docText`). */
export function chunkText(chunk: Span, docText: string): string {
  return docText.slice(chunk.start, chunk.end);
}

/** The text a chunk is indexed and embedded by: a table chunk's header row first, so its rows say what their columns are. */
export function indexedText(chunk: Pick<Chunk, "start" | "end" | "header">, docText: string): string {
  return withTableHeader(chunk.header, chunkText(chunk, docText));
}

/** Each chunk's indexed text among `documents` (by the chunk's docId), reading only the chunk's span of a document loaded from an index. */
export function indexedTextIn(
  documents: ReadonlyMap<string, SourceDocument>,
): (chunk: Pick<Chunk, "docId" | "start" | "end" | "header">) => string {
  return (chunk) => withTableHeader(chunk.header, documentSlice(documents, chunk.docId, chunk.start, chunk.end));
}
