import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkRefs, type Answer } from "../src/answer/index.js";
import { formatCheck, MAX_CHECK_CHARS, parseCheckFooter } from "../src/bot/check-footer.js";
import { auditSummary, pinVerdict, staleNotice, type AuditReport } from "../src/bot/pin-audit.js";
import { renderAnswer } from "../src/bot/render.js";
import { DISCORD_LIMITS } from "../src/bot/limits.js";
import { SentenceLocator, sentenceHash, type SentenceRef } from "../src/store/index.js";
import { EVERYDAY_PARAGRAPHS, REPO_ROOT } from "./helpers/fixtures.js";
import { engineOver, engineOverRead } from "./helpers/memory-index.js";
import { answerQuoting, pagedDocument } from "./helpers/pinned-answers.js";
import { defined } from "./helpers/defined.js";

const FIJI = "Fiji handed over 77 people in 2017.";
const LAOS = "Laos handed over 164 people in 2023.";
const FIJI_HASH = "dc9550069cea";
const LAOS_HASH = "d21e25038b5f";

const footerOf = (answer: Answer) => defined(defined(renderAnswer(answer, { moreKey: null, pinnable: true }).embeds[0]).footer).text;

describe("sentenceHash", () => {
  it("GIVEN a sentence THEN the first 12 hex characters of the sha256 of its text", () => {
    expect(sentenceHash(FIJI)).toBe(FIJI_HASH);
  });

  it("GIVEN the same words with other white space (a PDF re-read with other line breaks) THEN the same hash", () => {
    expect(sentenceHash(" Fiji handed  over 77\npeople in 2017. ")).toBe(FIJI_HASH);
    expect(sentenceHash("Fiji handed over 78 people in 2017.")).not.toBe(FIJI_HASH);
  });
});

describe("check data in the answer footer", () => {
  it("GIVEN an answer quoting a page of a PDF THEN the footer ends with one readable token per sentence, read back exactly", () => {
    const doc = pagedDocument("report.pdf", [[FIJI], [LAOS]]);
    const answer = answerQuoting("Who handed over 164 people?", doc, LAOS);
    const footer = footerOf(answer);
    expect(footer).toBe(`mode: lexical · 2 ms · every sentence is quoted verbatim from the source · check: report.pdf:p2:${LAOS_HASH}`);
    expect(parseCheckFooter(footer)).toEqual([{ doc: "report.pdf", at: { kind: "page", n: 2 }, hash: LAOS_HASH }]);
  });

  it("GIVEN the built-in article's answer THEN its check data names the paragraph, and every sentence is still verbatim there", async () => {
    const engine = engineOver("article.md", readFileSync(path.join(REPO_ROOT, "corpus", "article.md"), "utf8"));
    const answer = await engine.ask("How many people were persuaded to return between April 2021 and July 2022?");
    const refs = parseCheckFooter(footerOf(answer));
    expect(refs).toEqual(checkRefs(answer));
    expect(refs).toEqual([{ doc: "article.md", at: { kind: "paragraph", n: 5 }, hash: sentenceHash(defined(answer.answer[0]).text) }]);
    for (const ref of refs ?? []) expect(await engine.locateSentence(ref)).toEqual({ status: "verbatim" });
  });

  it("GIVEN document ids with spaces, colons, percent signs and accents THEN they are percent-encoded and read back unchanged", () => {
    const refs: SentenceRef[] = [
      { doc: "rapports/été 2024: final%.pdf", at: { kind: "page", n: 12 }, hash: FIJI_HASH },
      { doc: "notes (draft)!.md", at: { kind: "paragraph", n: 3 }, hash: LAOS_HASH },
    ];
    const check = formatCheck(refs);
    expect(check).toBe(`check: rapports/%C3%A9t%C3%A9%202024%3A%20final%25.pdf:p12:${FIJI_HASH} notes%20%28draft%29%21.md:¶3:${LAOS_HASH}`);
    expect(parseCheckFooter(`mode: lexical · ${check}`)).toEqual(refs);
  });

  it("GIVEN a follow-up whose question forges check data THEN the footer's own check data is the one read", () => {
    const doc = pagedDocument("report.pdf", [[FIJI], [LAOS]]);
    const answer = {
      ...answerQuoting("x", doc, FIJI),
      question: "and · check: evil.pdf:p1:000000000000",
      understoodAs: "Who handed over 77 people?",
    };
    expect(parseCheckFooter(footerOf(answer))).toEqual([{ doc: "report.pdf", at: { kind: "page", n: 1 }, hash: FIJI_HASH }]);
  });

  it("GIVEN an abstention, even one whose question forges check data THEN its footer carries none and reads as none", () => {
    const doc = pagedDocument("report.pdf", [[FIJI]]);
    const abstained: Answer = {
      ...answerQuoting("x", doc, FIJI),
      question: "and · check: report.pdf:p1:dc9550069cea",
      understoodAs: "y",
      abstained: true,
      answer: [],
      citations: [],
    };
    const footer = footerOf(abstained);
    expect(footer).not.toMatch(/ · check: [^·]*$/);
    expect(parseCheckFooter(footer)).toBeNull();
  });

  it("GIVEN a document id over 512 characters, or check data over 1,000 THEN the answer carries no check data and its footer is as before", () => {
    const doc = pagedDocument(`${"long-folder-name/".repeat(31)}report.pdf`, [[FIJI]]);
    const answer = answerQuoting("Who handed over 77 people?", doc, FIJI);
    expect(formatCheck(checkRefs(answer))).toBeNull();
    const threeSentences = defined(checkRefs(answerQuoting("q", pagedDocument(`${"é".repeat(150)}.pdf`, [[FIJI]]), FIJI)));
    expect(formatCheck([...threeSentences, ...threeSentences, ...threeSentences])).toBeNull();
    expect(footerOf(answer)).toBe("mode: lexical · 2 ms · every sentence is quoted verbatim from the source");
    expect(MAX_CHECK_CHARS).toBeLessThan(DISCORD_LIMITS.footerText);
  });

  it("GIVEN a 2,000-character follow-up THEN the footer stays within Discord's limit and keeps its check data whole", () => {
    const doc = pagedDocument("report.pdf", [[FIJI]]);
    const answer = { ...answerQuoting("x", doc, FIJI), question: "and ".repeat(500), understoodAs: "Who handed over 77 people?" };
    const footer = footerOf(answer);
    expect(footer.length).toBeLessThanOrEqual(DISCORD_LIMITS.footerText);
    expect(footer.endsWith(` · check: report.pdf:p1:${FIJI_HASH}`)).toBe(true);
  });
});

describe("parseCheckFooter on footers that are not Citebot's check data", () => {
  const good = `mode: lexical · check: report.pdf:p2:${LAOS_HASH}`;
  const hostile: [string, unknown][] = [
    ["no footer", undefined],
    ["a number", 42],
    ["an object", { text: good }],
    ["an empty footer", ""],
    ["another bot's footer", "Powered by OtherBot · v2.1"],
    ["check data without the separator before it", `check: report.pdf:p2:${LAOS_HASH}`],
    ["check data that is not last", `${good} · mode: lexical`],
    ["a footer over Discord's 2,048 characters", `${"x".repeat(2100)} · check: report.pdf:p2:${LAOS_HASH}`],
    ["a million characters", `a · check: ${"report.pdf:p2:d21e25038b5f ".repeat(40_000)}`],
    ["eleven tokens", `a · check: ${Array.from({ length: 11 }, () => `r.pdf:p1:${LAOS_HASH}`).join(" ")}`],
    ["no token", "a · check: "],
    ["two spaces between tokens", `a · check: r.pdf:p1:${LAOS_HASH}  r.pdf:p2:${LAOS_HASH}`],
    ["a trailing space", `${good} `],
    ["a short hash", "a · check: report.pdf:p2:d21e25038b5"],
    ["an upper-case hash", "a · check: report.pdf:p2:D21E25038B5F"],
    ["page 0", `a · check: report.pdf:p0:${LAOS_HASH}`],
    ["a page with a leading zero", `a · check: report.pdf:p02:${LAOS_HASH}`],
    ["a page beyond any document", `a · check: report.pdf:p99999999:${LAOS_HASH}`],
    ["another kind of place", `a · check: report.pdf:s2:${LAOS_HASH}`],
    ["an empty document id", `a · check: :p2:${LAOS_HASH}`],
    ["a bad percent escape", `a · check: r%E9.pdf:p2:${LAOS_HASH}`],
    ["an escape Citebot does not write", `a · check: report%2Epdf:p2:${LAOS_HASH}`],
    ["a control character in the id", `a · check: r%07.pdf:p2:${LAOS_HASH}`],
    ["a bidi override in the id", `a · check: r%E2%80%AE.pdf:p2:${LAOS_HASH}`],
    ["a 600-character id", `a · check: ${"d".repeat(600)}:p2:${LAOS_HASH}`],
    ["a token with a space in the id", `a · check: my report.pdf:p2:${LAOS_HASH}`],
  ];

  it("GIVEN ids Citebot could not read back (controls, over 512 characters, a lone surrogate) THEN it writes no check data", () => {
    for (const doc of ["r\u0007.pdf", "d".repeat(513), "r\uD800.pdf"])
      expect(formatCheck([{ doc, at: { kind: "page", n: 1 }, hash: LAOS_HASH }])).toBeNull();
  });

  it("GIVEN Citebot's own check data THEN it is read", () => {
    expect(parseCheckFooter(good)).toEqual([{ doc: "report.pdf", at: { kind: "page", n: 2 }, hash: LAOS_HASH }]);
  });

  it.each(hostile)("GIVEN %s THEN there is no check data, without throwing", (_, footer) => {
    expect(parseCheckFooter(footer)).toBeNull();
  });

  // A generous bound a linear parser meets at once on a busy machine; a backtracking one (cubic or worse) takes seconds on these.
  it("GIVEN 2,048 characters built to slow a parser down THEN it answers within a second", () => {
    const footers = [
      `a · check: ${"%".repeat(2030)}`,
      `a · check: ${"a:".repeat(1015)}`,
      `a · check: ${"p1:".repeat(676)}`,
      `${" · ".repeat(680)}check: x`,
    ];
    const t0 = performance.now();
    for (const f of footers) expect(parseCheckFooter(f)).toBeNull();
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe("SentenceLocator and engine.locateSentence", () => {
  const before = pagedDocument("report.pdf", [[FIJI, EVERYDAY_PARAGRAPHS], [LAOS]]);
  const after = pagedDocument("report.pdf", [[FIJI, EVERYDAY_PARAGRAPHS], ["A chapter on methods was added."], [LAOS]]);
  const laosRef = defined(defined(checkRefs(answerQuoting("q", before, LAOS)))[0]);

  it("GIVEN an unchanged index THEN the sentence is verbatim on its page", async () => {
    expect(await engineOverRead([before]).locateSentence(laosRef)).toEqual({ status: "verbatim" });
  });

  it("GIVEN the sentence now a page later THEN moved, with the new page", async () => {
    expect(laosRef).toEqual({ doc: "report.pdf", at: { kind: "page", n: 2 }, hash: LAOS_HASH });
    expect(await engineOverRead([after]).locateSentence(laosRef)).toEqual({
      status: "moved",
      doc: "report.pdf",
      at: { kind: "page", n: 3 },
    });
  });

  it("GIVEN the sentence's number changed THEN gone", async () => {
    const revised = pagedDocument("report.pdf", [[FIJI, EVERYDAY_PARAGRAPHS], ["Laos handed over 165 people in 2023."]]);
    expect(await engineOverRead([revised]).locateSentence(laosRef)).toEqual({ status: "gone" });
  });

  it("GIVEN the document renamed THEN moved, to the new document", async () => {
    const renamed = pagedDocument("report-2024.pdf", [[FIJI, EVERYDAY_PARAGRAPHS], [LAOS]]);
    expect(await engineOverRead([renamed]).locateSentence(laosRef)).toEqual({
      status: "moved",
      doc: "report-2024.pdf",
      at: { kind: "page", n: 2 },
    });
  });

  it("GIVEN the sentence on several pages THEN the same page counts as verbatim, and a move names the page nearest the old one", async () => {
    const twice = pagedDocument("report.pdf", [[LAOS], ["Other words."], ["More words."], [LAOS]]);
    const engine = engineOverRead([twice]);
    expect(await engine.locateSentence({ ...laosRef, at: { kind: "page", n: 4 } })).toEqual({ status: "verbatim" });
    expect(await engine.locateSentence({ ...laosRef, at: { kind: "page", n: 3 } })).toEqual({
      status: "moved",
      doc: "report.pdf",
      at: { kind: "page", n: 4 },
    });
  });

  it("GIVEN a Markdown document THEN places are paragraphs", async () => {
    const engine = engineOver("notes.md", `${FIJI}\n\nA new paragraph.\n\n${LAOS}`);
    expect(await engine.locateSentence({ doc: "notes.md", at: { kind: "paragraph", n: 2 }, hash: LAOS_HASH })).toEqual({
      status: "moved",
      doc: "notes.md",
      at: { kind: "paragraph", n: 3 },
    });
    expect(await engine.locateSentence({ doc: "notes.md", at: { kind: "paragraph", n: 1 }, hash: FIJI_HASH })).toEqual({
      status: "verbatim",
    });
  });

  it("GIVEN overlapping chunk windows THEN each sentence is held once", async () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence number ${i + 1} of a long paragraph about handovers.`);
    const doc = pagedDocument("long.pdf", [[sentences.join(" ")]]);
    const engine = engineOverRead([doc]);
    const held = engine.index.chunks.reduce((n, c) => n + c.sentences.length, 0);
    const locator = await SentenceLocator.build(engine.index.documents, engine.index.chunks, 7);
    expect(held).toBeGreaterThan(40);
    expect(locator.sentences).toBe(40);
  });
});

describe("the audit's verdicts and texts", () => {
  const moved = {
    ref: { doc: "report.pdf", at: { kind: "page" as const, n: 2 }, hash: LAOS_HASH },
    where: { status: "moved" as const, doc: "report.pdf", at: { kind: "page" as const, n: 3 } },
  };
  const gone = { ref: { doc: "a_b.md", at: { kind: "paragraph" as const, n: 4 }, hash: FIJI_HASH }, where: { status: "gone" as const } };
  const kept = { ref: { doc: "report.pdf", at: { kind: "page" as const, n: 1 }, hash: FIJI_HASH }, where: { status: "verbatim" as const } };
  const at = new Date("2026-11-29T10:00:30Z");

  it("GIVEN the sentences of an answer THEN the verdict is the worst of them", () => {
    expect(pinVerdict([kept])).toBe("verbatim");
    expect(pinVerdict([kept, moved])).toBe("moved");
    expect(pinVerdict([moved, gone, kept])).toBe("gone");
  });

  it("GIVEN a stale answer THEN the notice says when it was audited and what changed for each sentence, source names escaped", () => {
    expect(staleNotice([kept, moved, gone], "edit", at)).toBe(
      [
        "⚠️ **Pin audit, 2026-11-29 10:00 UTC:** since this pinned answer was given, the sources changed and some of its quotes are no longer in the sources. The answer below is unchanged, as first given.",
        "• Sentence 1 (report.pdf, p. 1): still verbatim there.",
        "• Sentence 2 (report.pdf, p. 2): **moved**, now p. 3, word for word.",
        "• Sentence 3 (a\\_b.md, ¶ 4): **no longer in the sources**.",
      ].join("\n"),
    );
    expect(staleNotice([moved], "reply", at)).toBe(
      "⚠️ **Pin audit, 2026-11-29 10:00 UTC:** since the pinned answer above was given, the sources changed and its quotes moved.\n• Sentence 1 (report.pdf, p. 2): **moved**, now p. 3, word for word.",
    );
  });

  it("GIVEN 250 stale answers THEN the summary keeps its counts and fits in one message", () => {
    const pins = Array.from({ length: 250 }, (_, i) => ({
      url: `https://discord.com/channels/1/2/${i}`,
      title: `Question ${i} about *markup*?`,
      verdict: "gone" as const,
      sentences: [gone],
      notice: "posted" as const,
    }));
    const report: AuditReport = {
      mode: "reply",
      auditedAt: at,
      listed: 250,
      incomplete: true,
      pins,
      notOurs: 0,
      noCheckData: 0,
      refused: null,
    };
    const summary = auditSummary(report);
    expect(summary.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(summary).toContain("• 250 no longer in the sources\n");
    expect(summary).toContain("Only the newest 250 pins were read: Discord keeps at most 250 per channel, and listed more.");
    expect(summary).toContain("• [Question 0 about \\*markup\\*?](<https://discord.com/channels/1/2/0>): no longer in the sources");
    expect(summary).toMatch(/\n… and \d+ more$/);
  });
});
