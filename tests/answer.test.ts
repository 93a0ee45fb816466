import { describe, expect, it } from "vitest";
import {
  ABSTAIN_MESSAGE,
  AnswerSchema,
  answerType,
  composeAnswer,
  coverage,
  DEFAULT_SENTENCE_PARAMS,
  holdsAnswerType,
  occursOnPage,
  scoreSentence,
  verifyAnswer,
} from "../src/answer/index.js";
import { parseTextDocument } from "../src/ingest/index.js";
import { retrieve } from "../src/retrieve/index.js";
import type { LoadedIndex } from "../src/store/index.js";
import type { SourceDocument } from "../src/types.js";
import { indexOverRead } from "./helpers/memory-index.js";

const CORPUS = `---
title: "Returns report"
url: https://example.org/returns
---

Operation Fox Hunt was launched in 2014 by the Ministry of Public Security. Operation Sky Net followed a year later.

Many people were persuaded to return. Between April 2021 and July 2022, 230,000 individuals were persuaded to return.

Fiji handed over 77 individuals in 2017. The handover took place at Nadi airport.

The report was written by Safeguard Defenders, a human rights group.`;

function loadIndex(): LoadedIndex {
  return indexOverRead([parseTextDocument("returns.md", CORPUS, "markdown")]);
}

async function ask(question: string) {
  const index = loadIndex();
  const { passages, mode } = await retrieve(index, null, question, { topK: 5 });
  return composeAnswer({ question, mode, passages, lexical: index.lexical, documents: index.documents });
}

describe("answerType", () => {
  it("GIVEN question words THEN the wanted fact type", () => {
    expect(answerType("How many people returned?")).toBe("number");
    expect(answerType("When was Fox Hunt launched?")).toBe("date");
    expect(answerType("In what year did Sky Net start?")).toBe("date");
    expect(answerType("Who wrote the report?")).toBe("person");
    expect(answerType("Where did the handover happen?")).toBe("place");
    expect(answerType("Why does it matter?")).toBe("other");
  });
});

describe("holdsAnswerType", () => {
  it("GIVEN a number question THEN a sentence whose only number is in the question does not count", () => {
    expect(holdsAnswerType("number", "In 2022 many returned.", "How many returned in 2022?")).toBe(false);
    expect(holdsAnswerType("number", "In 2022, 230,000 returned.", "How many returned in 2022?")).toBe(true);
  });
});

describe("composeAnswer", () => {
  it("GIVEN a how-many question THEN the sentence with the number is first, verbatim and cited", async () => {
    const answer = await ask("How many individuals were persuaded to return?");
    expect(answer.abstained).toBe(false);
    expect(answer.answer[0]).toEqual({
      text: "Between April 2021 and July 2022, 230,000 individuals were persuaded to return.",
      citation: 1,
      highlight: { start: 34, end: 41 },
    });
    expect(answer.citations[0]).toMatchObject({
      n: 1,
      doc: "returns.md",
      title: "Returns report",
      page: null,
      paragraph: 2,
      url: "https://example.org/returns",
    });
    expect(answer.citations[0]?.quote).toContain(answer.answer[0]?.text);
  });

  it("GIVEN a when question THEN the sentence with the year is chosen", async () => {
    const answer = await ask("When was Operation Fox Hunt launched?");
    expect(answer.answer[0]?.text).toBe("Operation Fox Hunt was launched in 2014 by the Ministry of Public Security.");
  });

  it("GIVEN a who question THEN the sentence naming the author is chosen", async () => {
    const answer = await ask("Who wrote the report?");
    expect(answer.answer[0]?.text).toBe("The report was written by Safeguard Defenders, a human rights group.");
    expect(answer.citations[0]?.paragraph).toBe(4);
  });

  it("GIVEN an off-topic question THEN it abstains with no answer sentences", async () => {
    const answer = await ask("What is the capital of Peru?");
    expect(answer).toMatchObject({ abstained: true, answer: [], citations: [] });
    expect(ABSTAIN_MESSAGE).toBe("I couldn't find this in the sources.");
  });

  it("GIVEN a question made only of stop words THEN it abstains", async () => {
    expect(await ask("What is it?")).toMatchObject({ abstained: true, answer: [], citations: [] });
  });

  // Each question has one right sentence: an answer that abstained, or quoted another sentence, fails.
  it.each([
    ["How many individuals did Fiji hand over?", "Fiji handed over 77 individuals in 2017.", 3],
    ["Where did the handover take place?", "The handover took place at Nadi airport.", 3],
    ["When did Operation Sky Net start?", "Operation Sky Net followed a year later.", 1],
    ["What kind of group is Safeguard Defenders?", "The report was written by Safeguard Defenders, a human rights group.", 4],
  ] as const)(
    "GIVEN %s THEN the answer is its sentence, verbatim in the document, citing its paragraph",
    async (question, sentence, paragraph) => {
      const text = loadIndex().documents.get("returns.md")?.text;
      const answer = await ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.answer.map((s) => [s.text, s.citation])).toEqual([[sentence, 1]]);
      expect(text).toContain(sentence);
      expect(answer.citations).toHaveLength(1);
      expect(answer.citations[0]).toMatchObject({ n: 1, doc: "returns.md", paragraph });
      expect(answer.citations[0]?.quote).toContain(sentence);
    },
  );
});

describe("AnswerSchema", () => {
  it("GIVEN an answer and an abstention THEN both match the documented JSON schema", async () => {
    const answered = await ask("How many individuals were persuaded to return?");
    const declined = await ask("What is the capital of Peru?");
    expect([answered.abstained, declined.abstained]).toEqual([false, true]);
    expect(AnswerSchema.safeParse(answered).success).toBe(true);
    expect(AnswerSchema.safeParse(declined).success).toBe(true);
  });

  it("GIVEN a malformed answer THEN the schema rejects it", () => {
    expect(
      AnswerSchema.safeParse({
        question: "q",
        abstained: false,
        mode: "semantic",
        answer: [],
        citations: [],
        passages: [],
        timingsMs: { retrieve: 0, answer: 0, total: 0 },
      }).success,
    ).toBe(false);
  });
});

describe("coverage and scoreSentence", () => {
  it("GIVEN weighted question terms THEN coverage is the share of weight the sentence holds", () => {
    const question = new Map([
      ["fiji", 3],
      ["hand", 1],
    ]);
    expect(coverage(question, new Set(["fiji", "2017"]))).toBe(0.75);
    expect(coverage(question, new Set())).toBe(0);
    expect(coverage(new Map(), new Set(["fiji"]))).toBe(0);
  });

  it("GIVEN the same sentence with and without the asked-for fact type THEN the type bonus is the difference", () => {
    const base = { coverage: 0.5, contextCoverage: 0.5, passageRank: 0, question: "How many people returned?" };
    const withNumber = scoreSentence({ ...base, type: "number", text: "In all, 77 people returned." });
    const without = scoreSentence({ ...base, type: "number", text: "Many people returned." });
    expect(withNumber - without).toBeCloseTo(DEFAULT_SENTENCE_PARAMS.typeBonus, 10);
    expect(without).toBeCloseTo(0.5 + DEFAULT_SENTENCE_PARAMS.contextWeight * 0.5 + DEFAULT_SENTENCE_PARAMS.rankWeight, 10);
  });
});

describe("verifyAnswer", () => {
  it("GIVEN a sentence that is not in the cited source THEN it is dropped; with none left the answer abstains", async () => {
    const index = loadIndex();
    const real = await ask("How many individuals were persuaded to return?");
    const forged = { ...real, answer: [...real.answer, { text: "Fiji returned 10,000 people.", citation: 1, highlight: null }] };
    const checked = verifyAnswer(forged, index.documents);
    expect(checked.answer.answer).toEqual(real.answer);
    expect(checked.passed).toBe(checked.checked - 1);
    const allForged = verifyAnswer(
      { ...real, answer: [{ text: "Nothing like this is in the report.", citation: 1, highlight: null }] },
      index.documents,
    );
    expect(allForged.answer).toMatchObject({ abstained: true, answer: [], citations: [] });
  });

  it("GIVEN a PDF page that does not hold the sentence THEN occursOnPage says no; the page where it starts says yes", () => {
    const doc = {
      ...parseTextDocument("r.pdf", "x", "text"),
      text: "Page one text.\n\nPage two starts here and goes on.",
      pages: [
        { n: 1, label: null, start: 0, end: 16 },
        { n: 2, label: null, start: 16, end: 48 },
      ],
    };
    expect(occursOnPage(doc, 2, "Page two starts here")).toBe(true);
    expect(occursOnPage(doc, 1, "Page two starts here")).toBe(false);
    expect(occursOnPage(doc, 3, "Page one text.")).toBe(false);
  });

  it("GIVEN a document without pages and the cited paragraph THEN the sentence is looked for in that paragraph's text alone; elsewhere in the document it still holds, and a forged one nowhere", () => {
    const parsed = parseTextDocument("d.txt", "First paragraph says one thing.\n\nSecond paragraph   says\nanother.", "text");
    let wholeReads = 0;
    const doc: SourceDocument = {
      ...parsed,
      get text() {
        wholeReads++;
        return parsed.text;
      },
      readSpan: (start, end) => parsed.text.slice(start, end),
    };
    expect(occursOnPage(doc, null, "Second paragraph says another.", 2)).toBe(true);
    expect(occursOnPage(doc, null, "First paragraph says one thing.", 1)).toBe(true);
    expect(wholeReads).toBe(0);
    // Cited under the wrong paragraph: still verbatim in the document, as the check has always accepted.
    expect(occursOnPage(doc, null, "First paragraph says one thing.", 2)).toBe(true);
    expect(occursOnPage(doc, null, "Second paragraph says nothing.", 2)).toBe(false);
  });

  it("GIVEN documents without pages, more than the collapsed-text cache holds, checked in turn THEN each sentence is found as written or with its white space collapsed, and a forged one in none", () => {
    // Five texts of 1.5 M characters: the cache of collapsed texts (4 M characters) holds two at a time.
    const docs = [0, 1, 2, 3, 4].map((i) => ({
      ...parseTextDocument(`d${i}.md`, "x", "markdown"),
      text: `${"filler words here. ".repeat(80_000)}Document ${i} says   Fiji\nhanded over ${i + 70} people.`,
    }));
    for (const round of [0, 1]) {
      for (const [i, doc] of docs.entries()) {
        expect(occursOnPage(doc, null, `Document ${i} says   Fiji\nhanded over ${i + 70} people.`)).toBe(true);
        expect(occursOnPage(doc, null, `Document ${i} says Fiji handed over ${i + 70} people.`)).toBe(true);
        expect(occursOnPage(doc, null, `Document ${i} says Fiji handed over ${i + 71 + round} people.`)).toBe(false);
      }
    }
  });
});
