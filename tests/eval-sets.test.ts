import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  changedNumberQuestions,
  corpusTokens,
  everydayQuestions,
  frequentWordQuestions,
  randomWordQuestions,
  THINGS,
  unrelatedQuestions,
} from "../src/eval/abstention-sets.js";
import { articleQuestions } from "../src/eval/harness.js";
import { REPO_ROOT } from "./helpers/fixtures.js";

const body = (q: string) =>
  q
    .replace(/^(What|How many|Who|When did) /, "")
    .replace(/\?$/, "")
    .split(" ");

describe("randomWordQuestions", () => {
  const sources = { vocabulary: ["fiji", "handover", "police"], english: ["banana", "ladder", "orbit"] };

  it("GIVEN a seed THEN the same questions; by turns all corpus words, all English words, or a mix", () => {
    const questions = randomWordQuestions(sources, 30, 5);
    expect(questions).toEqual(randomWordQuestions(sources, 30, 5));
    expect(questions).not.toEqual(randomWordQuestions(sources, 30, 6));
    questions.forEach((q, i) => {
      const words = body(q);
      expect(words.length).toBeGreaterThanOrEqual(2);
      expect(words.length).toBeLessThanOrEqual(14);
      if (i % 3 === 0) for (const w of words) expect(sources.vocabulary).toContain(w);
      if (i % 3 === 1) for (const w of words) expect(sources.english).toContain(w);
    });
  });
});

describe("frequentWordQuestions", () => {
  it("GIVEN running text THEN words drawn from it, stop words and repeats included", () => {
    const tokens = corpusTokens(["The police of Fiji handed over the 77 people."]);
    expect(tokens).toEqual(["the", "police", "of", "fiji", "handed", "over", "the", "people"]);
    for (const q of frequentWordQuestions(tokens, 20, 1)) for (const w of body(q)) expect(tokens).toContain(w);
  });
});

describe("unrelatedQuestions", () => {
  it("GIVEN a corpus that knows some entities' words THEN only questions about the others", () => {
    const known = new Set(["tasmania", "netflix"]);
    const questions = unrelatedQuestions((w) => known.has(w), 200, 2);
    expect(questions).toHaveLength(200);
    expect(questions.some((q) => /Tasmania|Netflix/.test(q))).toBe(false);
    expect(unrelatedQuestions(() => true, 10, 2)).toEqual([]);
  });
});

describe("everydayQuestions", () => {
  it("GIVEN a seed THEN the same well-formed questions about common things, every other one in lower case", () => {
    const questions = everydayQuestions(40, "eval", 5);
    expect(questions).toEqual(everydayQuestions(40, "eval", 5));
    expect(questions).not.toEqual(everydayQuestions(40, "eval", 6));
    expect(questions.every((q) => /^[A-Za-z][A-Za-z ]+\?$/.test(q) && !q.includes("{}"))).toBe(true);
    expect(questions.filter((_, i) => i % 2 === 1).every((q) => q === q.toLowerCase())).toBe(true);
    expect(new Set(questions).size).toBeGreaterThan(30);
  });

  it("GIVEN the fitting part and the evaluation part THEN no question and no thing in common", () => {
    const fit = everydayQuestions(2000, "fit", 1);
    const evaluation = everydayQuestions(2000, "eval", 2);
    const lower = (qs: string[]) => new Set(qs.map((q) => q.toLowerCase()));
    const fitted = lower(fit);
    expect([...lower(evaluation)].some((q) => fitted.has(q))).toBe(false);
    const things = (qs: string[]) => {
      const all = new Set(Object.values(THINGS).flat());
      return new Set(qs.flatMap((q) => q.toLowerCase().replace("?", "").split(" ")).filter((w) => all.has(w)));
    };
    const fitThings = things(fit);
    const evalThings = things(evaluation);
    expect(fitThings.size).toBeGreaterThan(20);
    expect(evalThings.size).toBeGreaterThan(20);
    expect([...evalThings].some((w) => fitThings.has(w))).toBe(false);
  });
});

describe("changedNumberQuestions", () => {
  it("GIVEN real questions THEN those with numbers come back with each changed to one the corpus lacks; others are left out", () => {
    const known = new Set(["2017", "2024", "77"]);
    expect(
      changedNumberQuestions(["How many people did Fiji hand over in 2017?", "Who wrote the report?", "Did 1,000 people return?"], (n) =>
        known.has(n),
      ),
    ).toEqual(["How many people did Fiji hand over in 2030?", "Did 1007 people return?"]);
  });
});

describe("articleQuestions", () => {
  it("GIVEN the built-in article's questions THEN half tune and half are held out, each with its answer words", () => {
    const questions = articleQuestions();
    expect(questions).toHaveLength(40);
    expect(questions.filter((q) => q.split === "tuning")).toHaveLength(20);
    const article = readFileSync(path.join(REPO_ROOT, "corpus", "article.md"), "utf8").replace(/’/g, "'");
    for (const q of questions) expect(article, q.question).toContain(q.answer);
  });
});
