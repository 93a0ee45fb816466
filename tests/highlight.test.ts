import { describe, expect, it } from "vitest";
import { marked } from "./helpers/marked.js";
import { AnswerSchema, highlightAnswer, highlightKind, highlightParts, markRanges, type Answer } from "../src/answer/index.js";
import { escapeDiscord } from "../src/bot/escape.js";
import { printable } from "../src/printable.js";

describe("highlightKind", () => {
  it("GIVEN question words THEN the kind of span wanted", () => {
    expect(
      [
        "How many people?",
        "How much did it cost?",
        "How long did it last?",
        "When did it start?",
        "What year was it?",
        "Who wrote it?",
        "Which organisation wrote it?",
        "Where is it?",
        "Which country is it in?",
        "Why did it fail?",
        "How was it done?",
        "What did the report describe?",
        "Name the report.",
        "What was the percentage of voters?",
        "What is the population of Fiji?",
        "What is the name of the city?",
        "What was the name of the king?",
        "What is the most populous city?",
      ].map(highlightKind),
    ).toEqual([
      "number",
      "number",
      "quantity",
      "date",
      "date",
      "person",
      "person",
      "place",
      "place",
      "reason",
      "manner",
      "thing",
      "thing",
      "number",
      "number",
      "place",
      "person",
      "place",
    ]);
  });
});

describe("highlightAnswer", () => {
  it("GIVEN a how-many question THEN the number, not the year and not the question's words", () => {
    expect(
      marked(
        "How many people did Myanmar hand over?",
        "In 2023 alone, Myanmar handed over more than 30,000 people to Chinese authorities.",
      ),
    ).toEqual({ start: 45, end: 51, words: "30,000" });
  });

  it("GIVEN a list of figures by country THEN the figure in the country's own part of the sentence, a one-digit one too", () => {
    const sentence = "The handovers of 77 individuals from Fiji in 2017, 6 from Vanuatu in 2019, 88 from Indonesia, 164 from Laos in 2023.";
    expect(marked("How many people did Vanuatu hand over?", sentence)?.words).toBe("6");
    expect(marked("How many people did Indonesia hand over?", sentence)?.words).toBe("88");
    expect(marked("How many people did Laos hand over?", sentence)?.words).toBe("164");
  });

  it("GIVEN a how-much question THEN the amount with its currency and scale", () => {
    expect(marked("How much did the operation cost?", "The operation cost $5.5 million over two years.")).toEqual({
      start: 19,
      end: 31,
      words: "$5.5 million",
    });
  });

  it("GIVEN a how-long question THEN the number with its unit", () => {
    expect(marked("How long did the siege last?", "The siege lasted 18 months before the city fell.")).toEqual({
      start: 17,
      end: 26,
      words: "18 months",
    });
  });

  it("GIVEN a when question THEN the year, or the whole date", () => {
    expect(
      marked("When was Operation Fox Hunt launched?", "Operation Fox Hunt was launched in 2014 by the Ministry of Public Security."),
    ).toEqual({ start: 35, end: 39, words: "2014" });
    expect(marked("When did the report appear?", "The report appeared on 17 January 2024, in English and Chinese.")).toEqual({
      start: 23,
      end: 38,
      words: "17 January 2024",
    });
  });

  it("GIVEN a question that asks for the year THEN the year of a whole date, or both years of two", () => {
    const sentence = "The report appeared on 17 January 2024, in English and Chinese.";
    expect(marked("In what year did the report appear?", sentence)?.words).toBe("2024");
    expect(marked("What year did the report appear?", sentence)?.words).toBe("2024");
    expect(marked("When did the report appear?", sentence)?.words).toBe("17 January 2024");
    expect(marked("Which year did the office close?", "The office closed in 1914 or 1915, records differ.")?.words).toBe("1914 or 1915");
  });

  it("GIVEN a where question THEN the place's name with the word of direction before it", () => {
    expect(marked("Where did the monks flee to?", "The monks fled to southern Italy in 1061.")?.words).toBe("southern Italy");
    expect(marked("Where did the monks flee to?", "The monks fled to Italy in 1061.")?.words).toBe("Italy");
  });

  it("GIVEN a who question THEN the name, with the small words inside it", () => {
    expect(
      marked("Who launched Operation Fox Hunt?", "Operation Fox Hunt was launched in 2014 by the Ministry of Public Security."),
    ).toEqual({ start: 47, end: 74, words: "Ministry of Public Security" });
    expect(marked("Who ruled the duchy?", "The duchy was ruled by Richard I of Normandy for fifty years.")).toEqual({
      start: 23,
      end: 44,
      words: "Richard I of Normandy",
    });
  });

  it("GIVEN a capitalised first word that the tagger calls no name THEN the name starts after it", () => {
    expect(marked("Who wrote the report?", "Recently Safeguard Defenders wrote the report.")).toEqual({
      start: 9,
      end: 28,
      words: "Safeguard Defenders",
    });
  });

  it("GIVEN a name ending in the numeral I THEN the numeral stays; GIVEN a lone I after a word that starts the sentence THEN it is the pronoun, cut", () => {
    expect(marked("Who ruled the duchy?", "The duchy was ruled by Richard I for fifty years.")).toEqual({
      start: 23,
      end: 32,
      words: "Richard I",
    });
    expect(marked("Who came home?", "Yesterday I came home.")).toEqual({ start: 0, end: 9, words: "Yesterday" });
  });

  it("GIVEN a name with a possessive ending THEN the name without the 's", () => {
    expect(
      marked("Who gave the settlers a common identity?", "Upon arriving, Rollo's leadership gave the settlers a common identity."),
    ).toEqual({ start: 15, end: 20, words: "Rollo" });
    expect(marked("Whose army crossed the river?", "The river was crossed by Robert’s army in 1081.")).toEqual({
      start: 25,
      end: 31,
      words: "Robert",
    });
  });

  it("GIVEN a who question and a place's name after a preposition THEN the person's name", () => {
    expect(
      marked(
        "Who kicked Ethelred out?",
        "Because of this, Ethelred fled to Normandy in 1013, when he was forced from his kingdom by Sweyn Forkbeard.",
      ),
    ).toEqual({ start: 91, end: 106, words: "Sweyn Forkbeard" });
    expect(
      marked("Who was Margaret's brother?", "One of the claimants opposing William, Edgar Atheling, eventually fled to Scotland."),
    ).toEqual({ start: 39, end: 53, words: "Edgar Atheling" });
  });

  it("GIVEN a where question THEN the place's name", () => {
    expect(marked("Where did the handover take place?", "The handover took place at Nadi International Airport in Fiji.")).toEqual({
      start: 27,
      end: 53,
      words: "Nadi International Airport",
    });
  });

  it("GIVEN what and which questions THEN the noun phrase that fills the gap", () => {
    expect(marked("What did the report describe?", "The report described pressure techniques on family members.")).toEqual({
      start: 21,
      end: 40,
      words: "pressure techniques",
    });
    expect(
      marked("Which field is closely related to complexity theory?", "A closely related field is the analysis of algorithms."),
    ).toEqual({ start: 31, end: 53, words: "analysis of algorithms" });
  });

  it("GIVEN an answer that is a list joined by and or or THEN the whole list", () => {
    expect(
      marked(
        "Which fields are closely related to complexity?",
        "Closely related fields are analysis of algorithms and computability theory.",
      ),
    ).toEqual({ start: 27, end: 74, words: "analysis of algorithms and computability theory" });
    expect(marked("Which cases are studied?", "The cases studied are best, worst and average.")).toEqual({
      start: 22,
      end: 45,
      words: "best, worst and average",
    });
    expect(marked("What do guests drink at breakfast?", "At breakfast the guests drink either tea or coffee.")).toEqual({
      start: 37,
      end: 50,
      words: "tea or coffee",
    });
  });

  it("GIVEN a what-kind-of or which-type-of question THEN the words before the noun it names", () => {
    expect(marked("What kind of arches does the style have?", "The style has rounded arches and massive proportions.")).toEqual({
      start: 14,
      end: 21,
      words: "rounded",
    });
    expect(marked("What type of economy did the region build?", "The region built a tech-oriented economy in the 2000s.")).toEqual({
      start: 19,
      end: 32,
      words: "tech-oriented",
    });
  });

  it("GIVEN a word in -ing or -ed that starts a phrase before a noun THEN it is part of the phrase", () => {
    expect(marked("What was one of the main exports?", "Their main exports were fighting horsemen.")).toEqual({
      start: 24,
      end: 41,
      words: "fighting horsemen",
    });
  });

  it("GIVEN a why question THEN the clause after because", () => {
    expect(marked("Why did they return?", "They returned because their relatives were threatened.")).toEqual({
      start: 28,
      end: 53,
      words: "relatives were threatened",
    });
  });

  it("GIVEN a sentence without a fact of the wanted kind, or only the question's words THEN null", () => {
    expect(highlightAnswer("How many moons does Mars have?", "Mars is a planet.")).toBeNull();
    expect(highlightAnswer("When did it start?", "It started long ago.")).toBeNull();
    expect(highlightAnswer("What is it?", "It is.")).toBeNull();
    expect(highlightAnswer("Who wrote the report?", "")).toBeNull();
  });

  it("GIVEN pattern characters and a long run of spaces in question and sentence THEN they are plain text, in linear time", () => {
    const t0 = performance.now();
    expect(highlightAnswer("How many (.*)+ [a-z]{1,}?", `${" ".repeat(100_000)}(.*)+ cost 42 [a-z]{1,}`)).toEqual({
      start: 100_011,
      end: 100_013,
    });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe("highlightParts", () => {
  it("GIVEN a highlight THEN the three parts, each cleaned by the front end's sanitiser", () => {
    expect(highlightParts("Paid *$5 million* to_ them.", { start: 6, end: 16 }, escapeDiscord)).toEqual({
      before: "Paid \\*",
      marked: "$5 million",
      after: "\\* to\\_ them.",
    });
  });

  it("GIVEN an escape sequence that straddles the highlight's edge THEN null, so the sentence is shown unmarked rather than differently", () => {
    const text = "A \u001b[31mred word.";
    expect(highlightParts(text, { start: 4, end: 14 }, printable)).toBeNull();
    expect(highlightParts(text, { start: 7, end: 11 }, printable)).toEqual({ before: "A ", marked: "red ", after: "word." });
  });

  it("GIVEN no highlight, or offsets outside the text THEN null", () => {
    expect(highlightParts("Text.", null, printable)).toBeNull();
    expect(highlightParts("Text.", { start: 2, end: 9 }, printable)).toBeNull();
  });
});

describe("AnswerSchema highlight", () => {
  const answer: Answer = {
    question: "How many?",
    understoodAs: "How many?",
    abstained: false,
    mode: "lexical",
    answer: [{ text: "It was 77.", citation: 1, highlight: { start: 7, end: 9 } }],
    citations: [],
    passages: [],
    timingsMs: { retrieve: 0, answer: 0, total: 0 },
  };

  it("GIVEN offsets or null THEN the answer is valid; GIVEN an empty or missing highlight THEN it is not", () => {
    expect(AnswerSchema.parse(answer).answer[0]?.highlight).toEqual({ start: 7, end: 9 });
    expect(AnswerSchema.safeParse({ ...answer, answer: [{ text: "It was 77.", citation: 1, highlight: null }] }).success).toBe(true);
    expect(
      AnswerSchema.safeParse({ ...answer, answer: [{ text: "It was 77.", citation: 1, highlight: { start: 7, end: 7 } }] }).success,
    ).toBe(false);
    expect(AnswerSchema.safeParse({ ...answer, answer: [{ text: "It was 77.", citation: 1 }] }).success).toBe(false);
  });
});

describe("markRanges", () => {
  const upper = (s: string) => s.toUpperCase();
  it("GIVEN ranges in any order THEN each wrapped, the pieces cleaned", () => {
    expect(
      markRanges(
        "88 from Indonesia",
        [
          { start: 8, end: 17 },
          { start: 0, end: 2 },
        ],
        upper,
        "<",
        ">",
      ),
    ).toBe("<88> FROM <INDONESIA>");
  });

  it("GIVEN overlapping, empty or out-of-bounds ranges, or a cleaner that reads across an edge THEN null", () => {
    expect(
      markRanges(
        "abcdef",
        [
          { start: 0, end: 3 },
          { start: 2, end: 4 },
        ],
        upper,
        "<",
        ">",
      ),
    ).toBeNull();
    expect(markRanges("abcdef", [{ start: 2, end: 2 }], upper, "<", ">")).toBeNull();
    expect(markRanges("abcdef", [{ start: 4, end: 9 }], upper, "<", ">")).toBeNull();
    const dropPairs = (s: string) => s.replace(/cd/g, "");
    expect(markRanges("abcdef", [{ start: 0, end: 3 }], dropPairs, "<", ">")).toBeNull();
  });
});
