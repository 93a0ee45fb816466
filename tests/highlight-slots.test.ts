import { describe, expect, it } from "vitest";
import { marked } from "./helpers/marked.js";
import { readQuestion } from "../src/answer/highlight-question.js";

/** The three slot flags `readQuestion` reads from `question`. */
function slots(question: string) {
  const { other, example, subject } = readQuestion(question);
  return { other, example, subject };
}

describe("readQuestion, the slot a question asks to fill", () => {
  it("GIVEN other than, what else, what other THEN another thing is asked for; GIVEN none THEN not", () => {
    expect(["Other than wheat, what crop do they grow?", "What else do they grow?", "What crop do they grow?"].map(slots)).toEqual([
      { other: true, example: false, subject: false },
      { other: true, example: false, subject: false },
      { other: false, example: false, subject: false },
    ]);
  });

  it("GIVEN what is an example of THEN an example is asked for; GIVEN is an example of what THEN not", () => {
    expect(["What is an example of a game?", "Chess is an example of what?"].map(slots)).toEqual([
      { other: false, example: true, subject: false },
      { other: false, example: false, subject: false },
    ]);
  });

  it("GIVEN a wh-phrase before a verb THEN the subject is asked for; GIVEN did, or a bare what was THEN not", () => {
    expect(
      [
        "Which company built the bridge?",
        "What destroyed the library?",
        "Which town was the largest?",
        "What did the fire destroy?",
        "What was the fire?",
      ].map((q) => slots(q).subject),
    ).toEqual([true, true, true, false, false]);
  });

  it("GIVEN what or which, then do, does or did THEN the object is asked for; GIVEN a wh-phrase before another verb THEN not", () => {
    expect(
      ["What did the monks grow?", "Which bridge does the road cross?", "What destroyed the library?"].map((q) => readQuestion(q).object),
    ).toEqual([true, true, false]);
  });
});

describe("highlightAnswer, filling the slot", () => {
  it("GIVEN other than one item of a list THEN the items beside it; GIVEN no other THEN the whole list", () => {
    const sentence = "The farmers of the valley grow wheat, barley and oats on the lower slopes.";
    expect(marked("Other than wheat, what other crop do the farmers grow?", sentence)).toEqual({
      start: 38,
      end: 53,
      words: "barley and oats",
    });
    expect(marked("What crop do the farmers grow?", sentence)).toEqual({ start: 31, end: 53, words: "wheat, barley and oats" });
  });

  it("GIVEN a question for an example THEN the words after for example or such as", () => {
    expect(
      marked(
        "What is an example of a board game played with dice?",
        "Many board games in the collection use dice, for example backgammon and ludo.",
      ),
    ).toEqual({
      start: 57,
      end: 76,
      words: "backgammon and ludo",
    });
    expect(
      marked("What is an example of a sport played on ice?", "The town has clubs for several sports played on ice, such as curling."),
    ).toEqual({
      start: 61,
      end: 68,
      words: "curling",
    });
  });

  it("GIVEN a question for the subject of a verb THEN the name before the verb, not the one after the object", () => {
    expect(marked("Which company built the bridge?", "Harland Steel built the bridge across the Avon.")).toEqual({
      start: 0,
      end: 13,
      words: "Harland Steel",
    });
  });

  it("GIVEN a question for the subject of a verb it words otherwise THEN the phrase before the sentence's verb, not the date", () => {
    expect(marked("What destroyed the old bridge?", "In the spring of 1887 a flood swept away the old bridge.")).toEqual({
      start: 24,
      end: 29,
      words: "flood",
    });
  });

  it("GIVEN a question for the object of a verb it words otherwise THEN the phrase right after the sentence's verb", () => {
    expect(
      marked(
        "What does a Turing machine handle on a strip of tape?",
        "It is a theoretical device that manipulates symbols contained on a strip of tape.",
      ),
    ).toEqual({ start: 44, end: 51, words: "symbols" });
  });

  it("GIVEN a name set right after the noun a who question names THEN that name, not another in the list", () => {
    expect(
      marked("Who is the baker that lives in the village?", "Master baker Anna Holm and the painter Jon Berg live in the village."),
    ).toEqual({
      start: 13,
      end: 22,
      words: "Anna Holm",
    });
  });

  it("GIVEN a question for the object of a verb THEN the phrase right after the verb, not a later one", () => {
    expect(marked("What did the monks grow?", "The monks grew vines on the southern slopes, and the villagers kept sheep.")).toEqual({
      start: 15,
      end: 20,
      words: "vines",
    });
    expect(marked("What does the mill produce?", "Since 1850 the mill has produced woollen cloth for the London market.")).toEqual({
      start: 33,
      end: 46,
      words: "woollen cloth",
    });
  });

  it("GIVEN two dates joined by and or or THEN both, as one span", () => {
    expect(marked("When were the mills built?", "The mills were built in the 12th and 13th centuries by the monks of Tintern.")).toEqual({
      start: 28,
      end: 51,
      words: "12th and 13th centuries",
    });
    expect(marked("When was the bridge rebuilt?", "The bridge was rebuilt in 1881 or 1882, after the flood.")).toEqual({
      start: 26,
      end: 38,
      words: "1881 or 1882",
    });
  });

  it("GIVEN a function written with its argument in brackets THEN the whole notation, with a bracket nested in it too", () => {
    expect(
      marked(
        "What expression denotes the cost of the sort?",
        "The cost of the sort is denoted by C(n), or by C(g(n)) when the input is weighted.",
      ),
    ).toEqual({
      start: 35,
      end: 39,
      words: "C(n)",
    });
    expect(
      marked(
        "What is the expression for the weighted cost?",
        "For a weighted input the cost is C(g(n)), which grows faster (as noted in (3) above).",
      ),
    ).toEqual({
      start: 33,
      end: 40,
      words: "C(g(n))",
    });
  });
});
