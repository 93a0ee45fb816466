import { describe, expect, it } from "vitest";
import type { Answer } from "../src/answer/index.js";
import { formatAnswer } from "../src/cli/format.js";

const answer: Answer = {
  question: "How many people were returned from Laos in 2023?",
  understoodAs: "How many people were returned from Laos in 2023?",
  abstained: false,
  mode: "lexical",
  answer: [{ text: "Laos | 2023 | 164", citation: 1, highlight: null }],
  citations: [
    {
      n: 1,
      doc: "report.pdf",
      title: "Involuntary Returns",
      publisher: "Safeguard Defenders",
      date: "2024",
      page: 14,
      pageLabel: "12",
      paragraph: 40,
      section: null,
      url: "https://example.org/r.pdf#page=14",
      quote: "Country | Year | Returned\nFiji | 2017 | 77\nLaos | 2023 | 164",
      tableHeader: null,
    },
  ],
  passages: [],
  timingsMs: { retrieve: 1, answer: 1, total: 2.4 },
};

describe("formatAnswer", () => {
  it("GIVEN a table row answer from a PDF THEN the terminal shows the quote, the page with its printed label, the link and the columns", () => {
    expect(formatAnswer(answer).split("\n")).toEqual([
      "  “Laos | 2023 | 164” [1]",
      "",
      "Sources:",
      "  [1] Involuntary Returns (Safeguard Defenders, 2024), p. 14 (printed 12) (report.pdf) https://example.org/r.pdf#page=14",
      "      columns: Country | Year | Returned",
      "  (mode: lexical, 2 ms)",
    ]);
  });

  it("GIVEN a follow-up understood as another question THEN the question understood comes first", () => {
    const followUp = {
      ...answer,
      question: "and in \u001b[31m2023?",
      understoodAs: "How many people were returned from Laos in \u001b[31m2023?",
    };
    expect(formatAnswer(followUp).split("\n").slice(0, 2)).toEqual([
      "Understood as: How many people were returned from Laos in 2023?",
      "  “Laos | 2023 | 164” [1]",
    ]);
  });

  it("GIVEN an abstention THEN only the abstention and the mode", () => {
    expect(formatAnswer({ ...answer, abstained: true, answer: [], citations: [] })).toBe(
      "I couldn't find this in the sources.\n  (mode: lexical, 2 ms)",
    );
  });
});
