/**
 * The tokenizer's fast paths (ASCII text, Latin text) give what its general path gives. An
 * ideographic space (U+3000) is outside both fast paths' characters, and NFKC makes it a plain
 * space: appended to a text, it sends the text down the general path without changing its words.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokenize, words } from "../src/store/tokenizer.js";

const GENERAL = "\u3000";
/** Letters of both cases, digits, separators, apostrophes, and the Latin path's characters, with a few others (superscripts, ligatures, Greek, accents that combine). */
const textArb = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(..."aEiOu tTsS 0123,.'’-") },
      { weight: 3, arbitrary: fc.constantFrom(..."ÀÉÖØÞßéöøÿ–—‘’“”«»°£€×÷§©®±•†‡¢¥¬¦") },
      { weight: 1, arbitrary: fc.constantFrom("ﬁ", "²", "½", "ª", "µ", "Σ", "e\u0301", "Ÿ", "İ", "\u00a0", "’s", "30,000", "Police’s") },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(""));

describe("tokenize", () => {
  it("GIVEN any text THEN its terms are those of the general path", () => {
    fc.assert(
      fc.property(textArb, (text) => {
        expect(tokenize(text)).toEqual(tokenize(text + GENERAL));
        expect(words(text)).toEqual(words(text + GENERAL));
      }),
      { numRuns: 500 },
    );
  });

  it("GIVEN Latin text with accents, dashes and quotes THEN its words are found whole", () => {
    const text = "Élise’s café — “Zürich” « Genève » 30,000 £ in 2014–2016.";
    expect(words(text)).toEqual(["élise", "café", "zürich", "genève", "30000", "in", "2014", "2016"]);
    expect(words(text)).toEqual(words(text + GENERAL));
  });
});
