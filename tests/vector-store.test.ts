import { mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultTopics, SentenceLikeSpace } from "../src/eval/sentence-like.js";
import { buildIvf, ExactVectorIndex, IvfVectorIndex } from "../src/store/ivf.js";
import { CODE_MAX, normalise, quantiseVectors, quantizedDamage } from "../src/store/quantize.js";
import { DEFAULT_VECTOR_STORE, readVectors, writeVectors } from "../src/store/vector-store.js";
import { BruteForceVectorIndex, cosine } from "../src/store/vectors.js";
import { defined } from "./helpers/defined.js";
import { tempDir, type TempDir } from "./helpers/fixtures.js";

let dir: TempDir;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.cleanup());

const vectorArb = (dimensions: number) =>
  fc
    .array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: dimensions, maxLength: dimensions })
    .filter((xs) => xs.some((x) => Math.abs(x) > 1e-3))
    .map((xs) => Float32Array.from(xs));

const ids = (found: [number, number][]) => found.map(([id]) => id);

describe("quantiseVectors", () => {
  it("GIVEN any vector THEN the dequantised vector is within √d × max|u| / 127 of the normalised one, and dot() is its cosine", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 48 }).chain((d) => fc.tuple(vectorArb(d), vectorArb(d))),
        ([v, q]) => {
          const store = quantiseVectors([v], v.length);
          const u = normalise(v);
          const back = store.vector(0);
          const max = Math.max(...u.map(Math.abs));
          const error = Math.hypot(...back.map((x, i) => x - (u[i] as number)));
          expect(error).toBeLessThanOrEqual((Math.sqrt(v.length) * max) / CODE_MAX + 1e-6);
          expect(Math.abs(Math.hypot(...back) - 1)).toBeLessThan(1e-6);
          expect(store.dot(normalise(q), 0)).toBeCloseTo(cosine(q, back), 6);
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it("GIVEN a dequantised vector quantised again THEN the codes and scale are the same (a reused vector stays exactly the same)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }).chain(vectorArb), (v) => {
        const first = quantiseVectors([v], v.length);
        const again = quantiseVectors([first.vector(0)], v.length);
        expect(Array.from(again.codes)).toEqual(Array.from(first.codes));
        expect(again.scales[0]).toBe(first.scales[0]);
        expect(quantizedDamage(again, 0)).toBeNull();
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it("GIVEN a zero vector THEN it is stored as zeros with the scale 0, similar to nothing", () => {
    const store = quantiseVectors([new Float32Array(4)], 4);
    expect(Array.from(store.codes)).toEqual([0, 0, 0, 0]);
    expect(store.scales[0]).toBe(0);
    expect(quantizedDamage(store, 0)).toBeNull();
    expect(store.dot(Float32Array.of(1, 0, 0, 0), 0)).toBe(0);
  });

  it("GIVEN a changed code, a code of -128 or a wrong scale THEN quantizedDamage says which", () => {
    const store = quantiseVectors([Float32Array.of(0.5, -0.25, 0.1), Float32Array.of(1, 2, 3)], 3);
    expect([quantizedDamage(store, 0), quantizedDamage(store, 1)]).toEqual([null, null]);
    store.codes[1] = -128;
    expect(quantizedDamage(store, 0)).toBe("vector 0 holds the code -128");
    store.codes[1] = -64;
    expect(quantizedDamage(store, 0)).toMatch(/^vector 0's scale .* does not match its codes$/);
    store.codes[5] = 100;
    expect(quantizedDamage(store, 1)).toBe("vector 1's largest code is 100, not 127");
  });
});

/** 25 vectors whose cosines with `query` are 1, 0.92, 0.84 … (gaps far wider than the int8 error), under shuffled ids. */
function separated(dimensions: number, seed: number): { vectors: Float32Array[]; query: Float32Array } {
  const random = fc.sample(
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 25 * dimensions, maxLength: 25 * dimensions }),
    {
      seed,
      numRuns: 1,
    },
  )[0] as number[];
  const query = new Float32Array(dimensions);
  query[0] = 1;
  const order = Array.from({ length: 25 }, (_, j) => j).sort((a, b) => (random[a] as number) - (random[b] as number));
  const vectors = order.map((j) => {
    const s = 1 - 0.08 * j;
    // A random direction orthogonal to the query, for the rest of the vector.
    const w = Float32Array.from({ length: dimensions }, (_, i) => (i === 0 ? 0 : (random[j * dimensions + i] as number)));
    const n = normalise(w);
    return Float32Array.from(n, (x, i) => (i === 0 ? s : Math.sqrt(1 - s * s) * x));
  });
  return { vectors, query };
}

describe("ExactVectorIndex and IvfVectorIndex", () => {
  it("GIVEN well-separated vectors THEN exact int8 search and the lists give exact float32 search's top 10, in order", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { vectors, query } = separated(16, seed);
      const exact = new BruteForceVectorIndex(16);
      vectors.forEach((v, id) => exact.add(v, id));
      const store = quantiseVectors(vectors, 16);
      const want = ids(exact.search(query, 10));
      const ivf = buildIvf(store, { ...DEFAULT_VECTOR_STORE.ivf, listsPerRoot: 1 });
      expect(ids(new ExactVectorIndex(store).search(query, 10)), `seed ${seed}`).toEqual(want);
      // Every list probed: the lists change which vectors are scored, never their scores.
      expect(ids(new IvfVectorIndex(store, ivf.graph, ivf.lists, 5).search(query, 10)), `seed ${seed}`).toEqual(want);
    }
  });

  it("GIVEN 2,000 sentence-like vectors THEN the lists find at least 95% of exact float32 search's top 10 for 100 new queries", () => {
    const dimensions = 64;
    const space = new SentenceLikeSpace(dimensions, defaultTopics(2000));
    const vectors = space.vectors(2000, 1);
    const exact = new BruteForceVectorIndex(dimensions);
    vectors.forEach((v, id) => exact.add(v, id));
    const store = quantiseVectors(vectors, dimensions);
    const ivf = buildIvf(store);
    expect(ivf.lists.offsets.length - 1).toBe(179);
    const index = new IvfVectorIndex(store, ivf.graph, ivf.lists);
    let hits = 0;
    for (const q of space.vectors(100, 2)) {
      const want = new Set(ids(exact.search(q, 10)));
      hits += ids(index.search(q, 10)).filter((id) => want.has(id)).length;
    }
    expect(hits / 1000).toBeGreaterThanOrEqual(0.95);
  });
});

describe("writeVectors and readVectors", () => {
  const space = new SentenceLikeSpace(24, 20);
  const vectors = space.vectors(300, 5);
  const queries = space.vectors(10, 6);

  it.each([
    ["299 vectors below a threshold of 300", 299, ["vectors.q8"], "ExactVectorIndex"],
    ["300 vectors at a threshold of 300", 300, ["vectors.hnsw", "vectors.ivf", "vectors.q8"], "IvfVectorIndex"],
  ])(
    "GIVEN %s (%i) THEN it writes %j, searches with a %s, and reads back the same search and vectors",
    async (_name, count, files, kind) => {
      const folder = path.join(dir.path, `switch-${count}`);
      await mkdir(folder);
      const store = quantiseVectors(vectors.slice(0, count), 24);
      const { index, stored } = await writeVectors(folder, store, { ...DEFAULT_VECTOR_STORE, exactBelow: 300 });
      expect((await readdir(folder)).sort()).toEqual(files);
      expect(index.constructor.name).toBe(kind);
      expect(stored.lists).toBe(kind === "IvfVectorIndex" ? 69 : 0);
      const read = await readVectors(folder, 24, count);
      expect(read.index.constructor.name).toBe(kind);
      for (const q of queries) expect(read.index.search(q, 10)).toEqual(index.search(q, 10));
      for (const id of [0, 17, count - 1]) expect(Array.from(read.vector(id))).toEqual(Array.from(store.vector(id)));
    },
  );

  it("GIVEN 100 zero vectors among 200 THEN the lists are written and read back, and a query finds the others first", async () => {
    const folder = path.join(dir.path, "zeros");
    await mkdir(folder);
    const mixed = vectors.slice(0, 200).map((v, i) => (i % 2 === 0 ? new Float32Array(24) : v));
    const { index } = await writeVectors(folder, quantiseVectors(mixed, 24), { ...DEFAULT_VECTOR_STORE, exactBelow: 0 });
    const read = await readVectors(folder, 24, 200);
    const found = read.index.search(defined(queries[0]), 5);
    expect(found).toEqual(index.search(defined(queries[0]), 5));
    expect(found.map(([id]) => id % 2)).toEqual([1, 1, 1, 1, 1]);
  });

  it("GIVEN the files of 300 vectors read as 299, or as 300 of 25 dimensions THEN it throws naming vectors.q8 (the first unread)", async () => {
    const folder = path.join(dir.path, "mismatch");
    await mkdir(folder);
    await writeVectors(folder, quantiseVectors(vectors, 24), { ...DEFAULT_VECTOR_STORE, exactBelow: 300 });
    await expect(readVectors(folder, 24, 299)).rejects.toMatchObject({
      message: "vectors.q8 holds 8416 bytes, more than the 8388 this index can need",
    });
    await expect(readVectors(folder, 25, 300)).rejects.toMatchObject({
      message: "vectors.q8: it holds 300 vectors of 24, the manifest 300 of 25",
    });
  });
});
