/**
 * Questions about a document's layout that every stage after ingest asks: on which page an offset
 * stands, and which table header a piece of a table needs. They live beside types.ts, not in
 * ingest/, because chunk/, answer/ and the front ends read documents but must not depend on how
 * files are read.
 */
import type { SourceDocument } from "./types.js";

/**
 * `doc.text.slice(start, end)`, reading only that span where the document can (see `readSpan`):
 * a library's answers quote a few sentences of many documents and need none of them whole.
 */
export function textSlice(doc: Pick<SourceDocument, "text" | "readSpan">, start: number, end: number): string {
  return doc.readSpan ? doc.readSpan(start, end) : doc.text.slice(start, end);
}

/** `textSlice` of the document `id` of `documents`, or "" when there is none. */
export function documentSlice(documents: ReadonlyMap<string, SourceDocument>, id: string, start: number, end: number): string {
  const doc = documents.get(id);
  return doc ? textSlice(doc, start, end) : "";
}

/** The page (1-based) on which the text at `offset` stands, or null for documents without pages. */
export function pageAt(doc: Pick<SourceDocument, "pages">, offset: number): number | null {
  let found: number | null = null;
  for (const page of doc.pages) {
    if (page.start <= offset && page.start < page.end) found = page.n;
    else if (page.start > offset) break;
  }
  return found;
}

/**
 * The header row of the table that text starting at `start` in paragraph `paragraph` belongs
 * to, when that text starts past the header (so it would not say what its columns are); else null.
 */
export function tableHeaderAt(doc: Pick<SourceDocument, "paragraphs">, paragraph: number | null, start: number): string | null {
  const p = paragraph !== null ? doc.paragraphs[paragraph - 1] : undefined;
  return p?.table && start > p.start ? p.table.header : null;
}

/** Text led by a table's header row, when it has one. */
export function withTableHeader(header: string | null, text: string): string {
  return header ? `${header}\n${text}` : text;
}
