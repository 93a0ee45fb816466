import { describe, expect, it } from "vitest";
import type { Answer } from "../src/answer/index.js";
import { DISCORD_LIMITS, renderAnswer } from "../src/bot/index.js";
import { formatAnswer, formatExchange, terminalStyle } from "../src/cli/format.js";
import { parseConfig } from "../src/config.js";
import { activeMarkup } from "./helpers/discord-markup.js";
import { defined } from "./helpers/defined.js";

const citation = {
  n: 1,
  doc: "a.md",
  title: "Report",
  publisher: null,
  date: null,
  page: null,
  pageLabel: null,
  paragraph: 2,
  section: null,
  url: null,
  quote: "",
  tableHeader: null,
};

function answerOf(sentences: { text: string; highlight: { start: number; end: number } | null }[]): Answer {
  return {
    question: "How many were returned?",
    understoodAs: "How many were returned?",
    abstained: false,
    mode: "lexical",
    answer: sentences.map((s) => ({ ...s, citation: 1 })),
    citations: [{ ...citation, quote: sentences.map((s) => s.text).join(" ") }],
    passages: [],
    timingsMs: { retrieve: 0, answer: 0, total: 1 },
  };
}

/** Bold markers Discord would act on: `**` not preceded by an escaping backslash. */
function boldMarkers(markdown: string): number {
  return (markdown.replace(/\\[\s\S]/g, "\u0001").match(/\*\*/g) ?? []).length;
}

const simple = answerOf([{ text: "Fiji handed over 77 individuals in 2017.", highlight: { start: 17, end: 19 } }]);

describe("terminalStyle", () => {
  it("GIVEN a TTY THEN bold; GIVEN a pipe, or NO_COLOR THEN plain", () => {
    expect(terminalStyle({ isTTY: true }, false)).toEqual({ bold: true });
    expect(terminalStyle({ isTTY: false }, false)).toEqual({ bold: false });
    expect(terminalStyle({}, false)).toEqual({ bold: false });
    expect(terminalStyle({ isTTY: true }, true)).toEqual({ bold: false });
  });

  it("GIVEN NO_COLOR with any value THEN noColor; GIVEN it unset or empty THEN not", () => {
    expect(parseConfig([], { NO_COLOR: "1" }, "/tmp").noColor).toBe(true);
    expect(parseConfig([], { NO_COLOR: "false" }, "/tmp").noColor).toBe(true);
    expect(parseConfig([], { NO_COLOR: "" }, "/tmp").noColor).toBe(false);
    expect(parseConfig([], {}, "/tmp").noColor).toBe(false);
  });
});

describe("formatAnswer with a highlight", () => {
  it("GIVEN a terminal that takes bold THEN the highlighted words alone are in ANSI bold", () => {
    expect(formatAnswer(simple, { bold: true }).split("\n")[0]).toBe("  “Fiji handed over \u001b[1m77\u001b[22m individuals in 2017.” [1]");
    expect(formatExchange("Q?", simple, { bold: true })).toContain("“Fiji handed over \u001b[1m77\u001b[22m individuals in 2017.” [1]");
  });

  it("GIVEN piped output (the default style) THEN the sentence is plain, with no escape at all", () => {
    expect(formatAnswer(simple).split("\n")[0]).toBe("  “Fiji handed over 77 individuals in 2017.” [1]");
    expect(formatExchange("Q?", simple, { bold: false })).not.toContain("\u001b");
  });

  it("GIVEN escape sequences in the source at the highlight's edges THEN they are removed and only the bold is written", () => {
    const hostile = answerOf([
      { text: "Over \u001b[31m77\u001b]8;;https://evil.example\u0007 people.", highlight: { start: 10, end: 12 } },
    ]);
    expect(formatAnswer(hostile, { bold: true }).split("\n")[0]).toBe("  “Over \u001b[1m77\u001b[22m people.” [1]");
    // A highlight that cuts through a source's escape sequence: shown unmarked, as the whole would be.
    const cut = answerOf([{ text: "Over \u001b[31m77 people.", highlight: { start: 7, end: 12 } }]);
    expect(formatAnswer(cut, { bold: true }).split("\n")[0]).toBe("  “Over 77 people.” [1]");
  });
});

describe("renderAnswer with a highlight", () => {
  it("GIVEN a highlight THEN the words are bold inside the quoted sentence, and an In brief line leads with them and the citation", () => {
    expect(renderAnswer(simple, { moreKey: null, pinnable: false }).embeds[0]?.description).toBe(
      "In brief: **77** [1]\n\n“Fiji handed over **77** individuals in 2017.” [1]",
    );
  });

  it("GIVEN no highlight THEN no bold and no In brief line", () => {
    const plain = answerOf([{ text: "Fiji handed over 77 individuals in 2017.", highlight: null }]);
    expect(renderAnswer(plain, { moreKey: null, pinnable: false }).embeds[0]?.description).toBe(
      "“Fiji handed over 77 individuals in 2017.” [1]",
    );
  });

  it("GIVEN Markdown characters at the highlight's edges THEN each part is escaped and the bold markers are the only active ones", () => {
    const text = "Paid *[$5 million](https://evil.example)* to_ @everyone.";
    const hostile = answerOf([{ text, highlight: { start: 6, end: 40 } }]);
    const description = renderAnswer(hostile, { moreKey: null, pinnable: false }).embeds[0]?.description ?? "";
    expect(description).toBe(
      "In brief: **\\[$5 million\\]\\(https\\://evil.example\\)** [1]\n\n“Paid \\***\\[$5 million\\]\\(https\\://evil.example\\)**\\* to\\_ \\@everyone.” [1]",
    );
    expect(activeMarkup(description)).toEqual({ links: [], bare: [], mentions: [] });
    expect(boldMarkers(description)).toBe(4);
  });

  it("GIVEN a highlight of Markdown characters only THEN they show as written, in bold", () => {
    const stars = answerOf([
      { text: "A ** and a \\ here.", highlight: { start: 2, end: 4 } },
      { text: "Back\\slash.", highlight: { start: 4, end: 5 } },
    ]);
    expect(renderAnswer(stars, { moreKey: null, pinnable: false }).embeds[0]?.description).toBe(
      "In brief: **\\*\\*** [1]\n\n“A **\\*\\*** and a \\\\ here.” [1]\n“Back**\\\\**slash.” [1]",
    );
  });

  it("GIVEN very long sentences that must be shortened THEN every limit holds, a highlight the cut reaches loses both markers, one before it keeps both", () => {
    const long = (n: number) => `${"word ".repeat(n)}ends here`;
    const first = `${long(300)} with 77 people and ${long(600)} with *42* more.`;
    const second = `${long(700)} about 1066.`;
    const answer = answerOf([
      { text: first, highlight: { start: first.indexOf("77"), end: first.indexOf("77") + 2 } },
      { text: first, highlight: { start: first.indexOf("42"), end: first.indexOf("42") + 2 } },
      { text: second, highlight: { start: second.indexOf("1066"), end: second.indexOf("1066") + 4 } },
    ]);
    const embed = defined(renderAnswer(answer, { moreKey: null, pinnable: false }).embeds[0]);
    const description = embed.description ?? "";
    expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(description.endsWith("…")).toBe(true);
    expect(description.startsWith("In brief: **77** [1]\n\n“word word")).toBe(true);
    expect(description).toContain(" with **77** people and ");
    expect(description).not.toContain("**42**");
    expect(description).not.toContain("1066");
    expect(boldMarkers(description)).toBe(4);
  });

  it("GIVEN a highlight cut by the shortening THEN no marker is left open, whatever the room", () => {
    const text = `${"word ".repeat(1000)}and the answer is ${"long ".repeat(200)}end.`;
    const start = text.indexOf("answer");
    const answer = answerOf([{ text, highlight: { start, end: text.length - 1 } }]);
    const description = renderAnswer(answer, { moreKey: null, pinnable: false }).embeds[0]?.description ?? "";
    expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    // The In brief line keeps its markers (its words are shortened inside them); the sentence, cut inside its highlight, has none.
    expect(description.split("\n\n")[0]).toBe(`In brief: **answer is ${"long ".repeat(8)}long…** [1]`);
    expect(boldMarkers(description)).toBe(2);
  });
});
