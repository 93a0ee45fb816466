/**
 * Pure scoring of answers against the benchmark's gold data.
 */
import { normalizeWhitespace } from "../ingest/index.js";
import type { EvalQuestion } from "./squad.js";

/** Lower case, punctuation folded to spaces, white space collapsed: how answers are compared. */
export function foldText(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/** Rank (from 1) of the first passage holding the gold sentence, or null. */
export function goldRank(q: EvalQuestion, passages: readonly { text: string }[]): number | null {
  if (!q.goldSentence) return null;
  const gold = q.goldSentence;
  const i = passages.findIndex((p) => normalizeWhitespace(p.text).includes(gold));
  return i < 0 ? null : i + 1;
}

/** Whether the first answer sentence holds one of the gold answers. */
export function answerCorrect(q: Pick<EvalQuestion, "answers">, answer: { abstained: boolean; answer: readonly { text: string }[] }): boolean {
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
    hit1: rate(answerable.filter((o) => o.rank === 1), a),
    hit5: rate(answerable.filter((o) => o.rank !== null && o.rank <= 5), a),
    mrr10: a === 0 ? 0 : answerable.reduce((s, o) => s + (o.rank !== null && o.rank <= 10 ? 1 / o.rank : 0), 0) / a,
    answerAccuracy: rate(answerable.filter((o) => o.correct), a),
    wrongAbstentions: rate(answerable.filter((o) => o.abstained), a),
    abstentionOnUnanswerable: rate(unanswerable.filter((o) => o.abstained), unanswerable.length),
  };
}
