/**
 * The last check before an answer is shown: every answer sentence, and every quote, must occur
 * verbatim (white space aside) in the source, starting on the page it cites. A sentence that
 * fails is dropped; an answer left with none abstains. This guards against any bug upstream
 * putting words in a source's mouth. Passages listed with the answer are checked the same way.
 */
import { textSlice } from "../document.js";
import { RecentTexts } from "../recent-texts.js";
import type { SourceDocument } from "../types.js";
import type { Answer } from "./schema.js";

const collapse = (text: string) => text.replace(/\s+/g, " ");

/**
 * The collapsed texts of the documents checked most recently, up to about this many characters:
 * a library's texts are read on demand, and keeping every document's collapsed copy for the
 * engine's life would hold them all in memory again (the most recent one is always kept).
 */
const COLLAPSED_CHARS = 4 * 1024 * 1024;
const collapsedDocs = new RecentTexts<SourceDocument>(COLLAPSED_CHARS);

/** A document's text with white space collapsed, kept for the most recently checked documents. */
function collapsedText(doc: SourceDocument): string {
  return collapsedDocs.get(doc, () => collapse(doc.text));
}

/**
 * Whether `doc` holds `exact`, or `collapsed` once white space is collapsed: in the cited
 * paragraph first, where only that paragraph's text is read, then anywhere in the document.
 */
function inDocument(doc: SourceDocument, paragraph: number | null, exact: string, collapsed: string): boolean {
  const cited = paragraph === null ? undefined : doc.paragraphs[paragraph - 1];
  if (cited) {
    const text = textSlice(doc, cited.start, cited.end);
    if (text.includes(exact) || collapse(text).includes(collapsed)) return true;
  }
  return doc.text.includes(exact) || collapsedText(doc).includes(collapsed);
}

/**
 * Whether `needle` occurs in `doc` starting on page `page`; in a document without pages, anywhere
 * in it, the cited paragraph first (a library's answers would otherwise read, and collapse, whole
 * documents again and again; the sentence as the source writes it needs no collapsing at all).
 */
export function occursOnPage(doc: SourceDocument, page: number | null, needle: string, paragraph: number | null = null): boolean {
  const wanted = collapse(needle).trim();
  if (wanted === "") return false;
  const span = page === null ? null : doc.pages[page - 1];
  if (page !== null && !span) return false;
  if (!span) return inDocument(doc, paragraph, needle.trim(), wanted);
  // A sentence may run over the page break: look from the page's start to a little past its end.
  const onPage = collapse(textSlice(doc, span.start, span.end));
  const region = collapse(textSlice(doc, span.start, span.end + needle.length + 1));
  for (let at = region.indexOf(wanted); at >= 0; at = region.indexOf(wanted, at + 1)) {
    if (at < onPage.length) return true;
  }
  return false;
}

/** Whether a citation's quote checks out: its header row (for tables) is in the document, and the rest starts on the cited page. */
function quoteHolds(
  doc: SourceDocument,
  where: { page: number | null; paragraph: number | null },
  quote: string,
  header: string | null,
): boolean {
  const { page, paragraph } = where;
  if (header === null) return occursOnPage(doc, page, quote, paragraph);
  return inDocument(doc, paragraph, header, collapse(header)) && occursOnPage(doc, page, quote.slice(header.length + 1), paragraph);
}

/**
 * Whether a listed passage is its source's text starting on its page; a passage from the middle
 * of a table leads with the table's header row, checked like a quote's.
 */
function passageHolds(doc: SourceDocument, passage: Answer["passages"][number]): boolean {
  const header = passage.paragraph === null ? null : (doc.paragraphs[passage.paragraph - 1]?.table?.header ?? null);
  if (header !== null && passage.text.startsWith(`${header}\n`) && quoteHolds(doc, passage, passage.text, header)) return true;
  return occursOnPage(doc, passage.page, passage.text, passage.paragraph);
}

export interface VerifiedAnswer {
  answer: Answer;
  /** Answer sentences and quotes checked, and how many held. */
  checked: number;
  passed: number;
}

/**
 * Keeps the sentences, citations and passages that occur in their sources where they say; renumbers
 * nothing (citation numbers stay as shown), and abstains if no sentence is left.
 */
export function verifyAnswer(unchecked: Answer, documents: ReadonlyMap<string, SourceDocument>): VerifiedAnswer {
  // Listed passages are shown too ("More sources"): one that is not its source's text is dropped.
  const passages = unchecked.passages.filter((p) => {
    const doc = documents.get(p.doc);
    return doc !== undefined && passageHolds(doc, p);
  });
  const answer = { ...unchecked, passages };
  if (answer.abstained) return { answer, checked: 0, passed: 0 };
  let checked = 0;
  let passed = 0;
  const goodCitations = new Set<number>();
  for (const c of answer.citations) {
    const doc = documents.get(c.doc);
    checked++;
    if (doc && quoteHolds(doc, c, c.quote, c.tableHeader)) {
      goodCitations.add(c.n);
      passed++;
    }
  }
  const sentences = answer.answer.filter((s) => {
    const citation = answer.citations.find((c) => c.n === s.citation);
    const doc = citation ? documents.get(citation.doc) : undefined;
    checked++;
    const ok = Boolean(citation && doc && goodCitations.has(citation.n) && occursOnPage(doc, citation.page, s.text, citation.paragraph));
    if (ok) passed++;
    return ok;
  });
  if (sentences.length === 0) return { answer: { ...answer, abstained: true, answer: [], citations: [] }, checked, passed };
  const used = new Set(sentences.map((s) => s.citation));
  return { answer: { ...answer, answer: sentences, citations: answer.citations.filter((c) => used.has(c.n)) }, checked, passed };
}
