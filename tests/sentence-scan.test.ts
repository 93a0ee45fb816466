/** The sentence scan and the word count give exactly what Intl.Segmenter and `split(/\s+/)` give. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isScannable, scanAgrees, scanSentenceSpans } from "../src/chunk/sentence-scan.js";
import { countWords } from "../src/chunk/chunker.js";
import { isSpaceCode } from "../src/chunk/sentences.js";
import type { Span } from "../src/types.js";

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** The general path: Intl.Segmenter's sentences of `text`, trimmed, empty ones dropped. */
function segmenterSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const s of segmenter.segment(text)) {
    const lead = s.segment.length - s.segment.trimStart().length;
    const trimmed = s.segment.trim();
    if (trimmed !== "") spans.push({ start: s.index + lead, end: s.index + lead + trimmed.length });
  }
  return spans;
}

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i));
/** Every UTF-16 code unit the scan handles. */
const KNOWN = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter((ch) => isScannable(ch, 0, 1));
/** Mostly the characters the rules look at (terminators, closing marks, spaces, letters of both cases, digits), and any the scan handles. */
const scannableText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(..."aeiotAEIOT19.!?  \"')(][,-:;") },
      { weight: 1, arbitrary: fc.constantFrom(...PRINTABLE) },
      { weight: 1, arbitrary: fc.constantFrom(..."éÉßΠπ–—‘’“”«»°£×…€") },
      { weight: 1, arbitrary: fc.constantFrom(...KNOWN) },
      { weight: 1, arbitrary: fc.constantFrom("e.g. ", "U.S. ", "Dr. ", "3.14 ", "No. 5", "...") },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(""));

describe("scanSentenceSpans", () => {
  it("GIVEN the characters it handles THEN they are printable ASCII, Latin-1 and Greek letters, quotes, dashes and some symbols", () => {
    expect(KNOWN.length).toBe(252);
    expect(KNOWN.filter((ch) => ch.charCodeAt(0) < 0x80).join("")).toBe(PRINTABLE.join(""));
    expect(
      ["\t", "\n", "\u00a0", "\u00ad", "\u3002", "\u2024", "\u2028", "\u0301", "\ud83d"].filter((ch) => isScannable(ch, 0, 1)),
    ).toEqual([]);
  });

  it("GIVEN every character it handles next to a sentence end of each kind THEN the spans are Intl.Segmenter's", () => {
    // One character of each class, and a character of no sentence role.
    const others = [..."a A1.?)' ,#"];
    for (const x of KNOWN)
      for (const a of others)
        for (const text of [`Aa.${x}${a}z`, `Aa.${a}${x}z`, `A ${x}. ${a}b`, `a?${x}${a} B`]) {
          expect(scanSentenceSpans(text, 0, text.length)).toEqual(segmenterSpans(text));
        }
  });

  it("GIVEN this runtime THEN its segmenter agrees with the scan on every probe", () => {
    expect(scanAgrees(segmenterSpans)).toBe(true);
  });

  it("GIVEN any text of characters it handles THEN the spans are Intl.Segmenter's", () => {
    fc.assert(
      fc.property(scannableText, (text) => {
        expect(scanSentenceSpans(text, 0, text.length)).toEqual(segmenterSpans(text));
      }),
      { numRuns: 400 },
    );
  });

  it("GIVEN every text of up to two printable characters around a full stop THEN the spans are Intl.Segmenter's", () => {
    for (const a of PRINTABLE)
      for (const b of PRINTABLE) {
        const text = `Aa.${a}${b}z`;
        expect(scanSentenceSpans(text, 0, text.length)).toEqual(segmenterSpans(text));
      }
  });

  it("GIVEN a part of a longer text THEN the spans are absolute and those of the part alone", () => {
    const text = "Skip this. It began in 2014. Then U.S. police came! Did they? yes.";
    expect(scanSentenceSpans(text, 11, 66).map((s) => text.slice(s.start, s.end))).toEqual([
      "It began in 2014.",
      "Then U.S. police came!",
      // SB8 is for the full stop only: after "?" a lower-case word starts a sentence.
      "Did they?",
      "yes.",
    ]);
    expect(scanSentenceSpans(text, 11, 66)).toEqual(
      segmenterSpans(text.slice(11, 66)).map((s) => ({ start: s.start + 11, end: s.end + 11 })),
    );
  });
});

describe("isScannable", () => {
  it("GIVEN a tab, a line break, DEL, a no-break space or a combining accent THEN the text is left to the segmenter", () => {
    const texts = ["a b~", "café – “x”", "a\tb", "a\nb", "a\x7fb", "a\u00a0b", "e\u0301"];
    expect(texts.map((t) => isScannable(t, 0, t.length))).toEqual([true, true, false, false, false, false, false]);
  });
});

describe("countWords", () => {
  it("GIVEN any text with every kind of white space THEN it counts what split(/\\s+/) counts", () => {
    const spaces = [..."\t\n\v\f\r \u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b\u0085\u180e"];
    const text = fc
      .array(fc.oneof(fc.constantFrom(...spaces), fc.constantFrom("a", "é", "7", ".")), { maxLength: 30 })
      .map((p) => p.join(""));
    fc.assert(
      fc.property(text, (t) => {
        expect(countWords(t, 0, t.length)).toBe(t.split(/\s+/).filter(Boolean).length);
      }),
      { numRuns: 300 },
    );
  });

  it("GIVEN every UTF-16 code unit THEN isSpaceCode is the regular expression's \\s", () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpaceCode(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });
});
