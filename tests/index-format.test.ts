import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkDocuments } from "../src/chunk/index.js";
import { textSlice } from "../src/document.js";
import { parseTextDocument } from "../src/ingest/index.js";
import { ByteWriter, decodeVarints } from "../src/store/format/bytes.js";
import { decodeChunks, encodeChunks, renumberedChunk } from "../src/store/format/chunk-table.js";
import type { SourceDocument } from "../src/types.js";
import { decodeDocuments, encodeDocuments, utf16Length, withWellFormedText } from "../src/store/format/documents.js";
import { decodeLexical, encodeLexical } from "../src/store/format/postings-file.js";
import { IndexDamage } from "../src/store/index-damage.js";
import { bm25TermScore, buildLexicalIndex, DEFAULT_BM25, idf, LexicalIndex } from "../src/store/index.js";

const termArb = fc.constantFrom("fiji", "laos", "hand", "2017", "peopl", "polic", "a\u00e9", "\u4e2d\u6587", "constructor", "__proto__");
const corpusArb = fc.array(fc.array(termArb, { maxLength: 12 }), { maxLength: 25 });

/** The postings as the format before 6 built them: term → [chunkId, count, …], for comparison. */
function naivePostings(chunkTerms: readonly string[][]): Map<string, number[]> {
  const postings = new Map<string, number[]>();
  chunkTerms.forEach((terms, chunkId) => {
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [term, tf] of counts) postings.set(term, [...(postings.get(term) ?? []), chunkId, tf]);
  });
  return postings;
}

/** BM25 search as the format before 6 ran it (a Map of scores over every posting), for comparison. */
function naiveSearch(chunkTerms: readonly string[][], query: readonly string[], limit: number): [number, number][] {
  const postings = naivePostings(chunkTerms);
  const total = chunkTerms.reduce((a, t) => a + t.length, 0);
  const avg = chunkTerms.length > 0 ? Math.max(1, total / chunkTerms.length) : 1;
  const scores = new Map<number, number>();
  for (const term of new Set(query)) {
    const posting = postings.get(term);
    if (!posting) continue;
    const termIdf = idf(posting.length / 2, chunkTerms.length);
    for (let i = 0; i < posting.length; i += 2) {
      const id = posting[i] as number;
      const s = bm25TermScore(posting[i + 1] as number, termIdf, (chunkTerms[id] as string[]).length, avg, DEFAULT_BM25);
      scores.set(id, (scores.get(id) ?? 0) + s);
    }
  }
  return [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);
}

/** Each term's postings as [chunkId, count, …], read from the typed arrays. */
function postingsOf(data: ReturnType<typeof buildLexicalIndex>): Map<string, number[]> {
  const { offsets, docs, tfs } = data.postings;
  return new Map(
    data.terms.map((term, t) => {
      const list: number[] = [];
      for (let i = offsets[t] as number; i < (offsets[t + 1] as number); i++) list.push(docs[i] as number, tfs[i] as number);
      return [term, list];
    }),
  );
}

/** Whether decoding `bytes` either succeeds or fails with IndexDamage: anything else (a RangeError, a hang) is a bug. */
function decodesOrIsDamage(decode: () => unknown): boolean {
  try {
    decode();
    return true;
  } catch (error) {
    if (error instanceof IndexDamage) return true;
    throw error;
  }
}

/** Damage to a file: a byte changed, the file cut short, or a 32-bit number overwritten with anything. */
const damageArb = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("u32" as const),
    at: fc.nat(),
    value: fc.oneof(fc.nat(), fc.constant(0xffffffff), fc.constant(0x7fffffff)),
  }),
);

type Damage = typeof damageArb extends fc.Arbitrary<infer T> ? T : never;

function damaged(bytes: Buffer, d: Damage): Buffer {
  const copy = Buffer.from(bytes);
  if (copy.length === 0) return copy;
  const at = d.at % copy.length;
  if (d.kind === "flip") copy[at] = (copy[at] as number) ^ d.bits;
  else if (d.kind === "cut") return copy.subarray(0, at);
  else if (at + 4 <= copy.length) copy.writeUInt32LE(d.value, at - (at % 4));
  return copy;
}

describe("buildLexicalIndex", () => {
  it("GIVEN any chunks' terms THEN the vocabulary is sorted and each term's postings are the chunks holding it, ascending, with their counts", () => {
    fc.assert(
      fc.property(corpusArb, (chunkTerms) => {
        const data = buildLexicalIndex(chunkTerms);
        const naive = naivePostings(chunkTerms);
        expect(data.terms).toEqual([...naive.keys()].sort((a, b) => (a < b ? -1 : 1)));
        expect(postingsOf(data)).toEqual(new Map(data.terms.map((t) => [t, naive.get(t)])));
        expect([...data.postings.lengths]).toEqual(chunkTerms.map((t) => t.length));
      }),
      { numRuns: 200 },
    );
  });

  it("GIVEN a term 70,000 times in one chunk THEN its count is held as 65,535 and lexical.bin still loads", () => {
    const data = buildLexicalIndex([Array.from({ length: 70_000 }, () => "fiji"), ["laos"]]);
    expect(postingsOf(data)).toEqual(
      new Map([
        ["fiji", [0, 65_535]],
        ["laos", [1, 1]],
      ]),
    );
    expect(decodeLexical(encodeLexical(data), 2)).toEqual(data);
  });
});

describe("LexicalIndex.search", () => {
  it("GIVEN any corpus and query THEN search and searchExhaustive equal the former Map-based search exactly (same order, same scores)", () => {
    fc.assert(
      fc.property(
        corpusArb,
        fc.array(fc.oneof(termArb, fc.constant("peru")), { maxLength: 6 }),
        fc.integer({ min: 1, max: 30 }),
        (chunkTerms, query, limit) => {
          const index = new LexicalIndex(decodeLexical(encodeLexical(buildLexicalIndex(chunkTerms)), chunkTerms.length));
          const expected = naiveSearch(chunkTerms, query, limit);
          expect(index.search(query, limit)).toEqual(expected);
          expect(index.searchExhaustive(query, limit)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("lexical.bin", () => {
  it("GIVEN any lexical index THEN it reads back as written", () => {
    fc.assert(
      fc.property(corpusArb, (chunkTerms) => {
        const data = buildLexicalIndex(chunkTerms, { k1: 1.5, b: 0.3 });
        expect(decodeLexical(encodeLexical(data), chunkTerms.length)).toEqual(data);
      }),
      { numRuns: 100 },
    );
  });

  it("GIVEN a byte changed, the file cut short or a number overwritten THEN reading it gives the index or IndexDamage, never another error", () => {
    fc.assert(
      fc.property(corpusArb, damageArb, (chunkTerms, damage) => {
        const bytes = damaged(encodeLexical(buildLexicalIndex(chunkTerms)), damage);
        expect(decodesOrIsDamage(() => decodeLexical(bytes, chunkTerms.length))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

const sentenceArb = fc
  .array(fc.constantFrom("alpha", "beta", "Ünïcode", "中文", "😀", "30,000", "Fiji"), { minLength: 1, maxLength: 12 })
  .map((ws) => `${ws.join(" ")}.`.replace(/^./, (c) => c.toUpperCase()));
const bodyArb = fc
  .array(
    fc.array(sentenceArb, { minLength: 1, maxLength: 6 }).map((ss) => ss.join(" ")),
    { minLength: 1, maxLength: 4 },
  )
  .map((ps) => ps.join("\n\n"));
const TABLE = ["| Country | Year |", "|---|---|", ...Array.from({ length: 12 }, (_, i) => `| Fiji ${i} | ${2000 + i} |`)].join("\n");
const OPTIONS = { maxWords: 12, overlapSentences: 1, maxSentenceChars: 600 };

/** Each document's text length, as documents.json records it. */
const lengthsOf = (docs: readonly SourceDocument[]) => docs.map((d) => d.text.length);

describe("chunks.bin", () => {
  it("GIVEN any documents (a table among them) THEN the chunks read back as cut, each text its document's text at its offsets", () => {
    fc.assert(
      fc.property(fc.array(bodyArb, { minLength: 1, maxLength: 3 }), (bodies) => {
        const docs = [...bodies.map((b, i) => parseTextDocument(`d${i}.md`, b, "markdown")), parseTextDocument("t.md", TABLE, "markdown")];
        const chunks = chunkDocuments(docs, OPTIONS);
        expect(chunks.some((c) => c.header === "Country | Year")).toBe(true);
        const decoded = decodeChunks(encodeChunks(docs, chunks), docs, lengthsOf(docs), chunks.length);
        // Plain copies: a chunk read back makes its sentence spans when asked for (a getter, not an own field).
        expect(decoded.map((c) => renumberedChunk(c, c.id))).toEqual(chunks);
      }),
      { numRuns: 60 },
    );
  });

  it("GIVEN a byte changed, the file cut short or a number overwritten THEN reading it gives chunks or IndexDamage, never another error", () => {
    const docs = [
      parseTextDocument("a.md", "Fiji handed over 77 people. Laos handed over 164.\n\nSky Net followed.", "markdown"),
      parseTextDocument("t.md", TABLE, "markdown"),
    ];
    const bytes = encodeChunks(docs, chunkDocuments(docs, OPTIONS));
    const count = chunkDocuments(docs, OPTIONS).length;
    fc.assert(
      fc.property(damageArb, (damage) => {
        expect(decodesOrIsDamage(() => decodeChunks(damaged(bytes, damage), docs, lengthsOf(docs), count))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("texts.txt and documents.json", () => {
  it("GIVEN texts with non-Latin-1 characters THEN each document reads back whole from the one UTF-8 file", () => {
    const docs = ["Ünïcode — 中文 😀.", "Plain text.", ""].map((t, i) => ({ ...parseTextDocument(`d${i}.txt`, "x", "text"), text: t }));
    const { metadata, texts } = encodeDocuments(docs);
    expect(metadata.map((m) => m.textBytes)).toEqual([26, 11, 0]);
    expect(metadata.map((m) => m.textLength)).toEqual([16, 11, 0]);
    const decoded = decodeDocuments(metadata, texts);
    expect(decoded.documents).toEqual(docs);
    expect(decoded.lengths).toEqual([16, 11, 0]);
  });

  it("GIVEN UTF-8 texts THEN their UTF-16 length is counted without decoding them", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        // Through UTF-8 and back: lone surrogates become U+FFFD, as the index writes them.
        const wellFormed = Buffer.from(text, "utf8").toString("utf8");
        expect(utf16Length(Buffer.from(wellFormed, "utf8"))).toBe(wellFormed.length);
      }),
      { numRuns: 300 },
    );
  });

  it("GIVEN a recorded text length that is not the text's THEN texts.txt is damage", () => {
    const docs = [{ ...parseTextDocument("d.txt", "x", "text"), text: "Ünïcode 😀" }];
    const { metadata, texts } = encodeDocuments(docs);
    const wrong = metadata.map((m) => ({ ...m, textLength: m.textLength + 1 }));
    expect(() => decodeDocuments(wrong, texts)).toThrow(IndexDamage);
  });

  it.each([
    ["a stray continuation byte", [0x80]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
    ["an overlong form", [0xf0, 0x80, 0x80, 0x80]],
    ["a byte that never starts a character", [0xf8, 0xf8, 0xf8, 0xf8]],
  ])("GIVEN texts.txt with %s (checksums rewritten to match) THEN it is damage, not a text of another length", (_what, bad) => {
    const docs = [{ ...parseTextDocument("d.txt", "x", "text"), text: "Hello world." }];
    const { metadata, texts } = encodeDocuments(docs);
    const crafted = Buffer.concat([Buffer.from(bad), texts]);
    const lying = metadata.map((m) => ({ ...m, textBytes: crafted.length, textLength: utf16Length(crafted) }));
    expect(() => decodeDocuments(lying, crafted)).toThrow(IndexDamage);
  });

  it("GIVEN more documents read than the cache holds THEN each text still reads back whole, in any order", () => {
    // Three texts of 3 M characters each: the cache (4 M characters) holds one at a time.
    const docs = ["a", "b", "c"].map((letter, i) => ({
      ...parseTextDocument(`d${i}.txt`, "x", "text"),
      text: `${letter}é`.repeat(1_500_000),
    }));
    const { metadata, texts } = encodeDocuments(docs);
    const { documents } = decodeDocuments(metadata, texts);
    for (const i of [0, 1, 2, 1, 0, 2, 2, 0]) expect(documents[i]?.text).toBe(docs[i]?.text);
  });

  it("GIVEN any text and any bounds THEN a span read alone equals the slice of the whole text", () => {
    // Runs of one kind of character: texts of up to 20,000 code units (without checkpoints below 8,192, with several above) mix ASCII, Latin-1, CJK and pairs of surrogates.
    const run = fc.tuple(fc.constantFrom("a", "é", "中", "😀", " ", "\n"), fc.integer({ min: 1, max: 2500 })).map(([c, n]) => c.repeat(n));
    const texts = fc.array(run, { maxLength: 8 }).map((runs) => runs.join(""));
    const bound = fc.oneof(fc.integer({ min: -60, max: 21000 }), fc.double({ min: -10, max: 21000, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(texts, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(), bound, bound), { maxLength: 20 }),
        (all, spans) => {
          const docs = all.map((text, i) => ({ ...parseTextDocument(`d${i}.txt`, "x", "text"), text }));
          const { metadata, texts: bytes } = encodeDocuments(docs);
          const { documents } = decodeDocuments(metadata, bytes);
          for (const [which, start, end] of spans) {
            const i = which % all.length;
            expect(textSlice(documents[i] as SourceDocument, start, end)).toBe((all[i] as string).slice(start, end));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("GIVEN a document loaded from the index THEN its span reader is not copied with it, and the copy still reads its spans", () => {
    const docs = [{ ...parseTextDocument("d.txt", "x", "text"), text: "Ünïcode 😀 text." }];
    const { metadata, texts } = encodeDocuments(docs);
    const [loaded] = decodeDocuments(metadata, texts).documents as [SourceDocument];
    expect(loaded.readSpan).toBeTypeOf("function");
    expect(Object.keys(loaded)).not.toContain("readSpan");
    const copy = { ...loaded };
    expect(copy.readSpan).toBeUndefined();
    expect(textSlice(copy, 8, 10)).toBe("😀");
  });

  it("GIVEN a text with lone surrogates THEN each becomes U+FFFD, one code unit for one, so every offset holds", () => {
    const doc = { ...parseTextDocument("d.txt", "x", "text"), text: "a\uD800b\uDC00c😀" };
    expect(withWellFormedText(doc).text).toBe("a\uFFFDb\uFFFDc😀");
    const clean = parseTextDocument("e.txt", "clean", "text");
    expect(withWellFormedText(clean)).toBe(clean);
  });
});

describe("decodeVarints", () => {
  it("GIVEN 0, 127, 128, 2^21 and 2^32 - 1 THEN they read back; a number over 32 bits, past the end, over the maximum, or bytes left over are IndexDamage", () => {
    const values = [0, 127, 128, 2 ** 21, 2 ** 32 - 1];
    const w = new ByteWriter();
    for (const v of values) w.varint(v);
    const out = new Uint32Array(values.length);
    decodeVarints(w.finish(), out, 2 ** 32 - 1, "f");
    expect([...out]).toEqual(values);
    const decode =
      (bytes: number[], count: number, max = 2 ** 32 - 1) =>
      () =>
        decodeVarints(Uint8Array.from(bytes), new Uint32Array(count), max, "f");
    expect(decode([0xff, 0xff, 0xff, 0xff, 0x10], 1)).toThrow("f: a number does not fit in 32 bits");
    expect(decode([0x80, 0x80], 1)).toThrow("f: a number runs past the end of its section");
    expect(decode([0x05], 2)).toThrow("f: a section holds 1 numbers, not 2");
    expect(decode([0x05, 0x06], 1)).toThrow("f: a section holds more than its 1 numbers");
    expect(decode([0x80, 0x01], 1, 100)).toThrow("f: a number is 128, over 100");
  });
});
