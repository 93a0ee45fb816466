import type { DocumentKind, Page, Paragraph, SourceDocument } from "../types.js";

/** A paragraph of clean text and the page it starts on. */
export interface ParagraphText {
  text: string;
  page: number | null;
}

export interface DocumentMeta {
  id: string;
  kind: DocumentKind;
  title: string;
  source: string | null;
  url: string | null;
}

/** Collapses runs of white space (including line breaks) to single spaces and trims. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/**
 * Joins paragraphs into one document text (blank line between paragraphs) and records each
 * paragraph's and page's offsets. Empty paragraphs are dropped; numbering starts at 1.
 * `pageLabels[i]` is the printed label of page i+1, if the PDF defines labels.
 */
export function assembleDocument(
  meta: DocumentMeta,
  paragraphTexts: readonly ParagraphText[],
  pageCount = 0,
  pageLabels: readonly (string | null)[] = [],
): SourceDocument {
  const paragraphs: Paragraph[] = [];
  let text = "";
  for (const p of paragraphTexts) {
    const clean = normalizeWhitespace(p.text);
    if (clean === "") continue;
    if (text !== "") text += "\n\n";
    paragraphs.push({ n: paragraphs.length + 1, page: p.page, start: text.length, end: text.length + clean.length });
    text += clean;
  }
  const pages: Page[] = [];
  for (let n = 1; n <= pageCount; n++) {
    const onPage = paragraphs.filter((p) => p.page === n);
    const start = onPage[0]?.start ?? pages.at(-1)?.end ?? 0;
    const end = onPage.at(-1)?.end ?? start;
    pages.push({ n, label: pageLabels[n - 1] ?? null, start, end });
  }
  return { ...meta, text, paragraphs, pages };
}
