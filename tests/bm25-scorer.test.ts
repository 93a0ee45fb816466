import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_PRUNING_LAYOUT, type PruningLayout } from "../src/store/bm25-max-score.js";
import { Bm25Scorer, type PostingArrays } from "../src/store/bm25-scorer.js";
import { bm25TermScore, buildLexicalIndex, DEFAULT_BM25, idf, LexicalIndex, type Bm25Params } from "../src/store/bm25.js";
import { CitebotError } from "../src/errors.js";

/** The postings of chunks given as lists of term ids (with repeats), over a vocabulary of `vocab` term ids. */
function postingsOf(chunks: readonly number[][], vocab: number): PostingArrays {
  const byTerm: [number, number][][] = Array.from({ length: vocab }, () => []);
  chunks.forEach((terms, doc) => {
    const counts = new Map<number, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, tf] of counts) byTerm[t]?.push([doc, tf]);
  });
  const offsets = new Uint32Array(vocab + 1);
  byTerm.forEach((list, t) => (offsets[t + 1] = (offsets[t] as number) + list.length));
  const flat = byTerm.flat();
  return {
    offsets,
    docs: Uint32Array.from(flat, ([doc]) => doc),
    tfs: Uint16Array.from(flat, ([, tf]) => tf),
    lengths: Uint32Array.from(chunks, (terms) => terms.length),
  };
}

interface Case {
  chunks: number[][];
  vocab: number;
  params: Bm25Params;
  layout: PruningLayout;
  query: number[];
  k: number;
}

/**
 * Small corpora where ties are common: chunks are drawn from a few templates (so many chunks are
 * identical), term ids are uniform or skewed towards a few frequent ones, and tfs repeat. Blocks
 * and windows are mostly tiny, so that small corpora span many of them.
 */
const caseArb: fc.Arbitrary<Case> = fc
  .record({
    vocab: fc.integer({ min: 1, max: 24 }),
    skewed: fc.boolean(),
    templates: fc.integer({ min: 1, max: 6 }),
    chunkCount: fc.integer({ min: 1, max: 80 }),
    params: fc.oneof(
      fc.constant(DEFAULT_BM25),
      fc.record({ k1: fc.double({ min: 0, max: 3, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }) }),
    ),
    layout: fc.oneof(
      // The default block and window sizes, pruning however small the query (as on a large corpus).
      { weight: 1, arbitrary: fc.constant({ ...DEFAULT_PRUNING_LAYOUT, exhaustiveBelow: 0 }) },
      { weight: 4, arbitrary: fc.record({ blockShift: fc.integer({ min: 0, max: 3 }), windowShift: fc.integer({ min: 0, max: 5 }) }) },
    ),
  })
  .chain(({ vocab, skewed, templates, chunkCount, params, layout }) => {
    const term = skewed
      ? fc.integer({ min: 0, max: vocab * vocab - 1 }).map((x) => vocab - 1 - Math.floor(Math.sqrt(x)))
      : fc.integer({ min: 0, max: vocab - 1 });
    const chunk = fc.array(term, { maxLength: 16 });
    return fc.record({
      chunks: fc
        .tuple(
          fc.array(chunk, { minLength: templates, maxLength: templates }),
          fc.array(fc.nat(), { minLength: chunkCount, maxLength: chunkCount }),
        )
        .chain(([shapes, picks]) =>
          fc
            .array(fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: chunk }), {
              minLength: chunkCount,
              maxLength: chunkCount,
            })
            .map((fresh) => picks.map((pick, i) => fresh[i] ?? (shapes[pick % shapes.length] as number[]))),
        ),
      vocab: fc.constant(vocab),
      params: fc.constant(params),
      layout: fc.constant(layout),
      query: fc.shuffledSubarray(Array.from({ length: vocab }, (_, t) => t)),
      k: fc.integer({ min: 1, max: chunkCount + 3 }),
    });
  });

describe("Bm25Scorer.topK", () => {
  it("GIVEN random corpora, queries and k THEN the pruned top k equals the exhaustive one exactly", () => {
    fc.assert(
      fc.property(caseArb, ({ chunks, vocab, params, layout, query, k }) => {
        const scorer = new Bm25Scorer(postingsOf(chunks, vocab), params, layout);
        expect(scorer.topK(query, k)).toEqual(scorer.topKExhaustive(query, k));
      }),
      { numRuns: 400 },
    );
  });

  it("GIVEN 3,000 chunks with Zipf-like terms and k = 10 THEN the pruned top k equals the exhaustive one for 200 queries", () => {
    const random = fc.sample(fc.integer({ min: 0, max: 2 ** 20 - 1 }), { numRuns: 3000 * 12 + 200 * 4, seed: 12 });
    const zipf = (i: number): number => Math.floor(Math.exp(((random[i] as number) / 2 ** 20) * Math.log(400))) - 1;
    const chunks = Array.from({ length: 3000 }, (_, c) => Array.from({ length: 1 + (c % 12) }, (_, j) => zipf(c * 12 + j)));
    const scorer = new Bm25Scorer(postingsOf(chunks, 400), DEFAULT_BM25, { ...DEFAULT_PRUNING_LAYOUT, exhaustiveBelow: 0 });
    for (let q = 0; q < 200; q++) {
      const query = [...new Set(Array.from({ length: 4 }, (_, j) => zipf(3000 * 12 + q * 4 + j)))];
      expect(scorer.topK(query, 10)).toEqual(scorer.topKExhaustive(query, 10));
    }
  });

  it("GIVEN an empty query or k = 0 THEN the result is empty", () => {
    const scorer = new Bm25Scorer(postingsOf([[0, 1], [1]], 2), DEFAULT_BM25);
    expect(scorer.topK([], 5)).toEqual([]);
    expect(scorer.topK([0, 1], 0)).toEqual([]);
    expect(scorer.topKExhaustive([], 5)).toEqual([]);
    expect(scorer.topKExhaustive([0, 1], 0)).toEqual([]);
  });

  it("GIVEN a term in every chunk of equal length THEN the scores tie and the smallest ids come first", () => {
    const scorer = new Bm25Scorer(
      postingsOf(
        [
          [0, 1],
          [0, 2],
          [0, 3],
          [0, 4],
        ],
        5,
      ),
      DEFAULT_BM25,
    );
    const s = bm25TermScore(1, idf(4, 4), 2, 2, DEFAULT_BM25);
    expect(scorer.topK([0], 2)).toEqual([
      [0, s],
      [1, s],
    ]);
  });

  it("GIVEN a single chunk THEN it is the one result, scored as the sum of its terms in query order", () => {
    const scorer = new Bm25Scorer(postingsOf([[0, 0, 1, 2]], 3), DEFAULT_BM25);
    const s = bm25TermScore(1, idf(1, 1), 4, 4, DEFAULT_BM25) + bm25TermScore(2, idf(1, 1), 4, 4, DEFAULT_BM25);
    expect(scorer.topK([1, 0], 3)).toEqual([[0, s]]);
  });

  it("GIVEN repeated, unknown, negative and fractional term ids THEN only the first of each known id counts", () => {
    const scorer = new Bm25Scorer(postingsOf([[0], [1], [0, 1]], 2), DEFAULT_BM25);
    const expected = scorer.topK([1, 0], 3);
    expect(scorer.topK([1, 7, -1, 0.5, 1, 0, Number.NaN, 2 ** 40], 3)).toEqual(expected);
    expect(scorer.topKExhaustive([1, 7, -1, 0.5, 1, 0], 3)).toEqual(expected);
    expect(expected.map(([id]) => id)).toEqual([2, 0, 1]);
  });

  it("GIVEN k fractional, larger than the corpus, infinite or NaN THEN k is cut as Array.slice would cut it", () => {
    const scorer = new Bm25Scorer(postingsOf([[0], [0, 1], [0, 0]], 2), DEFAULT_BM25);
    expect(scorer.topK([0], 2.7).map(([id]) => id)).toEqual([2, 0]);
    expect(scorer.topK([0], Infinity).map(([id]) => id)).toEqual([2, 0, 1]);
    expect(scorer.topK([0], 99).map(([id]) => id)).toEqual([2, 0, 1]);
    expect(scorer.topK([0], Number.NaN)).toEqual([]);
    expect(scorer.topK([0], 0.5)).toEqual([]);
  });

  it("GIVEN parameters that make some contributions negative THEN topK still equals topKExhaustive", () => {
    const chunks = [[0], [0, 1, 1, 1, 1, 1, 1, 1, 1, 1], [0, 1], [1, 2, 2, 2, 2, 2, 2, 2]];
    const scorer = new Bm25Scorer(postingsOf(chunks, 3), { k1: 1.2, b: 3 }, { ...DEFAULT_PRUNING_LAYOUT, exhaustiveBelow: 0 });
    const exhaustive = scorer.topKExhaustive([0, 1, 2], 2);
    expect(exhaustive.some(([, score]) => score < 0)).toBe(false);
    expect(scorer.topKExhaustive([0, 1, 2], 4).some(([, score]) => score < 0)).toBe(true);
    expect(scorer.topK([0, 1, 2], 2)).toEqual(exhaustive);
  });
});

describe("Bm25Scorer constructor", () => {
  const valid = (): PostingArrays => postingsOf([[0, 1], [1]], 2);
  const codeOf = (postings: PostingArrays): string | null => {
    try {
      new Bm25Scorer(postings, DEFAULT_BM25);
      return null;
    } catch (error) {
      return error instanceof CitebotError ? error.code : "other";
    }
  };

  it("GIVEN consistent postings or none at all THEN it accepts them", () => {
    expect(codeOf(valid())).toBeNull();
    expect(
      codeOf({ offsets: new Uint32Array(0), docs: new Uint32Array(0), tfs: new Uint16Array(0), lengths: new Uint32Array(0) }),
    ).toBeNull();
    expect(new Bm25Scorer(postingsOf([], 0), DEFAULT_BM25).topK([0], 3)).toEqual([]);
  });

  it("GIVEN a block or window shift outside 0 to 16, or an exhaustiveBelow that is no count THEN it refuses it with USAGE_INVALID", () => {
    const make = (layout: PruningLayout) => () => new Bm25Scorer(valid(), DEFAULT_BM25, layout);
    expect(make({ blockShift: 17, windowShift: 11 })).toThrow(expect.objectContaining({ code: "USAGE_INVALID" }));
    expect(make({ blockShift: 6, windowShift: -1 })).toThrow(expect.objectContaining({ code: "USAGE_INVALID" }));
    expect(make({ blockShift: 1.5, windowShift: 11 })).toThrow(expect.objectContaining({ code: "USAGE_INVALID" }));
    expect(make({ blockShift: 0, windowShift: 16 })).not.toThrow();
    expect(make({ blockShift: 6, windowShift: 11, exhaustiveBelow: -1 })).toThrow(expect.objectContaining({ code: "USAGE_INVALID" }));
    expect(make({ blockShift: 6, windowShift: 11, exhaustiveBelow: 0.5 })).toThrow(expect.objectContaining({ code: "USAGE_INVALID" }));
  });

  it("GIVEN damaged postings THEN it refuses them with INDEX_INVALID", () => {
    expect(codeOf({ ...valid(), docs: Uint32Array.of(0, 1, 1) })).toBe("INDEX_INVALID");
    expect(codeOf({ ...valid(), docs: Uint32Array.of(0, 1, 0) })).toBe("INDEX_INVALID");
    expect(codeOf({ ...valid(), docs: Uint32Array.of(0, 2, 1) })).toBe("INDEX_INVALID");
    expect(codeOf({ ...valid(), tfs: Uint16Array.of(1, 1) })).toBe("INDEX_INVALID");
    expect(codeOf({ ...valid(), offsets: Uint32Array.of(0, 1, 2) })).toBe("INDEX_INVALID");
    expect(codeOf({ ...valid(), offsets: Uint32Array.of(1, 1, 3) })).toBe("INDEX_INVALID");
    expect(codeOf({ ...valid(), offsets: Uint32Array.of(0, 4, 3) })).toBe("INDEX_INVALID");
    expect(codeOf({ ...valid(), lengths: Uint32Array.of(2) })).toBe("INDEX_INVALID");
  });
});

/**
 * The scorer behind LexicalIndex, which maps terms by name (built by buildLexicalIndex): the
 * mapping loses nothing. The former Map-based search is the reference in index-format.test.ts.
 */
describe("Bm25Scorer.topKExhaustive against LexicalIndex.search", () => {
  const searchByName = (chunks: number[][], params: Bm25Params, query: number[], k: number): [number, number][] =>
    new LexicalIndex(
      buildLexicalIndex(
        chunks.map((terms) => terms.map((t) => `t${t}`)),
        params,
      ),
    ).search(
      query.map((t) => `t${t}`),
      k,
    );

  it("GIVEN random corpora, queries and k THEN topKExhaustive equals LexicalIndex.search by term names exactly", () => {
    fc.assert(
      fc.property(caseArb, ({ chunks, vocab, params, query, k }) => {
        expect(new Bm25Scorer(postingsOf(chunks, vocab), params).topKExhaustive(query, k)).toEqual(searchByName(chunks, params, query, k));
      }),
      { numRuns: 200 },
    );
  });
});
