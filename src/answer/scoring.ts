/**
 * Pure scoring of candidate sentences against a question. Every weight is a named parameter so
 * the evaluation can show what each one buys.
 */
import type { AnswerType } from "./question.js";
import { holdsAnswerType } from "./question.js";

export interface SentenceScoreParams {
  /** Added when the sentence holds a fact of the type the question asks for. */
  typeBonus: number;
  /** Weight of the passage's retrieval rank (1 / (rank + 1)). */
  rankWeight: number;
  /** Weight of the coverage of the whole passage (context around the sentence). */
  contextWeight: number;
  /** Weight of the share of the question's adjacent term pairs that the sentence also has side by side. */
  bigramWeight: number;
  /** Subtracted per term of sentence length beyond `lengthFree`, so that long sentences do not win by sheer size. */
  lengthPenalty: number;
  lengthFree: number;
}

export const DEFAULT_SENTENCE_PARAMS: SentenceScoreParams = { typeBonus: 0.12, rankWeight: 0.1, contextWeight: 0.2, bigramWeight: 0, lengthPenalty: 0, lengthFree: 20 };

/**
 * The share of the question's term weight (idf) that `terms` cover, from 0 to 1.
 * @param question query terms with their idf
 */
export function coverage(question: ReadonlyMap<string, number>, terms: ReadonlySet<string>): number {
  let total = 0;
  let hit = 0;
  for (const [term, weight] of question) {
    total += weight;
    if (terms.has(term)) hit += weight;
  }
  return total === 0 ? 0 : hit / total;
}

/** The share of adjacent pairs of `questionTerms` that also stand side by side in `sentenceTerms`. */
export function bigramCoverage(questionTerms: readonly string[], sentenceTerms: readonly string[]): number {
  if (questionTerms.length < 2) return 0;
  const pairs = new Set<string>();
  for (let i = 1; i < sentenceTerms.length; i++) pairs.add(`${sentenceTerms[i - 1]} ${sentenceTerms[i]}`);
  let hit = 0;
  for (let i = 1; i < questionTerms.length; i++) if (pairs.has(`${questionTerms[i - 1]} ${questionTerms[i]}`)) hit++;
  return hit / (questionTerms.length - 1);
}

export interface SentenceFeatures {
  /** Coverage of the question by the sentence alone. */
  coverage: number;
  /** Coverage of the question by the sentence's passage. */
  contextCoverage: number;
  bigramCoverage: number;
  /** Index terms in the sentence. */
  length: number;
  /** Rank of the passage the sentence comes from, from 0. */
  passageRank: number;
  type: AnswerType;
  text: string;
  question: string;
}

/** The sentence's score: its own coverage of the question, helped by context, rank and answer type. */
export function scoreSentence(f: SentenceFeatures, params: SentenceScoreParams = DEFAULT_SENTENCE_PARAMS): number {
  return (
    f.coverage +
    params.contextWeight * f.contextCoverage +
    params.bigramWeight * f.bigramCoverage +
    params.rankWeight / (f.passageRank + 1) -
    params.lengthPenalty * Math.max(0, f.length - params.lengthFree) +
    (holdsAnswerType(f.type, f.text, f.question) ? params.typeBonus : 0)
  );
}
