import fc from "fast-check";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerType, cleanQuestion, holdsAnswerType, occursOnPage, questionProblem } from "../src/answer/index.js";
import { checkQuestion } from "../src/bot/index.js";
import { chunkDocuments, DEFAULT_CHUNK_OPTIONS, sentenceSpans, splitLongSpan } from "../src/chunk/index.js";
import { parseConfig } from "../src/config.js";
import { parseTextDocument } from "../src/ingest/index.js";
import { MAX_PASSAGE_CHARS } from "../src/retrieve/retriever.js";
import { openIndex, tokenize } from "../src/store/index.js";
import type { Span } from "../src/types.js";
import { indexOptions, memoryLogger, tempDir, writeCorpus, TWO_DOCUMENTS, type TempDir } from "./helpers/fixtures.js";
import { engineOver } from "./helpers/memory-index.js";

const MB = 1024 * 1024;

/** One-megabyte questions of the shapes that make backtracking regexes and segmenters slow. */
const HUGE_QUESTIONS: [string, string, string | null][] = [
  ["white space", " ".repeat(MB), "the question is empty"],
  ["white space then a name", `${" ".repeat(MB)}When did Fox Hunt start?`, null],
  ["one letter", "a".repeat(MB), `the question has ${MB} characters, over the 300 of QUESTION_MAX_CHARS`],
  ["one capital letter", "A".repeat(MB), `the question has ${MB} characters, over the 300 of QUESTION_MAX_CHARS`],
  ["full stops", ".".repeat(MB), `the question has ${MB} characters, over the 300 of QUESTION_MAX_CHARS`],
  ["a number and commas", `1${",".repeat(MB)}`, `the question has ${MB + 1} characters, over the 300 of QUESTION_MAX_CHARS`],
  [
    "long words",
    `${"Fox".repeat(MB / 8)} ${"hunt".repeat(MB / 8)}`,
    `the question has ${(MB / 8) * 7 + 1} characters, over the 300 of QUESTION_MAX_CHARS`,
  ],
  ["initials", "A. ".repeat(MB / 4), `the question has ${(MB / 4) * 3 - 1} characters, over the 300 of QUESTION_MAX_CHARS`],
  [
    "abbreviations and numbers",
    "How many A. B, 1,000. ".repeat(MB / 16),
    `the question has ${(MB / 16) * 22 - 1} characters, over the 300 of QUESTION_MAX_CHARS`,
  ],
  ["backslashes", "\\".repeat(MB), `the question has ${MB} characters, over the 300 of QUESTION_MAX_CHARS`],
];

/** Every non-space character of `text[start, end)` lies in exactly one span: the first span breaking this, or null. */
function firstGap(text: string, start: number, end: number, spans: readonly Span[]): Span | null {
  let at = start;
  for (const s of spans) {
    if (s.start < at || s.end <= s.start || text.slice(at, s.start).trim() !== "") return s;
    at = s.end;
  }
  return text.slice(at, end).trim() === "" ? null : { start: at, end };
}

function expectCovers(text: string, start: number, end: number, spans: readonly Span[]): void {
  expect(firstGap(text, start, end, spans)).toBeNull();
}

describe("questions of a megabyte", () => {
  const engine = engineOver(
    "returns.md",
    "Operation Fox Hunt was launched in 2014 by the Ministry of Public Security. Fiji handed over 77 people in 2017.",
  );

  it.each(HUGE_QUESTIONS)(
    "GIVEN %s THEN cleaning, typing, tokenizing, splitting and answering all finish",
    async (_, question, problem) => {
      expect(questionProblem(cleanQuestion(question), 300)).toBe(problem);
      expect(checkQuestion(question, 300).ok).toBe(problem === null);
      answerType(question);
      for (const type of ["number", "date", "person", "place"] as const) holdsAnswerType(type, question, question);
      tokenize(question);
      expectCovers(question, 0, question.length, sentenceSpans(question));
      const answer = await engine.ask(question);
      expect(answer.question).toBe(question);
    },
    60_000,
  );
});

describe("cleanQuestion and questionProblem", () => {
  it("GIVEN controls, terminal escape sequences and runs of white space THEN one clean line, the sequences gone whole", () => {
    expect(cleanQuestion(" \u0000When\u001b[31m  did\n\tit start? ")).toBe("When did it start?");
    expect(cleanQuestion("a\u001b]8;;http://x.example\u0007link\u001b]8;;\u0007 b\u009b2J c")).toBe("a link b c");
    // A sequence cut short, or a lone escape, leaves no control character behind.
    expect(cleanQuestion("x \u001b[")).toBe("x [");
    expect(cleanQuestion("x\u001b")).toBe("x");
  });

  it("GIVEN an empty or over-long question THEN the reason; otherwise null", () => {
    expect(questionProblem("", 300)).toBe("the question is empty");
    expect(questionProblem("x".repeat(301), 300)).toBe("the question has 301 characters, over the 300 of QUESTION_MAX_CHARS");
    expect(questionProblem("When?", 300)).toBeNull();
  });
});

describe("sentenceSpans with a length cap", () => {
  it("GIVEN a sentence of 1,500 characters with commas THEN pieces of at most 600 end at a comma", () => {
    const clause = "the ministry sent officers abroad to press relatives, ";
    const text = `${clause.repeat(28)}and that was all.`;
    const spans = sentenceSpans(text);
    expect(spans.map((s) => s.end - s.start)).toEqual([593, 593, 341]);
    for (const s of spans.slice(0, -1)) expect(text[s.end - 1]).toBe(",");
    expectCovers(text, 0, text.length, spans);
  });

  it("GIVEN a sentence without clause marks THEN it is cut between words", () => {
    const text = "word ".repeat(300).trim();
    const spans = sentenceSpans(text, 0, text.length, 100);
    expect(spans.every((s) => s.end - s.start <= 100 && text.slice(s.start, s.end).endsWith("word"))).toBe(true);
    expectCovers(text, 0, text.length, spans);
  });

  it("GIVEN one word longer than the cap THEN it is cut at the cap, never inside a surrogate pair", () => {
    const text = "😀".repeat(400);
    const spans = splitLongSpan(text, { start: 0, end: text.length }, 101);
    expect(spans.map((s) => s.end - s.start)).toEqual([100, 100, 100, 100, 100, 100, 100, 100]);
  });

  it("GIVEN any text THEN the spans are in order, trimmed, at most the cap, and cover every non-space character", () => {
    const piece = fc.constantFrom("word", "Mr.", "e.g.", "A.", " ", "  ", ", ", "; ", " — ", ".", "?", "\n", "1,000", "😀", "x".repeat(70));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.integer({ min: 20, max: 700 }), (parts, cap) => {
        const text = parts.join("");
        const spans = sentenceSpans(text, 0, text.length, cap);
        for (const s of spans) {
          expect(s.end - s.start).toBeLessThanOrEqual(cap);
          expect(text.slice(s.start, s.end)).toBe(text.slice(s.start, s.end).trim());
        }
        expectCovers(text, 0, text.length, spans);
      }),
    );
  });

  it("GIVEN ordinary sentences over many windows THEN the same sentences as one pass of Intl.Segmenter", () => {
    const sentences = Array.from({ length: 200 }, (_, i) => `Sentence ${i} says that Dr. Li met No. ${i} of the group, e.g. in 2014.`);
    const text = sentences.join(" ");
    const found = sentenceSpans(text).map((s) => text.slice(s.start, s.end));
    expect(found).toEqual(sentences);
  });
});

/** A paragraph of about `bytes` characters of words, without a single punctuation mark. */
function unpunctuated(bytes: number): string {
  const words = [
    "ministry",
    "security",
    "returned",
    "persuaded",
    "individuals",
    "operation",
    "fox",
    "hunt",
    "sky",
    "net",
    "country",
    "abroad",
    "family",
    "pressure",
    "police",
  ];
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const w = words[(i * 7 + (i >> 3)) % words.length] as string;
    parts.push(w);
    length += w.length + 1;
  }
  return parts.join(" ");
}

describe("a 5 MB paragraph without punctuation", () => {
  it("GIVEN it as a document THEN chunks hold sentences of at most 600 characters, and the answer is verbatim and under 10 KB", async () => {
    const text = unpunctuated(5 * MB);
    const engine = engineOver("big.md", text);
    const doc = engine.index.documents.get("big.md");
    if (!doc) throw new Error("document missing");
    for (const chunk of engine.index.chunks) {
      expect(chunk.end).toBeLessThanOrEqual(doc.text.length);
      for (const s of chunk.sentences) expect(s.end - s.start).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.maxSentenceChars);
    }
    const answer = await engine.ask("Which ministry persuaded individuals abroad to return?");
    expect(answer.abstained).toBe(false);
    expect(JSON.stringify(answer).length).toBeLessThan(10_000);
    for (const s of answer.answer) {
      expect(s.text.length).toBeLessThanOrEqual(600);
      expect(doc.text.includes(s.text)).toBe(true);
    }
    for (const c of answer.citations) expect(occursOnPage(doc, null, c.quote)).toBe(true);
  }, 120_000);
});

describe("a 3 MB paragraph of one short sentence repeated", () => {
  it("GIVEN chunks that all rank alike THEN no passage grows past 2,000 characters and the answer JSON stays under 16 KB", async () => {
    const engine = engineOver("same.md", "The ministry ran the fox hunt. ".repeat(100_000).trim());
    const answer = await engine.ask("What did the ministry do in the fox hunt?");
    expect(answer.passages).toHaveLength(5);
    for (const p of answer.passages) expect(p.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
    expect(answer.answer.map((s) => s.text)).toEqual([
      "The ministry ran the fox hunt.",
      "The ministry ran the fox hunt.",
      "The ministry ran the fox hunt.",
    ]);
    expect(JSON.stringify(answer).length).toBeLessThan(16_000);
  }, 120_000);
});

describe("a document of very long words", () => {
  it("GIVEN 6,000 words of 590 characters THEN each chunk stays within three sentence caps and the answer JSON under 16 KB", async () => {
    const words = Array.from({ length: 6000 }, (_, i) => `zebra-${i}-${"q".repeat(580)}`);
    const engine = engineOver("long.txt", words.join(" "));
    for (const chunk of engine.index.chunks)
      expect(chunk.end - chunk.start).toBeLessThanOrEqual(3 * DEFAULT_CHUNK_OPTIONS.maxSentenceChars);
    const answer = await engine.ask("zebra");
    expect(answer.passages.length).toBeGreaterThan(0);
    expect(JSON.stringify(answer).length).toBeLessThan(16_000);
  }, 120_000);
});

describe("MAX_SENTENCE_CHARS", () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await tempDir();
    await writeCorpus(path.join(dir.path, "corpus"), TWO_DOCUMENTS);
  });
  afterAll(() => dir.cleanup());

  it("GIVEN no setting THEN 600; GIVEN 100 THEN 100; GIVEN 5 THEN a readable error", () => {
    expect(parseConfig([], {}, "/tmp").maxSentenceChars).toBe(600);
    expect(parseConfig([], { MAX_SENTENCE_CHARS: "100" }, "/tmp").maxSentenceChars).toBe(100);
    expect(() => parseConfig([], { MAX_SENTENCE_CHARS: "5" }, "/tmp")).toThrow(
      "MAX_SENTENCE_CHARS: expected a whole number from 100 to 5000",
    );
  });

  it("GIVEN an index cut with another cap THEN it is rebuilt, saying why, and records the new cap", async () => {
    await openIndex(indexOptions(dir.path, null));
    const logger = memoryLogger();
    const { index, report } = await openIndex(
      indexOptions(dir.path, null, logger, { chunking: { ...DEFAULT_CHUNK_OPTIONS, maxSentenceChars: 100 } }),
    );
    expect(report?.rebuilt).toEqual(["a.md", "b.txt"]);
    expect(logger.lines.some((l) => l.includes("(chunking settings changed)"))).toBe(true);
    expect(index.manifest.chunking).toEqual({ maxWords: 120, overlapSentences: 1, maxSentenceChars: 100 });
    const again = await openIndex(
      indexOptions(dir.path, null, memoryLogger(), { chunking: { ...DEFAULT_CHUNK_OPTIONS, maxSentenceChars: 100 } }),
    );
    expect(again.report).toBeNull();
  });

  it("GIVEN a table row longer than the cap THEN the chunker splits it too", () => {
    const doc = parseTextDocument("t.md", `${"cell, ".repeat(40)}end`, "markdown");
    const chunks = chunkDocuments([doc], { ...DEFAULT_CHUNK_OPTIONS, maxSentenceChars: 100 });
    expect(chunks.flatMap((c) => c.sentences).every((s) => s.end - s.start <= 100)).toBe(true);
  });
});
