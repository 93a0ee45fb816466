/**
 * Pure scoring of answers against the benchmark's gold data.
 */
import { normalizeWhitespace } from "../ingest/index.js";
import type { EvalQuestion } from "./squad.js";

/** Lower case, punctuation folded to spaces, white space collapsed: how answers are compared. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Rank (from 1) of the first passage holding the gold sentence, or null. */
export function goldRank(q: EvalQuestion, passages: readonly { text: string }[]): number | null {
  if (!q.goldSentence) return null;
  const gold = q.goldSentence;
  const i = passages.findIndex((p) => normalizeWhitespace(p.text).includes(gold));
  return i < 0 ? null : i + 1;
}

/** Whether the first answer sentence holds one of the gold answers. */
export function answerCorrect(
  q: Pick<EvalQuestion, "answers">,
  answer: { abstained: boolean; answer: readonly { text: string }[] },
): boolean {
  const first = answer.answer[0];
  if (answer.abstained || !first) return false;
  const text = ` ${foldText(first.text)} `;
  return q.answers.some((a) => text.includes(` ${foldText(a)} `));
}

export interface EvalTotals {
  answerable: number;
  unanswerable: number;
  hit1: number;
  hit5: number;
  mrr10: number;
  answerAccuracy: number;
  wrongAbstentions: number;
  abstentionOnUnanswerable: number;
}

/** Aggregates per-question outcomes into the reported figures (rates from 0 to 1). */
export function summarize(outcomes: readonly { q: EvalQuestion; rank: number | null; correct: boolean; abstained: boolean }[]): EvalTotals {
  const answerable = outcomes.filter((o) => o.q.answerable);
  const unanswerable = outcomes.filter((o) => !o.q.answerable);
  const rate = (xs: readonly unknown[], n: number) => (n === 0 ? 0 : xs.length / n);
  const a = answerable.length;
  return {
    answerable: a,
    unanswerable: unanswerable.length,
    hit1: rate(
      answerable.filter((o) => o.rank === 1),
      a,
    ),
    hit5: rate(
      answerable.filter((o) => o.rank !== null && o.rank <= 5),
      a,
    ),
    mrr10: a === 0 ? 0 : answerable.reduce((s, o) => s + (o.rank !== null && o.rank <= 10 ? 1 / o.rank : 0), 0) / a,
    answerAccuracy: rate(
      answerable.filter((o) => o.correct),
      a,
    ),
    wrongAbstentions: rate(
      answerable.filter((o) => o.abstained),
      a,
    ),
    abstentionOnUnanswerable: rate(
      unanswerable.filter((o) => o.abstained),
      unanswerable.length,
    ),
  };
}

/** ASCII punctuation, as Python's `string.punctuation`, which the official SQuAD script removes. */
const SQUAD_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * SQuAD's `normalize_answer`: lower case, ASCII punctuation removed, the articles a, an and the
 * removed, white space folded.
 */
export function normalizeAnswer(text: string): string {
  const noPunctuation = text.toLowerCase().replace(SQUAD_PUNCTUATION, "");
  return noPunctuation
    .replace(/(?<![\p{L}\p{N}_])(a|an|the)(?![\p{L}\p{N}_])/gu, " ")
    .split(/\s+/u)
    .filter(Boolean)
    .join(" ");
}

function answerTokens(text: string): string[] {
  const normalized = normalizeAnswer(text);
  return normalized === "" ? [] : normalized.split(" ");
}

/** SQuAD exact match of one prediction against one gold answer: 1 or 0. */
export function exactMatch(prediction: string, gold: string): number {
  return normalizeAnswer(prediction) === normalizeAnswer(gold) ? 1 : 0;
}

/** SQuAD token F1 of one prediction against one gold answer (an empty side scores 1 only against another empty side). */
export function tokenF1(prediction: string, gold: string): number {
  const predicted = answerTokens(prediction);
  const wanted = answerTokens(gold);
  if (predicted.length === 0 || wanted.length === 0) return predicted.length === wanted.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of wanted) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of predicted) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      same++;
      counts.set(t, left - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / predicted.length;
  const recall = same / wanted.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * Exact match and F1 of the first answer sentence's highlighted words against the gold answers,
 * each the best over the gold answers, as the official SQuAD v2 script scores them. An
 * abstention, or an answer without a highlight, scores 0 on an answerable question.
 */
export function highlightScore(
  q: Pick<EvalQuestion, "answers">,
  answer: { abstained: boolean; answer: readonly { text: string; highlight: { start: number; end: number } | null }[] },
): { exact: number; f1: number } {
  const first = answer.answer[0];
  if (answer.abstained || !first?.highlight || q.answers.length === 0) return { exact: 0, f1: 0 };
  const predicted = first.text.slice(first.highlight.start, first.highlight.end);
  return {
    exact: Math.max(...q.answers.map((g) => exactMatch(predicted, g))),
    f1: Math.max(...q.answers.map((g) => tokenF1(predicted, g))),
  };
}
