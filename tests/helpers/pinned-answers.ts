/**
 * Documents and answers for the pin-audit tests: PDF-like documents with pages (made by
 * `assembleDocument`, no PDF file needed) and answers quoting one sentence of them, as the
 * engine would compose them.
 */
import type { Answer } from "../../src/answer/index.js";
import { pageAt } from "../../src/document.js";
import { assembleDocument, type ParagraphText } from "../../src/ingest/index.js";
import type { SourceDocument } from "../../src/types.js";

/** A PDF-like document: `pages[i]` holds the paragraphs of page i+1. */
export function pagedDocument(id: string, pages: readonly (readonly string[])[]): SourceDocument {
  const paragraphs: ParagraphText[] = pages.flatMap((texts, i) => texts.map((text) => ({ text, page: i + 1 })));
  return assembleDocument({ id, kind: "pdf", title: `Report ${id}`, source: null, url: null }, paragraphs, pages.length);
}

/** The answer to `question` quoting `sentence` from `doc`, cited to the page (or paragraph) where it starts. */
export function answerQuoting(question: string, doc: SourceDocument, sentence: string): Answer {
  const start = doc.text.indexOf(sentence);
  if (start < 0) throw new Error(`"${sentence}" is not in ${doc.id}`);
  const paragraph = doc.paragraphs.find((p) => p.start <= start && start < p.end)?.n ?? null;
  return {
    question,
    understoodAs: question,
    abstained: false,
    mode: "lexical",
    answer: [{ text: sentence, citation: 1, highlight: null }],
    citations: [
      {
        n: 1,
        doc: doc.id,
        title: doc.title,
        publisher: null,
        date: null,
        page: pageAt(doc, start),
        pageLabel: null,
        paragraph,
        section: null,
        url: null,
        quote: sentence,
        tableHeader: null,
      },
    ],
    passages: [],
    timingsMs: { retrieve: 1, answer: 1, total: 2 },
  };
}
