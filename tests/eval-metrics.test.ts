import { describe, expect, it } from "vitest";
import type { Answer } from "../src/answer/index.js";
import { exactMatch, highlightScore, normalizeAnswer, tokenF1 } from "../src/eval/metrics.js";
import type { EvalQuestion } from "../src/eval/squad.js";

describe("normalizeAnswer", () => {
  it("GIVEN case, punctuation, articles and white space THEN SQuAD's normal form", () => {
    expect(normalizeAnswer("  The Duchy of  Normandy, (France)! ")).toBe("duchy of normandy france");
    expect(normalizeAnswer("An apple and a theory")).toBe("apple and theory");
    // Punctuation goes before articles are removed, and "there" keeps its "the".
    expect(normalizeAnswer("the-end there")).toBe("theend there");
    expect(normalizeAnswer("“Vikings”")).toBe("“vikings”");
  });
});

describe("exactMatch and tokenF1", () => {
  it("GIVEN hand-computed cases THEN the official script's figures", () => {
    expect(exactMatch("The Beatles.", "beatles")).toBe(1);
    expect(exactMatch("Beatles band", "beatles")).toBe(0);
    // Predicted [cat, sat], gold [cat, sat, down]: precision 1, recall 2/3, F1 0.8.
    expect(tokenF1("the cat sat", "a cat sat down")).toBeCloseTo(0.8, 10);
    // Predicted [1066, battle, of, hastings], gold [1066]: precision 1/4, recall 1, F1 0.4.
    expect(tokenF1("1066, battle of Hastings", "1066")).toBeCloseTo(0.4, 10);
    // Repeated tokens count once per occurrence: [new, new, york] against [new, york]: 2/3 and 1, F1 0.8.
    expect(tokenF1("new new york", "New York")).toBeCloseTo(0.8, 10);
    expect(tokenF1("Paris", "London")).toBe(0);
    expect(tokenF1("", "London")).toBe(0);
    expect(tokenF1("the", "a")).toBe(1);
  });
});

describe("highlightScore", () => {
  const q: EvalQuestion = {
    id: "1",
    question: "Who?",
    answerable: true,
    docId: "a.txt",
    article: 0,
    goldSentence: null,
    answers: ["William the Conqueror", "William"],
  };
  const answer = (highlight: { start: number; end: number } | null, abstained = false): Answer => ({
    question: "Who?",
    understoodAs: "Who?",
    abstained,
    mode: "lexical",
    answer: abstained ? [] : [{ text: "Duke William II of Normandy won.", citation: 1, highlight }],
    citations: [],
    passages: [],
    timingsMs: { retrieve: 0, answer: 0, total: 0 },
  });

  it("GIVEN the first sentence's highlight THEN the best exact match and F1 over the gold answers", () => {
    expect(highlightScore(q, answer({ start: 5, end: 12 }))).toEqual({ exact: 1, f1: 1 });
    // "Duke William II": [duke, william, ii] against [william]: precision 1/3, recall 1, F1 0.5.
    expect(highlightScore(q, answer({ start: 0, end: 15 }))).toEqual({ exact: 0, f1: 0.5 });
  });

  it("GIVEN an abstention or no highlight THEN 0 on an answerable question", () => {
    expect(highlightScore(q, answer(null))).toEqual({ exact: 0, f1: 0 });
    expect(highlightScore(q, answer(null, true))).toEqual({ exact: 0, f1: 0 });
  });
});
