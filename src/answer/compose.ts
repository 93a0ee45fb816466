/**
 * Turns retrieved passages into an answer: the one to three sentences that best answer the
 * question, each copied verbatim and cited, or an abstention when the sources do not answer.
 */
import type { Passage } from "../retrieve/index.js";
import type { LexicalIndex } from "../store/index.js";
import { tokenize } from "../store/index.js";
import { pageAt, tableHeaderAt, withTableHeader } from "../document.js";
import type { RetrievalMode, SourceDocument, Span } from "../types.js";
import { citationLink } from "./link.js";
import { highlighter } from "./highlight.js";
import { answerType } from "./question.js";
import type { Answer, Citation } from "./schema.js";
import { answerFeatures, confidence, profileQuestion, type AnswerFeatures, type ConfidenceModel } from "./confidence.js";
import { CONFIDENCE_MODELS, MIN_CONFIDENCE, SEMANTIC_WEIGHT } from "./confidence-weights.js";
import { DEFAULT_SENTENCE_PARAMS, scoreSentence, type SentenceScoreParams } from "./scoring.js";

export interface AnswerOptions {
  /** Passages whose sentences are candidates. */
  candidatePassages: number;
  /** Answer sentences at most. */
  maxSentences: number;
  /** Abstain when the best sentence's confidence (0 to 1) is below this (the engine sets it per mode and corpus). */
  minConfidence: number;
  /** Further sentences must score at least this share of the best one. */
  followRatio: number;
  /** Passages listed in the answer. */
  topK: number;
  /** Extra weight of names (capitalised words) in the question, relative to their idf. */
  nameBoost: number;
  /** Weight, in the sentence's ranking score, of its semantic similarity (in standard deviations; hybrid mode only). */
  semanticWeight: number;
  sentence: SentenceScoreParams;
  /** The confidence models of each mode. */
  confidence: Readonly<Record<RetrievalMode, ConfidenceModel>>;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = {
  candidatePassages: 5,
  maxSentences: 3,
  minConfidence: MIN_CONFIDENCE.lexical,
  followRatio: 0.85,
  topK: 5,
  nameBoost: 0.5,
  semanticWeight: SEMANTIC_WEIGHT,
  sentence: DEFAULT_SENTENCE_PARAMS,
  confidence: CONFIDENCE_MODELS,
};

/** A sentence of a retrieved passage, scored as an answer to the question. */
export interface Candidate {
  passage: Passage;
  span: Span;
  text: string;
  /** Ranking score: word coverage, context, rank, answer type and (hybrid) similarity. */
  score: number;
  features: AnswerFeatures;
  /** Probability that it answers the question, by the mode's confidence model; 0 when the question names something the corpus never mentions. */
  confidence: number;
  /** The name the question asks about that no document holds (even misspelled), or null. */
  unknownName: string | null;
}

/** The key of a candidate sentence in a similarity map: its document and offsets. */
export function sentenceKey(doc: string, span: Span): string {
  return `${doc}\u0000${span.start}\u0000${span.end}`;
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

/** What ranking needs besides the passages: the index's word statistics and, in hybrid mode, similarities. */
export interface RankContext {
  lexical: LexicalIndex;
  mode: RetrievalMode;
  /** Semantic similarity of candidate sentences by `sentenceKey`, in standard deviations (hybrid mode). */
  similarity?: ReadonlyMap<string, number>;
}

/**
 * Scores every sentence of the first passages, best first. The question's terms are weighted by
 * idf, names up by `nameBoost`; terms the corpus never uses count too (at the highest idf), so an
 * off-topic question scores low.
 */
export function rankSentences(
  question: string,
  passages: readonly Passage[],
  context: RankContext,
  options: AnswerOptions = DEFAULT_ANSWER_OPTIONS,
): Candidate[] {
  const { lexical } = context;
  const names = nameTerms(question);
  const profile = profileQuestion(question, lexical, names, (t) => lexical.idf(t) * (names.has(t) ? 1 + options.nameBoost : 1));
  const type = answerType(question);
  const model = options.confidence[context.mode];
  const candidates: Candidate[] = [];
  passages.slice(0, options.candidatePassages).forEach((passage, rank) => {
    const passageTerms = new Set(tokenize(passage.text));
    for (const span of passage.sentences) {
      const text = passage.text.slice(span.start - passage.start, span.end - passage.start);
      const semantic = context.similarity?.get(sentenceKey(passage.doc, span)) ?? 0;
      const features = answerFeatures(profile, tokenize(text), passageTerms, semantic);
      const lexicalScore = scoreSentence(
        { coverage: features.coverage, contextCoverage: features.passageCoverage, passageRank: rank, type, text, question },
        options.sentence,
      );
      const sure = profile.unknownName === null ? confidence(features, model) : 0;
      candidates.push({
        passage,
        span,
        text,
        score: lexicalScore + options.semanticWeight * semantic,
        features,
        confidence: sure,
        unknownName: profile.unknownName,
      });
    }
  });
  const seen = new Set<string>();
  return candidates
    .sort((a, b) => b.score - a.score)
    .filter((c) => {
      const key = sentenceKey(c.passage.doc, c.span);
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
  return {
    n,
    doc: passage.doc,
    title: passage.title,
    publisher: doc?.publisher ?? null,
    date: doc?.date ?? null,
    page,
    pageLabel: label,
    paragraph: passage.paragraph,
    section,
    url,
    quote: withTableHeader(header, text),
    tableHeader: header,
  };
}

/**
 * Citations for quoted sentences: one per passage and page, each sentence cited to the page where
 * it starts. `numbers[i]` is the citation number of `sentences[i]`.
 */
export function citeSentences(
  sentences: readonly { passage: Passage; span: Span }[],
  documents: ReadonlyMap<string, SourceDocument>,
): { numbers: number[]; citations: Citation[] } {
  const groups: { passage: Passage; page: number | null; spans: Span[] }[] = [];
  const numbers = sentences.map((c) => {
    const page = pageAt(documents.get(c.passage.doc) ?? { pages: [] }, c.span.start) ?? c.passage.page;
    let i = groups.findIndex((g) => g.passage === c.passage && g.page === page);
    if (i < 0) i = groups.push({ passage: c.passage, page, spans: [] }) - 1;
    groups[i]?.spans.push(c.span);
    return i + 1;
  });
  const citations = groups.map((g, i) => citationFor(g.passage, g.page, g.spans, i + 1, documents.get(g.passage.doc)));
  return { numbers, citations };
}

export interface ComposeInput extends RankContext {
  question: string;
  passages: readonly Passage[];
  documents: ReadonlyMap<string, SourceDocument>;
}

/** Builds the answer (timings zero; the caller measures them). */
export function composeAnswer(input: ComposeInput, options: AnswerOptions = DEFAULT_ANSWER_OPTIONS): Answer {
  const ranked = rankSentences(input.question, input.passages, input, options);
  const best = ranked[0];
  const passages = input.passages.slice(0, options.topK).map((p) => {
    const doc = input.documents.get(p.doc);
    const header = doc ? tableHeaderAt(doc, p.paragraph, p.start) : null;
    return { doc: p.doc, title: p.title, page: p.page, paragraph: p.paragraph, text: withTableHeader(header, p.text), score: p.score };
  });
  const timingsMs = { retrieve: 0, answer: 0, total: 0 };
  if (!best || best.confidence < options.minConfidence) {
    return {
      question: input.question,
      understoodAs: input.question,
      abstained: true,
      mode: input.mode,
      answer: [],
      citations: [],
      passages,
      timingsMs,
    };
  }

  const chosen = [
    best,
    ...ranked.slice(1).filter((c) => c.score >= best.score * options.followRatio && c.confidence >= options.minConfidence),
  ].slice(0, options.maxSentences);
  const { numbers, citations } = citeSentences(chosen, input.documents);
  const highlight = highlighter(input.question);
  const answer = chosen.map((c, i) => ({
    text: c.text,
    citation: numbers[i] as number,
    highlight: highlight(c.text),
  }));
  return {
    question: input.question,
    understoodAs: input.question,
    abstained: false,
    mode: input.mode,
    answer,
    citations,
    passages,
    timingsMs,
  };
}
