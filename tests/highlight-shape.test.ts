import { describe, expect, it } from "vitest";
import { marked } from "./helpers/marked.js";
import { highlightKind } from "../src/answer/index.js";
import { readQuestion, type QuestionShape } from "../src/answer/highlight-question.js";

/** What `readQuestion` reads from a what-question that says nothing more; each case below names only where it differs. */
const PLAIN: QuestionShape = {
  kind: "thing",
  noun: null,
  category: null,
  several: false,
  plural: false,
  naming: false,
  alternatives: null,
  other: false,
  example: false,
  subject: false,
  object: false,
};

describe("readQuestion", () => {
  it("GIVEN questions of several shapes THEN the kind, the nouns, a count, a plural, a term asked for and the two choices", () => {
    expect(
      [
        "What are two resources the method measures?",
        "Who were the founders?",
        "What is the term for it?",
        "Is it abstract or concrete?",
        "Does it work or not?",
        "What other kind of sport is popular?",
        "How many lines does it have?",
      ].map(readQuestion),
    ).toEqual([
      { ...PLAIN, several: true, plural: true },
      { ...PLAIN, kind: "person", plural: true },
      { ...PLAIN, naming: true },
      { ...PLAIN, alternatives: ["abstract", "concret"] },
      PLAIN,
      { ...PLAIN, category: "sport", other: true },
      { ...PLAIN, kind: "number", noun: "line" },
    ]);
  });

  it("GIVEN two wh-words THEN the first one decides the kind", () => {
    expect(highlightKind("Who led the troops when the city fell?")).toBe("person");
    expect(highlightKind("When did the city fall, and who led the troops?")).toBe("date");
  });

  it("GIVEN a what or which question about people in the plural THEN a person", () => {
    expect(["What individuals wrote the paper?", "Which companies own the port?", "What men led the raid?"].map(highlightKind)).toEqual([
      "person",
      "person",
      "person",
    ]);
  });
});

describe("highlightAnswer, by the question's shape", () => {
  it("GIVEN a who question that also says when THEN the name, not a date", () => {
    expect(marked("Who led the troops when the city fell?", "When the city fell, the troops were led by Guy de Lusignan.")).toEqual({
      start: 43,
      end: 58,
      words: "Guy de Lusignan",
    });
  });

  it("GIVEN a how-many question THEN the number before the noun it counts, not another number", () => {
    expect(marked("How many lines does the network have?", "Six of the seven lines of the network run downtown.")).toEqual({
      start: 11,
      end: 16,
      words: "seven",
    });
  });

  it("GIVEN a question that asks for two things THEN the list; GIVEN one THEN not the list", () => {
    const sentence = "The method measures the amount of resources needed, such as time and storage.";
    expect(marked("What are two resources the method measures?", sentence)).toEqual({ start: 60, end: 76, words: "time and storage" });
    expect(marked("What resource does the method measure?", sentence)).toEqual({ start: 24, end: 30, words: "amount" });
  });

  it("GIVEN a plural who question THEN both names; GIVEN a singular one THEN the first", () => {
    const sentence = "The firm was founded in 1990 by Anna Berg and Tom Lind, two engineers from Oslo.";
    expect(marked("Who were the founders of the firm?", sentence)).toEqual({ start: 32, end: 54, words: "Anna Berg and Tom Lind" });
    expect(marked("Who founded the firm?", sentence)).toEqual({ start: 32, end: 41, words: "Anna Berg" });
  });

  it("GIVEN a question for a term THEN the term after called or known as, with the question's own words in it", () => {
    expect(
      marked("What is the term for algorithms that use random bits?", "Algorithms that use random bits are called randomized algorithms."),
    ).toEqual({ start: 43, end: 64, words: "randomized algorithms" });
    expect(
      marked(
        "What are problems that take too long in practice known as?",
        "Problems that take too long in practice are known as intractable problems.",
      ),
    ).toEqual({ start: 53, end: 73, words: "intractable problems" });
  });

  it("GIVEN a question for a name THEN the words after said to be or named, never after a known", () => {
    expect(
      marked("What is the term for the algorithm?", "If T(n) is a polynomial, the algorithm is said to be a polynomial time algorithm."),
    ).toEqual({ start: 55, end: 80, words: "polynomial time algorithm" });
    expect(marked("What is the name of the method?", "A known method is slow, so the team uses one named quick sieve.")).toEqual({
      start: 51,
      end: 62,
      words: "quick sieve",
    });
  });

  it("GIVEN a question for a term and a definition THEN the term it defines", () => {
    expect(
      marked(
        "What is the term for a model of a general computing machine?",
        "A Turing machine is a mathematical model of a general computing machine.",
      ),
    ).toEqual({ start: 2, end: 16, words: "Turing machine" });
  });

  it("GIVEN a question that offers two choices THEN the one the sentence holds; GIVEN both THEN no choice is made for it", () => {
    expect(marked("Is the output simple or complex?", "The output is more complex than that of a decision problem.")).toEqual({
      start: 19,
      end: 26,
      words: "complex",
    });
    expect(marked("Is the output simple or complex?", "The output is neither simple nor complex.")).toBeNull();
  });

  it("GIVEN a name that ends in the question's own word THEN the whole name", () => {
    expect(marked("What is the name of the desert to the east?", "To the east lies the Colorado Desert, which is dry.")).toEqual({
      start: 21,
      end: 36,
      words: "Colorado Desert",
    });
    expect(marked("Which company owns the network?", "The network is owned by the Walt Disney Company.")).toEqual({
      start: 28,
      end: 47,
      words: "Walt Disney Company",
    });
  });

  it("GIVEN a what question THEN the noun phrase to its last noun, short of the noun that names the kind of thing asked for", () => {
    expect(marked("What defines complexity measures?", "Complexity measures are defined by the Blum complexity axioms.")).toEqual({
      start: 39,
      end: 61,
      words: "Blum complexity axioms",
    });
    expect(marked("What other culture is the coast home to?", "Besides surfing, the coast is home to a skateboard culture.")).toEqual({
      start: 40,
      end: 50,
      words: "skateboard",
    });
  });

  it("GIVEN a name joined by an en dash THEN one word", () => {
    expect(marked("What is the name of the border to the south?", "To the south is the Mexico–United States border.")).toEqual({
      start: 20,
      end: 47,
      words: "Mexico–United States border",
    });
  });

  it("GIVEN a how question THEN the clause after as", () => {
    expect(marked("How is the time calculated?", "The time is calculated as a function of the size of the input.")).toEqual({
      start: 28,
      end: 61,
      words: "function of the size of the input",
    });
  });
});
