/**
 * How sure Citebot is that a sentence answers a question: one probability, from a logistic model
 * over a few measurable signals. The bot answers only above a threshold, so abstaining means the
 * same thing ("less than an even chance that the sources answer this") whatever signals there are.
 *
 * Two weight sets share one feature list: lexical (words only) and hybrid (words and the
 * embedding model's similarity). Both were fitted by `npm run eval:fit` on the tuning articles of
 * the SQuAD benchmark (answerable questions) against made-up questions the sources cannot answer
 * (random words, unrelated questions); see the README. Pure: no I/O.
 */
import { isStopWord, queryTerms, tokenize, words } from "../store/index.js";
import { isEnglishWord } from "./english.js";
import { tagWords } from "./pos.js";
import { coverage } from "./scoring.js";

/** The signals, each from 0 to about 1 (a few are log counts), in the order of the weights. */
export interface AnswerFeatures {
  /** Share of the question's term weight (idf) that the sentence holds. */
  coverage: number;
  /** Share of the question's term weight that the sentence's passage holds. */
  passageCoverage: number;
  /** Share of the question's distinct terms that the sentence holds, unweighted. */
  matchedShare: number;
  /** log(1 + distinct question terms the sentence holds): two matched words say more than one. */
  matchedLog: number;
  /** Share of the question's term weight that no document of the corpus holds. */
  unknownShare: number;
  /**
   * Share of the question's term weight in words that are neither in the corpus (even misspelled)
   * nor common English: "reykjavik" typed in lower case names something the sources never mention.
   */
  strangeShare: number;
  /**
   * Share of the question's nouns (by the part-of-speech tagger) that no passage holds, even a typo
   * away: "How many strings does a cello have?" asks about a cello, which a corpus that speaks of
   * binary strings never mentions. Real questions reword verbs and adjectives far more often
   * than the thing they ask about.
   */
  unknownNouns: number;
  /**
   * Share of the question's numbers and years that the sentence lacks: "How many were handed over
   * in 2015?" is not answered by a sentence about 2017. 0 for a question without numbers.
   */
  numbersMissing: number;
  /** Share of the question's words that are function words ("of", "the", "did"): low in word salad. */
  functionShare: number;
  /** Share of the question's adjacent term pairs that stand adjacent in the sentence too. */
  bigramShare: number;
  /** Longest run of content words without a function word, over the question's words: long in word salad. */
  contentRun: number;
  /** log(1 + distinct question terms). */
  termsLog: number;

  /**
   * How far the sentence's similarity to the question stands above the question's similarity to
   * ordinary sentences of the corpus, in standard deviations (hybrid mode only; 0 in lexical mode).
   */
  semantic: number;
}

export const FEATURE_NAMES = [
  "coverage",
  "passageCoverage",
  "matchedShare",
  "matchedLog",
  "unknownShare",
  "strangeShare",
  "unknownNouns",
  "numbersMissing",
  "functionShare",
  "bigramShare",
  "contentRun",
  "termsLog",
  "semantic",
] as const satisfies readonly (keyof AnswerFeatures)[];

/** A logistic model: P = 1 / (1 + e^-(bias + Σ weight·feature)). */
export interface ConfidenceModel {
  bias: number;
  weights: Readonly<Record<keyof AnswerFeatures, number>>;
}

/** What the question alone tells, computed once per question. */
export interface QuestionProfile {
  /** Distinct terms with their weight (idf, names weighted up). */
  terms: ReadonlyMap<string, number>;

  /** Adjacent term pairs, in question order. */
  pairs: readonly string[];
  /** The question's numeric terms (numbers, years). */
  numbers: readonly string[];
  unknownShare: number;
  strangeShare: number;
  unknownNouns: number;
  /**
   * A name the question asks about (the term of a capitalised word) that no document holds, even
   * misspelled, or null. A question about a place or person the sources never mention is not
   * answered by them, however alike its other words or its meaning.
   */
  unknownName: string | null;
  functionShare: number;
  contentRun: number;
}

/** What the corpus tells about a term. */
export interface CorpusStats {
  /** The term's idf (the highest possible for a term the corpus lacks). */
  idf(term: string): number;
  /** Whether any passage of the corpus holds the term. */
  has(term: string): boolean;
  /** Whether any passage holds the term or one a typo away from it. */
  hasNear(term: string): boolean;
}

/** The term of `word` (lower case) when it is a content word of three letters or more, else undefined. */
function contentTerm(word: string): string | undefined {
  return /^\p{L}{3,}$/u.test(word) && !isStopWord(word) ? tokenize(word)[0] : undefined;
}

/**
 * The question's side of the features.
 * @param names the terms of the names the question asks about
 * @param weight the weight of a term in coverage (its idf, names weighted up)
 */
export function profileQuestion(
  question: string,
  corpus: CorpusStats,
  names: ReadonlySet<string>,
  weight: (term: string) => number = (t) => corpus.idf(t),
): QuestionProfile {
  const sequence = queryTerms(question, (t) => corpus.has(t));
  const terms = new Map(sequence.map((t) => [t, weight(t)]));
  const known = (t: string) => corpus.has(t);
  let total = 0;
  let unknown = 0;
  for (const [term, weight] of terms) {
    total += weight;
    if (!known(term)) unknown += weight;
  }
  const all = words(question);
  let strange = 0;
  for (const w of new Set(all)) {
    const term = contentTerm(w);
    if (term !== undefined && !isEnglishWord(w) && !corpus.hasNear(term)) strange += terms.get(term) ?? 0;
  }
  const nouns = new Set<string>();
  for (const w of tagWords(question)) {
    const term = w.pos === "NOUN" || w.pos === "PROPN" ? contentTerm(question.slice(w.start, w.end).toLowerCase()) : undefined;
    if (term !== undefined) nouns.add(term);
  }
  const unknownNouns = [...nouns].filter((t) => !corpus.hasNear(t)).length;
  let run = 0;
  let longest = 0;
  let functionWords = 0;
  for (const w of all) {
    if (isStopWord(w)) {
      functionWords++;
      run = 0;
    } else longest = Math.max(longest, ++run);
  }
  return {
    terms,
    pairs: sequence.slice(1).map((t, i) => `${sequence[i] as string} ${t}`),
    numbers: [...new Set(sequence.filter((t) => /^\p{N}/u.test(t)))],
    unknownShare: total === 0 ? 0 : unknown / total,
    strangeShare: total === 0 ? 0 : Math.min(1, strange / total),
    unknownNouns: nouns.size === 0 ? 0 : unknownNouns / nouns.size,
    unknownName: [...names].find((t) => !corpus.hasNear(t)) ?? null,
    functionShare: all.length === 0 ? 0 : functionWords / all.length,
    contentRun: all.length === 0 ? 0 : longest / all.length,
  };
}

/**
 * The features of one candidate sentence.
 * @param sentenceTerms the sentence's terms in order (`tokenize`)
 * @param passageTerms the terms of the passage it stands in
 * @param semantic its similarity score in standard deviations, or 0 without a model
 */
export function answerFeatures(
  q: QuestionProfile,
  sentenceTerms: readonly string[],
  passageTerms: ReadonlySet<string>,
  semantic = 0,
): AnswerFeatures {
  const inSentence = new Set(sentenceTerms);
  const matched = [...q.terms.keys()].filter((t) => inSentence.has(t)).length;
  const adjacent = new Set(sentenceTerms.slice(1).map((t, i) => `${sentenceTerms[i] as string} ${t}`));
  return {
    coverage: coverage(q.terms, inSentence),
    passageCoverage: coverage(q.terms, passageTerms),
    matchedShare: q.terms.size === 0 ? 0 : matched / q.terms.size,
    matchedLog: Math.log1p(matched),
    unknownShare: q.unknownShare,
    strangeShare: q.strangeShare,
    unknownNouns: q.unknownNouns,
    functionShare: q.functionShare,
    bigramShare: q.pairs.length === 0 ? 0 : q.pairs.filter((p) => adjacent.has(p)).length / q.pairs.length,
    numbersMissing: q.numbers.length === 0 ? 0 : q.numbers.filter((n) => !inSentence.has(n)).length / q.numbers.length,
    contentRun: q.contentRun,
    termsLog: Math.log1p(q.terms.size),
    semantic,
  };
}

/** The probability, from 0 to 1, that the sentence answers the question. */
export function confidence(features: AnswerFeatures, model: ConfidenceModel): number {
  let z = model.bias;
  for (const name of FEATURE_NAMES) z += model.weights[name] * features[name];
  return 1 / (1 + Math.exp(-z));
}
