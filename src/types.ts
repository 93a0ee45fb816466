/**
 * Types shared by every pipeline stage. Each stage adds its own types next to its code;
 * only what crosses stage boundaries lives here.
 */

/** A span of a document's text, by UTF-16 offsets into `SourceDocument.text` (end exclusive). */
export interface Span {
  start: number;
  end: number;
}

/** What a block of a page is, as the layout analysis sees it. */
export type BlockKind = "paragraph" | "heading" | "table" | "list" | "footnote" | "sidebar" | "caption" | "figure" | "margin";

/** A paragraph of a document, numbered from 1 in reading order. */
export interface Paragraph extends Span {
  n: number;
  kind: BlockKind;
  /** Page where the paragraph starts (1-based), or null for documents without pages. */
  page: number | null;
  /** Set when the paragraph is a table: its rows are separated by line breaks. */
  table: { header: string } | null;
  /**
   * The title of the section the paragraph stands under (for a heading: the section around it),
   * from Markdown headings; null before the first heading and for PDFs and plain text. PDF
   * "heading" blocks are a guess from type size (a pull quote or a large figure title reads as
   * one), and a wrong "under …" would mislead a reader the page number already guides.
   */
  section: string | null;
}

/** A link of the source, kept as data and never shown as a link: the linked text's span and the target as written. */
export interface DocumentLink extends Span {
  url: string;
}

/** A page of a PDF, numbered as a PDF viewer numbers it (1 = first page). */
export interface Page extends Span {
  n: number;
  /** The printed page label, when the PDF defines page labels. */
  label: string | null;
}

export type DocumentKind = "pdf" | "markdown" | "text";

/** A line of a page left out of the text, and why (running header, page number, …). */
export interface RemovedLine {
  page: number;
  text: string;
  reason: string;
}

/** What PDF extraction found, for the extraction report and `npm run inspect`. */
export interface ExtractionStats {
  /** Lines dropped as running headers, footers or page numbers. */
  headerFooterLines: number;
  tables: number;
  /** Pages (1-based) without any text. */
  emptyPages: number[];
  /** Pages read as two or more columns. */
  multiColumnPages: number[];
  /** Pages whose text layer is mostly unusable (no character map): their text is not indexed. */
  unreadablePages: number[];
  /** Every line left out as furniture, with its reason. */
  removed: RemovedLine[];
  /** Problems a reader of this document should know about, one sentence each. */
  warnings: string[];
}

/** One file of the corpus, read into clean text with its structure kept as offsets. */
export interface SourceDocument {
  /** Path relative to the corpus folder, with forward slashes: `article.md`, `report.pdf`. */
  id: string;
  kind: DocumentKind;
  title: string;
  source: string | null;
  url: string | null;
  publisher: string | null;
  /** Publication date as the source gives it (free text, e.g. "2024-01"). */
  date: string | null;
  /** The whole document's clean text; paragraphs are separated by blank lines. */
  text: string;
  paragraphs: Paragraph[];
  /** Empty for documents without pages. */
  pages: Page[];
  /** Null for documents that are not PDFs. */
  extraction: ExtractionStats | null;
  /** Links of a Markdown document (text spans and targets), in order; empty for other documents. */
  links: DocumentLink[];
  /**
   * `text.slice(start, end)` read without making the whole text, where the document can: one
   * loaded from an index reads the span from its UTF-8 bytes. Absent otherwise, and not copied by
   * a spread (`textSlice` in document.ts falls back to `text`).
   */
  readonly readSpan?: (start: number, end: number) => string;
}

/**
 * A retrievable window of whole sentences inside one paragraph: offsets into its document's text,
 * which is held once (a chunk's text is `doc.text.slice(start, end)`; see `chunkText`).
 */
export interface Chunk extends Span {
  /** Position of the chunk in the index, also its label in the vector index. */
  id: number;
  docId: string;
  page: number | null;
  paragraph: number | null;
  /** The chunk's sentences (for tables: rows), as spans of the document text, in order. */
  sentences: Span[];
  /** For a chunk from the middle of a table: the table's header row, which its text lacks. */
  header: string | null;
}

export type RetrievalMode = "hybrid" | "lexical";
