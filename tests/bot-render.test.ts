import { describe, expect, it } from "vitest";
import type { Answer } from "../src/answer/index.js";
import { DISCORD_LIMITS, renderAnswer, renderMorePassages, shorten } from "../src/bot/index.js";
import { questionFromMention } from "../src/bot/mentions.js";
import { defined } from "./helpers/defined.js";

function embedTotal(embed: {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

const longSentence = (n: number, words: number) => `Sentence ${n} ${"word ".repeat(words)}ends here.`;

function hugeAnswer(): Answer {
  const citations = Array.from({ length: 30 }, (_, i) => ({
    n: i + 1,
    doc: `doc-${i}.pdf`,
    title: `A very long report title ${"x".repeat(300)}`,
    publisher: null,
    date: null,
    page: i + 1,
    pageLabel: String(i + 10),
    paragraph: 2,
    section: null,
    url: `https://example.org/report-${i}.pdf#page=${i + 1}`,
    quote: Array.from({ length: 20 }, (_, j) => longSentence(j, 30)).join(" "),
    tableHeader: null,
  }));
  return {
    question: `What ${"really ".repeat(60)}happened?`,
    understoodAs: `What ${"really ".repeat(60)}happened?`,
    abstained: false,
    mode: "lexical",
    answer: [1, 2, 3].map((c) => ({ text: longSentence(c, 700), citation: c, highlight: null })),
    citations,
    passages: citations.map((c) => ({
      doc: c.doc,
      title: c.title,
      page: c.page,
      paragraph: c.paragraph,
      text: `*Not cited* @everyone ${c.quote}`,
      score: 1,
    })),
    timingsMs: { retrieve: 1, answer: 1, total: 2 },
  };
}

describe("shorten", () => {
  it("GIVEN text that fits THEN it is unchanged", () => {
    expect(shorten("Short.", 10)).toBe("Short.");
  });

  it("GIVEN several sentences THEN it cuts after a whole sentence and adds an ellipsis", () => {
    expect(shorten("First sentence here. Second sentence is longer than the room.", 40)).toBe("First sentence here.…");
  });

  it("GIVEN one long sentence THEN it cuts at a word boundary", () => {
    expect(shorten("alpha beta gamma delta epsilon", 14)).toBe("alpha beta…");
  });

  it("GIVEN an escape at the cut THEN no lone backslash is left", () => {
    expect(shorten("aaaa bbbb \\*cccc dddd eeee", 13)).not.toMatch(/\\…$/);
  });
});

describe("renderAnswer", () => {
  it("GIVEN a huge answer THEN every Discord limit holds and shortened parts end with an ellipsis", () => {
    const rendered = renderAnswer(hugeAnswer(), { moreKey: "k1", pinnable: true });
    const embed = defined(rendered.embeds[0]);
    expect(defined(embed.title).length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(defined(embed.title).endsWith("…")).toBe(true);
    expect(defined(embed.description).length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(defined(embed.fields).length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFields);
    for (const f of defined(embed.fields)) {
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    }
    expect(embedTotal(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(rendered.allowedMentions).toEqual({ parse: [], repliedUser: false });
  });

  it("GIVEN a PDF citation with a url THEN the field names page and printed label and links to the page", () => {
    const answer = hugeAnswer();
    const small: Answer = {
      ...answer,
      question: "Q?",
      answer: [{ text: "Short.", citation: 1, highlight: null }],
      citations: [{ ...defined(answer.citations[0]), title: "Report", publisher: "Safeguard Defenders", date: "2024", quote: "Short." }],
    };
    const field = defined(defined(defined(renderAnswer(small, { moreKey: null, pinnable: false }).embeds[0]).fields)[0]);
    expect(field).toEqual({
      name: "[1] Report \\(Safeguard Defenders, 2024\\), p. 1 \\(printed 10\\)",
      value: "> Short.\n[Open page 1](<https://example.org/report-0.pdf#page=1>)",
    });
  });

  it("GIVEN markdown characters in a quote THEN they are escaped so the text shows verbatim", () => {
    const answer = hugeAnswer();
    const small: Answer = {
      ...answer,
      question: "Q?",
      answer: [{ text: "A *bold* claim_.", citation: 1, highlight: null }],
      citations: [{ ...defined(answer.citations[0]), quote: "A *bold* claim_." }],
    };
    expect(defined(renderAnswer(small, { moreKey: null, pinnable: false }).embeds[0]).description).toBe("“A \\*bold\\* claim\\_.” [1]");
  });
});

describe("renderAnswer of quotes full of Markdown", () => {
  it("GIVEN 30 quotes of 50,000 Markdown characters THEN each field shows the quote's start escaped, cut after a whole escape, and every limit holds", () => {
    // No space to cut at: the cut falls among the escapes.
    const quote = (i: number) => `${i}${"*_[x](y)<@1>\\".repeat(4000)}`;
    const answer: Answer = { ...hugeAnswer(), citations: hugeAnswer().citations.map((c, i) => ({ ...c, url: null, quote: quote(i) })) };
    const embed = defined(renderAnswer(answer, { moreKey: null, pinnable: false }).embeds[0]);
    expect(embedTotal(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(embed.fields).toHaveLength(DISCORD_LIMITS.embedFields);
    for (const [i, f] of defined(embed.fields).entries()) {
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      // "> ", then escape pairs and plain characters only (no backslash left alone), then the ellipsis.
      expect(f.value).toMatch(/^> (?:\\[^\n]|[^\\\n])+…$/);
      const shown = f.value.slice(2, -1).replace(/\\(.)/g, "$1");
      expect(quote(i).startsWith(shown)).toBe(true);
    }
    // At 20 characters, field 10 is cut between the backslash of "\@" and the "@": the lone backslash is dropped.
    expect([defined(defined(embed.fields)[0]).value, defined(defined(embed.fields)[10]).value]).toEqual([
      "> 0\\*\\_\\[x\\]\\(y\\)\\<\\@…",
      "> 10\\*\\_\\[x\\]\\(y\\)\\<…",
    ]);
  });
});

describe("renderAnswer of a follow-up", () => {
  it("GIVEN a follow-up THEN the title is the question understood and the footer says what was asked, without controls", () => {
    const answer: Answer = {
      ...hugeAnswer(),
      question: "and \u202eLaos\u001b[31m?",
      understoodAs: "How many people did Laos hand over?",
      answer: [{ text: "Short.", citation: 1, highlight: null }],
      citations: [],
    };
    const embed = defined(renderAnswer(answer, { moreKey: null, pinnable: false }).embeds[0]);
    expect(embed.title).toBe("How many people did Laos hand over?");
    expect(defined(embed.footer).text).toBe(
      "follow-up: “and Laos?” · mode: lexical · 2 ms · every sentence is quoted verbatim from the source",
    );
  });

  it("GIVEN a question that stands alone THEN the title is the question and the footer has no follow-up", () => {
    const embed = defined(
      renderAnswer({ ...hugeAnswer(), question: "Q?", understoodAs: "Q?" }, { moreKey: null, pinnable: false }).embeds[0],
    );
    expect(embed.title).toBe("Q?");
    expect(defined(embed.footer).text).toMatch(/^mode: lexical · /);
  });

  it("GIVEN a 2,000-character follow-up understood as a longer question THEN title and footer stay within Discord's limits", () => {
    const embed = defined(
      renderAnswer(
        { ...hugeAnswer(), question: `and ${"Laos ".repeat(400)}?`, understoodAs: `How many people did ${"Laos ".repeat(800)}hand over?` },
        { moreKey: null, pinnable: true },
      ).embeds[0],
    );
    expect(defined(embed.title).length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(defined(embed.footer).text.length).toBeLessThanOrEqual(DISCORD_LIMITS.footerText);
    expect(embedTotal(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  });
});

describe("renderMorePassages", () => {
  it("GIVEN many long passages THEN the list fits in one message", () => {
    const text = renderMorePassages(hugeAnswer());
    expect(text.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(text).toContain("> \\*Not cited\\* \\@everyone Sentence 0");
  });
});

describe("questionFromMention", () => {
  it("GIVEN both mention forms of the bot THEN they are removed and the rest is the question", () => {
    expect(questionFromMention("<@42> When did <@!42> Fox Hunt start? <@7>", "42")).toBe("When did   Fox Hunt start? <@7>");
  });
});
