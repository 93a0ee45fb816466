import { describe, expect, it } from "vitest";
import { MAX_TAGGED_CHARS, tagWords } from "../src/answer/pos.js";

describe("tagWords", () => {
  it("GIVEN a sentence THEN each word's offsets into it and its part of speech", () => {
    const text = "The Normans exported fighting horsemen in 1066.";
    const words = tagWords(text).map((w) => [text.slice(w.start, w.end), w.pos]);
    expect(words).toEqual([
      ["The", "DET"],
      ["Normans", "PROPN"],
      ["exported", "VERB"],
      ["fighting", "ADJ"],
      ["horsemen", "NOUN"],
      ["in", "ADP"],
      ["1066", "NUM"],
      [".", "PUNCT"],
    ]);
  });

  it("GIVEN contractions, quotes and dashes THEN offsets still point at the words, in order", () => {
    const text = "It can’t be “U.S.-based” — 30,000 people\twere hired.";
    const words = tagWords(text);
    expect(words.length).toBeGreaterThan(8);
    for (const [i, w] of words.entries()) {
      expect(w.end).toBeGreaterThan(w.start);
      if (i > 0) expect(w.start).toBeGreaterThanOrEqual((words[i - 1] as { end: number }).end);
    }
    expect(words.map((w) => text.slice(w.start, w.end))).toContain("30,000");
  });

  it("GIVEN a text longer than the limit THEN nothing is tagged (the highlight falls back to its word lists)", () => {
    expect(tagWords("word ".repeat(MAX_TAGGED_CHARS))).toEqual([]);
    expect(tagWords("")).toEqual([]);
  });
});
