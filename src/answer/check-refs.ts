/**
 * What a pinned answer must carry to be re-checked later: for each quoted sentence, its document,
 * the page (PDFs) or paragraph (other documents) it was cited on, and a hash of its text.
 */
import { sentenceHash, type SentenceRef } from "../store/index.js";
import type { Answer } from "./schema.js";

/**
 * The check data of an answer, one entry per answer sentence in order; null when there is
 * nothing to check (an abstention) or a sentence's citation names no page or paragraph, since a
 * partial list would let a changed sentence pass unnoticed.
 */
export function checkRefs(answer: Answer): SentenceRef[] | null {
  if (answer.abstained || answer.answer.length === 0) return null;
  const refs: SentenceRef[] = [];
  for (const sentence of answer.answer) {
    const citation = answer.citations.find((c) => c.n === sentence.citation);
    if (!citation) return null;
    const at =
      citation.page !== null
        ? { kind: "page" as const, n: citation.page }
        : citation.paragraph !== null
          ? { kind: "paragraph" as const, n: citation.paragraph }
          : null;
    if (at === null) return null;
    refs.push({ doc: citation.doc, at, hash: sentenceHash(sentence.text) });
  }
  return refs;
}
