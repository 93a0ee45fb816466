/**
 * Turns retrieved passages into an answer: the one to three sentences that best answer the
 * question, each copied verbatim and cited, or an abstention when the sources do not answer.
 */
import type { Passage } from "../retrieve/index.js";
import type { LexicalIndex } from "../store/index.js";
import { tokenize } from "../store/index.js";
import { pageAt, tableHeaderAt, withTableHeader } from "../ingest/index.js";
import type { RetrievalMode, SourceDocument, Span } from "../types.js";
import { citationLink } from "./link.js";
import { answerType } from "./question.js";
import type { Answer, Citation } from "./schema.js";
import { coverage, DEFAULT_SENTENCE_PARAMS, scoreSentence, type SentenceScoreParams } from "./scoring.js";

export interface AnswerOptions {
  /** Passages whose sentences are candidates. */
  candidatePassages: number;
  /** Answer sentences at most. */
  maxSentences: number;
  /** Abstain when the best sentence covers less than this share of the question's term weight. */
  minCoverage: number;
  /** Further sentences must score at least this share of the best one. */
  followRatio: number;
  /** Passages listed in the answer. */
  topK: number;
  /** Extra weight of names (capitalised words) in the question, relative to their idf. */
  nameBoost: number;
  sentence: SentenceScoreParams;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = {
  candidatePassages: 5,
  maxSentences: 3,
  minCoverage: 0.25,
  followRatio: 0.85,
  topK: 5,
  nameBoost: 0.5,
  sentence: DEFAULT_SENTENCE_PARAMS,
};

interface Candidate {
  passage: Passage;
  span: Span;
  text: string;
  score: number;
  coverage: number;
}

/**
 * Terms of the capitalised words of a question, its first word aside: the names it asks about.
 * A capital right after white space, in the question without leading white space, is a word
 * other than the first. (Linear: a lookbehind over `\s+` was quadratic on long runs of spaces.)
 */
function nameTerms(question: string): Set<string> {
  const names = new Set<string>();
  for (const m of question.trimStart().matchAll(/\s(\p{Lu}[\p{L}\p{N}'’-]*)/gu)) names.add(m[1] ?? "");
  // Each distinct name is tokenized once: a long question repeats the same few names.
  return new Set([...names].flatMap((n) => tokenize(n)));
}

/**
 * The question's terms weighted by idf, names weighted up by `nameBoost`; terms the corpus never
 * uses count too (at the highest idf), so an off-topic question scores low.
 */
function weightedTerms(question: string, lexical: LexicalIndex, nameBoost: number): Map<string, number> {
  const names = nameTerms(question);
  return new Map(tokenize(question).map((t) => [t, lexical.idf(t) * (names.has(t) ? 1 + nameBoost : 1)]));
}

/** Scores every sentence of the first passages, best first. */
export function rankSentences(question: string, passages: readonly Passage[], lexical: LexicalIndex, options: AnswerOptions = DEFAULT_ANSWER_OPTIONS): Candidate[] {
  const terms = weightedTerms(question, lexical, options.nameBoost);
  const type = answerType(question);
  const candidates: Candidate[] = [];
  passages.slice(0, options.candidatePassages).forEach((passage, rank) => {
    const context = coverage(terms, new Set(tokenize(passage.text)));
    for (const span of passage.sentences) {
      const text = passage.text.slice(span.start - passage.start, span.end - passage.start);
      const own = coverage(terms, new Set(tokenize(text)));
      const score = scoreSentence({ coverage: own, contextCoverage: context, passageRank: rank, type, text, question }, options.sentence);
      candidates.push({ passage, span, text, score, coverage: own });
    }
  });
  const seen = new Set<string>();
  return candidates
    .sort((a, b) => b.score - a.score)
    .filter((c) => {
      const key = `${c.passage.doc}:${c.span.start}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * The citation for sentences of `passage` on `page`: the quote is the part of the passage on
 * that page (whole sentences, so a sentence running over the page break is kept whole), led by
 * the table header when the passage comes from the middle of a table.
 */
function citationFor(passage: Passage, page: number | null, cited: readonly Span[], n: number, doc: SourceDocument | undefined): Citation {
  const pageSpan = page !== null ? doc?.pages[page - 1] : undefined;
  const onPage = passage.sentences.filter((s) => !pageSpan || (s.start >= pageSpan.start && s.start < pageSpan.end));
  const start = Math.min(...onPage.map((s) => s.start), ...cited.map((s) => s.start));
  const end = Math.max(...onPage.map((s) => s.end), ...cited.map((s) => s.end));
  const text = passage.text.slice(start - passage.start, end - passage.start);
  // A quote from inside a table, whatever page it is on, leads with the row that names the columns.
  const header = doc ? tableHeaderAt(doc, passage.paragraph, start) : null;
  const label = pageSpan?.label ?? null;
  const url = citationLink(doc?.url, page);
  const section = passage.paragraph !== null ? (doc?.paragraphs[passage.paragraph - 1]?.section ?? null) : null;
  return { n, doc: passage.doc, title: passage.title, publisher: doc?.publisher ?? null, date: doc?.date ?? null, page, pageLabel: label, paragraph: passage.paragraph, section, url, quote: withTableHeader(header, text), tableHeader: header };
}

export interface ComposeInput {
  question: string;
  mode: RetrievalMode;
  passages: readonly Passage[];
  lexical: LexicalIndex;
  documents: ReadonlyMap<string, SourceDocument>;
}

/** Builds the answer (timings zero; the caller measures them). */
export function composeAnswer(input: ComposeInput, options: AnswerOptions = DEFAULT_ANSWER_OPTIONS): Answer {
  const ranked = rankSentences(input.question, input.passages, input.lexical, options);
  const best = ranked[0];
  const passages = input.passages.slice(0, options.topK).map((p) => {
    const doc = input.documents.get(p.doc);
    const header = doc ? tableHeaderAt(doc, p.paragraph, p.start) : null;
    return { doc: p.doc, title: p.title, page: p.page, paragraph: p.paragraph, text: withTableHeader(header, p.text), score: p.score };
  });
  const timingsMs = { retrieve: 0, answer: 0, total: 0 };
  if (!best || best.coverage < options.minCoverage) {
    return { question: input.question, abstained: true, mode: input.mode, answer: [], citations: [], passages, timingsMs };
  }

  const chosen = [best, ...ranked.slice(1).filter((c) => c.score >= best.score * options.followRatio && c.coverage >= options.minCoverage)].slice(0, options.maxSentences);
  // One citation per passage and page; a sentence is cited to the page where it starts.
  const groups: { passage: Passage; page: number | null; spans: Span[] }[] = [];
  const numbers = chosen.map((c) => {
    const page = pageAt(input.documents.get(c.passage.doc) ?? { pages: [] }, c.span.start) ?? c.passage.page;
    let i = groups.findIndex((g) => g.passage === c.passage && g.page === page);
    if (i < 0) i = groups.push({ passage: c.passage, page, spans: [] }) - 1;
    groups[i]?.spans.push(c.span);
    return i + 1;
  });
  const citations = groups.map((g, i) => citationFor(g.passage, g.page, g.spans, i + 1, input.documents.get(g.passage.doc)));
  const answer = chosen.map((c, i) => ({ text: c.text, citation: numbers[i] as number }));
  return { question: input.question, abstained: false, mode: input.mode, answer, citations, passages, timingsMs };
}
