import type { BlockKind, DocumentKind, DocumentLink, ExtractionStats, Page, Paragraph, SourceDocument } from "../types.js";

/** A paragraph of text, the page it starts on, and where later pages begin inside it. */
export interface ParagraphText {
  text: string;
  page: number | null;
  /** Offsets in `text` where a later page begins (a paragraph running over a page break). */
  breaks?: { offset: number; page: number }[];
  /** Set for tables: rows are separated by line breaks, and `header` is the first row. */
  table?: { header: string } | null;
  /** What the block is; tables are "table" and anything else defaults to "paragraph". Lists keep their line breaks, one line per item. */
  kind?: BlockKind;
  /** The title of the section the paragraph stands under (Markdown headings). */
  section?: string | null;
  /** Links inside `text`, by offsets into `text`; kept only when `text` is already clean (trimmed, white space single). */
  links?: readonly DocumentLink[];
}

export interface DocumentMeta {
  id: string;
  kind: DocumentKind;
  title: string;
  source: string | null;
  url: string | null;
  publisher?: string | null;
  date?: string | null;
}

/** Collapses runs of white space (including line breaks) to single spaces and trims. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/**
 * Joins paragraphs into one document text (blank line between paragraphs) and records each
 * paragraph's and page's offsets. Empty paragraphs are dropped; numbering starts at 1. Table
 * and list text keeps its line breaks; other text has its white space collapsed.
 * `pageLabels[i]` is the printed label of page i+1, if the PDF defines labels.
 */
export function assembleDocument(
  meta: DocumentMeta,
  paragraphTexts: readonly ParagraphText[],
  pageCount = 0,
  pageLabels: readonly (string | null)[] = [],
  extraction: ExtractionStats | null = null,
): SourceDocument {
  const paragraphs: Paragraph[] = [];
  const pageStarts = new Map<number, number>();
  const links: DocumentLink[] = [];
  let text = "";
  for (const p of paragraphTexts) {
    const clean = p.table || p.kind === "list" ? p.text.trim() : normalizeWhitespace(p.text);
    if (clean === "") continue;
    if (text !== "") text += "\n\n";
    const start = text.length;
    const kind = p.table ? "table" : (p.kind ?? "paragraph");
    paragraphs.push({
      n: paragraphs.length + 1,
      kind,
      page: p.page,
      start,
      end: start + clean.length,
      table: p.table ?? null,
      section: p.section ?? null,
    });
    // Offsets into text that cleaning changed would point at other words: such links are left out.
    if (clean === p.text) for (const l of p.links ?? []) links.push({ start: start + l.start, end: start + l.end, url: l.url });
    if (p.page !== null && !pageStarts.has(p.page)) pageStarts.set(p.page, start);
    for (const b of p.breaks ?? []) if (!pageStarts.has(b.page)) pageStarts.set(b.page, start + b.offset);
    text += clean;
  }
  const pages: Page[] = [];
  for (let n = pageCount; n >= 1; n--) {
    // A page without text starts (and ends) where the next page with text starts.
    const end = pages[0]?.start ?? text.length;
    pages.unshift({ n, label: pageLabels[n - 1] ?? null, start: pageStarts.get(n) ?? end, end });
  }
  return { ...meta, publisher: meta.publisher ?? null, date: meta.date ?? null, text, paragraphs, pages, extraction, links };
}
