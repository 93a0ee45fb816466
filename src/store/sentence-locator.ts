/**
 * Where a quoted sentence stands in the current index, found by a short hash of its text: the
 * check behind `/pins audit`. The sentences are those the chunks hold, the same units answers
 * quote, so a sentence an answer once quoted hashes to an entry here while the index holds it.
 */
import { createHash } from "node:crypto";
import type { Chunk, SourceDocument } from "../types.js";

/** Hex characters of sha256 kept: 48 bits, exact in a JavaScript number and enough to tell a corpus's sentences apart. */
export const SENTENCE_HASH_CHARS = 12;

/**
 * The short hash of a sentence: the first 12 hex characters of the sha256 of its text with white
 * space folded and trimmed, as the verbatim check compares text (a PDF re-read with other line
 * breaks still quotes the same words).
 */
export function sentenceHash(text: string): string {
  return createHash("sha256").update(text.replace(/\s+/g, " ").trim(), "utf8").digest("hex").slice(0, SENTENCE_HASH_CHARS);
}

/** A place in a document: a PDF page, or a paragraph of a document without pages (both 1-based). */
export interface SentencePlace {
  kind: "page" | "paragraph";
  n: number;
}

/** A quoted sentence as a pinned answer records it: its document, where it stood, and its hash. */
export interface SentenceRef {
  doc: string;
  at: SentencePlace;
  hash: string;
}

/** Where the sentence stands now. */
export type SentenceWhere = { status: "verbatim" } | { status: "moved"; doc: string; at: SentencePlace } | { status: "gone" };

/** The page (1-based) on which `offset` stands, by binary search over the document's pages (sorted by start); 0 without pages. */
function pageOf(doc: SourceDocument, offset: number): number {
  let lo = 0;
  let hi = doc.pages.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const page = doc.pages[mid];
    if (page === undefined) break;
    if (page.start <= offset) {
      // A page without text has start === end and holds nothing; the page after it does.
      if (page.start < page.end) found = page.n;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Every sentence of an index by its hash. Memory is about 60 bytes a sentence (a map entry and
 * four 32-bit numbers), a fraction of what the chunks themselves take; sentences repeated by
 * overlapping windows are stored once.
 */
export class SentenceLocator {
  /** Hash (as a 48-bit number) → first entry of its chain. */
  private readonly heads = new Map<number, number>();
  private readonly docIds: string[] = [];
  private readonly docOf: Int32Array;
  /** Page of each entry, 0 for documents without pages. */
  private readonly pageOfEntry: Int32Array;
  private readonly paragraphOf: Int32Array;
  private readonly next: Int32Array;
  private size = 0;

  private constructor(capacity: number) {
    this.docOf = new Int32Array(capacity);
    this.pageOfEntry = new Int32Array(capacity);
    this.paragraphOf = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  /**
   * Hashes every sentence of `chunks` (texts from `documents`). Gives the event loop a turn every
   * `sliceSize` sentences, so that a bot building this over a large corpus keeps its gateway alive.
   */
  static async build(documents: ReadonlyMap<string, SourceDocument>, chunks: readonly Chunk[], sliceSize = 5000): Promise<SentenceLocator> {
    const locator = new SentenceLocator(chunks.reduce((n, c) => n + c.sentences.length, 0));
    const docIndex = new Map<string, number>();
    let sinceYield = 0;
    for (const chunk of chunks) {
      const doc = documents.get(chunk.docId);
      if (!doc) continue;
      let d = docIndex.get(doc.id);
      if (d === undefined) {
        d = locator.docIds.push(doc.id) - 1;
        docIndex.set(doc.id, d);
      }
      for (const span of chunk.sentences) {
        locator.add(sentenceHash(doc.text.slice(span.start, span.end)), d, pageOf(doc, span.start), chunk.paragraph ?? 0);
        if (++sinceYield >= sliceSize) {
          sinceYield = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    }
    return locator;
  }

  /** Sentences held (each place once). */
  get sentences(): number {
    return this.size;
  }

  private add(hash: string, doc: number, page: number, paragraph: number): void {
    const key = Number.parseInt(hash, 16);
    const head = this.heads.get(key) ?? -1;
    for (let i = head; i >= 0; i = this.next[i] ?? -1) {
      if (this.docOf[i] === doc && this.pageOfEntry[i] === page && this.paragraphOf[i] === paragraph) return;
    }
    const entry = this.size++;
    this.docOf[entry] = doc;
    this.pageOfEntry[entry] = page;
    this.paragraphOf[entry] = paragraph;
    this.next[entry] = head;
    this.heads.set(key, entry);
  }

  private placeOf(entry: number): SentencePlace {
    const page = this.pageOfEntry[entry] ?? 0;
    return page > 0 ? { kind: "page", n: page } : { kind: "paragraph", n: this.paragraphOf[entry] ?? 0 };
  }

  /**
   * Whether the sentence is still on its page (or paragraph) of its document; else where it is
   * now, in the same document if it is there (the place nearest the old one), else in another
   * (a renamed file); else gone.
   */
  locate(ref: SentenceRef): SentenceWhere {
    if (!/^[0-9a-f]{12}$/.test(ref.hash)) return { status: "gone" };
    let best: { entry: number; sameDoc: boolean; distance: number } | null = null;
    for (let i = this.heads.get(Number.parseInt(ref.hash, 16)) ?? -1; i >= 0; i = this.next[i] ?? -1) {
      const sameDoc = this.docIds[this.docOf[i] ?? -1] === ref.doc;
      const place = this.placeOf(i);
      if (sameDoc && place.kind === ref.at.kind && place.n === ref.at.n) return { status: "verbatim" };
      const distance = place.kind === ref.at.kind ? Math.abs(place.n - ref.at.n) : Number.MAX_SAFE_INTEGER;
      if (!best || (sameDoc && !best.sameDoc) || (sameDoc === best.sameDoc && distance < best.distance))
        best = { entry: i, sameDoc, distance };
    }
    if (!best) return { status: "gone" };
    return { status: "moved", doc: this.docIds[this.docOf[best.entry] ?? -1] ?? ref.doc, at: this.placeOf(best.entry) };
  }
}
