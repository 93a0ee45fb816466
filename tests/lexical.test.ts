import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bm25TermScore, buildLexicalIndex, DEFAULT_BM25, idf, LexicalIndex, tokenize } from "../src/store/index.js";

describe("tokenize", () => {
  it("GIVEN numbers with thousands separators THEN they match the plain form", () => {
    expect(tokenize("over 30,000 individuals")).toEqual(tokenize("over 30000 individuals"));
    expect(tokenize("230,000 people")).toContain("230000");
  });

  it("GIVEN inflected words, stop words and possessives THEN stems remain and stop words go", () => {
    expect(tokenize("How many people were persuaded to return to China's police?")).toEqual([
      "peopl",
      "persuad",
      "return",
      "china",
      "polic",
    ]);
  });

  it("GIVEN decimals and years THEN they stay whole", () => {
    expect(tokenize("In 2023, 3.5 percent")).toEqual(["2023", "3.5", "percent"]);
  });

  it("GIVEN any ASCII text THEN its terms are those of the Unicode path (forced by a trailing é, itself no term)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aZk9 .,'-\n\t0AsS"), maxLength: 60 }), (text) => {
        expect(tokenize(text)).toEqual(tokenize(`${text} é`));
      }),
      { numRuns: 300 },
    );
  });
});

describe("bm25TermScore and idf", () => {
  it("GIVEN a rarer term THEN its idf is higher", () => {
    expect(idf(1, 100)).toBeGreaterThan(idf(10, 100));
    expect(idf(100, 100)).toBeGreaterThan(0);
  });

  it("GIVEN a longer chunk THEN the same term counts less; more occurrences count more but saturate", () => {
    const base = bm25TermScore(1, 2, 10, 10, DEFAULT_BM25);
    expect(bm25TermScore(1, 2, 40, 10, DEFAULT_BM25)).toBeLessThan(base);
    const twice = bm25TermScore(2, 2, 10, 10, DEFAULT_BM25);
    expect(twice).toBeGreaterThan(base);
    expect(twice).toBeLessThan(2 * base);
  });
});

describe("LexicalIndex.search", () => {
  const texts = [
    "Fiji handed over 77 individuals in 2017.",
    "Laos handed over 164 individuals in 2023.",
    "Myanmar handed over 30,000 individuals between September and December 2023.",
    "The weather in Fiji is warm.",
  ];
  const index = new LexicalIndex(buildLexicalIndex(texts.map(tokenize)));

  it("GIVEN a query about Fiji handovers THEN the handover chunk ranks above the weather chunk", () => {
    expect(index.search(tokenize("How many individuals did Fiji hand over?"), 10).map(([id]) => id)).toEqual([0, 3, 1, 2]);
  });

  it("GIVEN a grouped number in the query THEN the chunk with the plain number is found first", () => {
    expect(index.search(tokenize("30000 individuals"), 1)).toEqual([[2, expect.any(Number)]]);
  });

  it("GIVEN only unknown words THEN nothing is returned", () => {
    expect(index.search(tokenize("capital of Peru"), 5)).toEqual([]);
  });
});
