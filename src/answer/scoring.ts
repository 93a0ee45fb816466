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
}

/** Tuned on the SQuAD benchmark (see README); bigram matches and length penalties were tried and did not help. */
export const DEFAULT_SENTENCE_PARAMS: SentenceScoreParams = { typeBonus: 0.12, rankWeight: 0.1, contextWeight: 0.2 };

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

export interface SentenceFeatures {
  /** Coverage of the question by the sentence alone. */
  coverage: number;
  /** Coverage of the question by the sentence's passage. */
  contextCoverage: number;
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
    params.rankWeight / (f.passageRank + 1) +
    (holdsAnswerType(f.type, f.text, f.question) ? params.typeBonus : 0)
  );
}
