import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkDocuments, chunkText, sentenceSpans, sentenceWindows } from "../src/chunk/index.js";
import { parseTextDocument } from "../src/ingest/index.js";
import { defined } from "./helpers/defined.js";

describe("sentenceSpans", () => {
  it("GIVEN sentences with abbreviations THEN it does not break after e.g. or Dr.", () => {
    const text = "The report lists returns, e.g. from Fiji. Dr. Li was returned in 2017. Another one!";
    expect(sentenceSpans(text).map((s) => text.slice(s.start, s.end))).toEqual([
      "The report lists returns, e.g. from Fiji.",
      "Dr. Li was returned in 2017.",
      "Another one!",
    ]);
  });
});

describe("sentenceWindows", () => {
  it("GIVEN five ten-word sentences and a 25-word window THEN windows hold two sentences and overlap by one", () => {
    const sentence = "One two three four five six seven eight nine ten.";
    const text = Array.from({ length: 5 }, () => sentence).join(" ");
    const spans = sentenceSpans(text);
    const windows = sentenceWindows(text, spans, { maxWords: 25, overlapSentences: 1, maxSentenceChars: 600 });
    expect(windows.map((w) => w.map((s) => spans.indexOf(s)))).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
  });

  it("GIVEN sentences of few but very long words THEN a window closes at three sentence caps of characters, not at the word limit", () => {
    const sentence = `${"x".repeat(190)} ${"y".repeat(190)}.`;
    const text = Array.from({ length: 6 }, () => sentence).join(" ");
    const spans = Array.from({ length: 6 }, (_, i) => ({
      start: i * (sentence.length + 1),
      end: i * (sentence.length + 1) + sentence.length,
    }));
    const windows = sentenceWindows(text, spans, { maxWords: 120, overlapSentences: 0, maxSentenceChars: 300 });
    expect(windows.map((w) => w.map((s) => spans.indexOf(s)))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });
});

const sentenceArb = fc
  .array(fc.constantFrom("alpha", "beta", "gamma", "delta", "30,000", "Fiji", "return", "police"), { minLength: 1, maxLength: 30 })
  .map((ws) => `${ws.join(" ")}.`.replace(/^./, (c) => c.toUpperCase()));
const paragraphArb = fc.array(sentenceArb, { minLength: 1, maxLength: 8 }).map((ss) => ss.join(" "));
const documentArb = fc.array(paragraphArb, { minLength: 1, maxLength: 6 }).map((ps) => ps.join("\n\n"));

describe("chunkDocuments", () => {
  it("GIVEN any document THEN chunks never split a sentence, stay inside one paragraph and cover every sentence", () => {
    fc.assert(
      fc.property(documentArb, fc.integer({ min: 5, max: 60 }), (body, maxWords) => {
        const doc = parseTextDocument("d.md", body, "markdown");
        const chunks = chunkDocuments([doc], { maxWords, overlapSentences: 1, maxSentenceChars: 600 });
        const covered = new Set<number>();
        for (const chunk of chunks) {
          const paragraph = doc.paragraphs.find((p) => p.n === chunk.paragraph);
          expect(paragraph).toBeDefined();
          expect(chunk.start).toBeGreaterThanOrEqual(defined(paragraph).start);
          expect(chunk.end).toBeLessThanOrEqual(defined(paragraph).end);
          const sentences = sentenceSpans(doc.text, defined(paragraph).start, defined(paragraph).end);
          expect(sentences.some((s) => s.start === chunk.start)).toBe(true);
          expect(sentences.some((s) => s.end === chunk.end)).toBe(true);
          for (const s of chunk.sentences) covered.add(s.start);
          const words = chunkText(chunk, doc.text).split(/\s+/).length;
          if (chunk.sentences.length > 1) expect(words).toBeLessThanOrEqual(maxWords);
        }
        for (const p of doc.paragraphs) for (const s of sentenceSpans(doc.text, p.start, p.end)) expect(covered.has(s.start)).toBe(true);
        expect(chunks.map((c) => c.id)).toEqual(chunks.map((_, i) => i));
      }),
      { numRuns: 150 },
    );
  });

  it("GIVEN the article THEN every chunk records article.md, a null page and its paragraph number", () => {
    const doc = parseTextDocument("article.md", "Intro line.\n\nIn 2014 Fox Hunt began. It spread.\n\nSky Net followed.", "markdown");
    const chunks = chunkDocuments([doc]);
    expect(chunks.map((c) => [c.docId, c.page, c.paragraph, chunkText(c, doc.text)])).toEqual([
      ["article.md", null, 1, "Intro line."],
      ["article.md", null, 2, "In 2014 Fox Hunt began. It spread."],
      ["article.md", null, 3, "Sky Net followed."],
    ]);
  });
});
