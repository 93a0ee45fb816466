import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine } from "../src/engine.js";
import { prepareEmbedder } from "../src/models.js";
import { indexedTextIn } from "../src/chunk/index.js";
import { BruteForceVectorIndex, HnswVectorIndex, isModelPresent, loadEmbedder, openIndex } from "../src/store/index.js";
import { DEFAULT_VECTOR_STORE } from "../src/store/vector-store.js";
import { indexOptions, memoryLogger, tempDir, testConfig, writeCorpus, type TempDir } from "./helpers/fixtures.js";
import { writeTinyModel } from "./helpers/tiny-model.js";
import { defined } from "./helpers/defined.js";

const MODEL = "citebot-test/tiny-bert";
const WORDS = [
  "the",
  "car",
  "automobile",
  "was",
  "red",
  "bicycles",
  "are",
  "green",
  "colour",
  "of",
  "what",
  "is",
  "police",
  "station",
  "abroad",
];
let dir: TempDir;

beforeAll(async () => {
  dir = await tempDir();
  await writeTinyModel(path.join(dir.path, "models"), MODEL, {
    words: WORDS,
    synonyms: [
      ["car", "automobile"],
      ["red", "colour"],
    ],
    dimensions: 16,
  });
  await writeCorpus(path.join(dir.path, "corpus"), { "vehicles.md": "The car was red.\n\nBicycles are green." });
});
afterAll(() => dir.cleanup());

const embeddingConfig = () => ({
  model: MODEL,
  modelsDir: path.join(dir.path, "models"),
  queryPrefix: "",
  pooling: "mean" as const,
  allowDownload: false,
  remoteHost: "http://127.0.0.1:9/",
});

describe("loadEmbedder (transformers.js with a generated model)", () => {
  it("GIVEN the tiny model on disk THEN it loads offline and embeds to normalised vectors of its width", async () => {
    expect(isModelPresent(embeddingConfig())).toBe(true);
    const embedder = await loadEmbedder(embeddingConfig());
    expect(embedder.dimensions).toBe(16);
    const [a, b, c] = await embedder.embedPassages(["the car", "the automobile", "bicycles"]);
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * (y[i] as number), 0);
    expect(Math.hypot(...defined(a))).toBeCloseTo(1, 5);
    expect(dot(defined(a), defined(b))).toBeCloseTo(1, 5);
    expect(dot(defined(a), defined(c))).toBeLessThan(0.9);
  });

  it("GIVEN no model files THEN MODEL_UNAVAILABLE names the fix", async () => {
    const error = await loadEmbedder({ ...embeddingConfig(), model: "nobody/missing" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "MODEL_UNAVAILABLE" });
    expect(String((error as Error).message)).toContain("npm run model:fetch");
  });
});

describe("HnswVectorIndex", () => {
  it("GIVEN vectors saved and loaded again THEN search matches exact brute-force search", async () => {
    const dim = 12;
    const hnsw = HnswVectorIndex.create(dim, 200);
    const exact = new BruteForceVectorIndex(dim);
    const vectors: Float32Array[] = [];
    for (let i = 0; i < 200; i++) {
      const v = Float32Array.from({ length: dim }, (_, j) => Math.sin(i * 7.1 + j * 1.3));
      vectors.push(v);
      hnsw.add(v, i);
      exact.add(v, i);
    }
    const file = path.join(dir.path, "round-trip.hnsw");
    await hnsw.save(file);
    const loaded = await HnswVectorIndex.load(file, { dimensions: dim, count: 200, vector: (label) => defined(vectors[label]) });
    const query = Float32Array.from({ length: dim }, (_, j) => Math.cos(j));
    const got = loaded.search(query, 5);
    const want = exact.search(query, 5);
    expect(got.map(([id]) => id)).toEqual(want.map(([id]) => id));
    got.forEach(([, sim], i) => expect(sim).toBeCloseTo(defined(want[i])[1], 4));
  });
});

describe("openIndex with the tiny model: the stored vectors through the whole pipeline", () => {
  const VOCABULARY = Array.from(
    { length: 30 },
    (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`,
  );
  const sentence = (words: number[]) => `${words.map((w) => VOCABULARY[w % 30]).join(" ")}.`;
  const QUESTIONS = [sentence([0, 7]), sentence([3, 10, 17]), sentence([21, 28, 5]), sentence([12]), sentence([1, 2, 3, 4])];

  it.each([
    ["exact int8 search (below the threshold)", DEFAULT_VECTOR_STORE, "ExactVectorIndex"],
    ["the lists and their graph (threshold 0)", { ...DEFAULT_VECTOR_STORE, exactBelow: 0 }, "IvfVectorIndex"],
  ])(
    "GIVEN 40 chunks indexed with %s THEN each question's 3 nearest chunks are exact float32 search's over the model's own vectors, before and after reopening",
    async (name, vectorStore, kind) => {
      const root = path.join(dir.path, `pipeline-${vectorStore.exactBelow}`);
      const model = "citebot-test/tiny-pipeline";
      await writeTinyModel(path.join(dir.path, "models"), model, { words: VOCABULARY, dimensions: 32 });
      const paragraphs = Array.from({ length: 40 }, (_, i) => sentence([i, i * 7 + 3, i * 11 + 5, i * 13 + 1]));
      await writeCorpus(path.join(root, "corpus"), { "words.md": paragraphs.join("\n\n") });
      const embedder = await loadEmbedder({ ...embeddingConfig(), model });
      const options = indexOptions(root, embedder, memoryLogger(), { vectorStore });
      const built = await openIndex(options);
      expect(built.index.chunks).toHaveLength(40);
      const exact = new BruteForceVectorIndex(32);
      (await embedder.embedPassages(built.index.chunks.map(indexedTextIn(built.index.documents)))).forEach((v, id) => exact.add(v, id));
      const reopened = await openIndex(options);
      expect(reopened.report).toBeNull();
      expect([built.index.vectors?.constructor.name, reopened.index.vectors?.constructor.name]).toEqual([kind, kind]);
      for (const q of QUESTIONS) {
        const v = await embedder.embedQuery(q);
        const want = exact.search(v, 3).map(([id]) => id);
        for (const { index } of [built, reopened]) {
          const got = defined(index.vectors).search(v, 3);
          expect(
            got.map(([id]) => id),
            `${name}: ${q}`,
          ).toEqual(want);
        }
      }
    },
  );
});

describe("openEngine with a model", () => {
  it("GIVEN the model THEN mode is hybrid and the dense side finds a passage with none of the question's words", async () => {
    const config = testConfig(dir.path, { EMBED_MODEL: MODEL, EMBED_POOLING: "mean", INDEX_DIR: path.join(dir.path, "index-hybrid") });
    const engine = await openEngine(config, memoryLogger());
    expect(engine.mode).toBe("hybrid");
    expect(engine.index.manifest.embedding).toMatchObject({ model: MODEL, dimensions: 16 });
    const answer = await engine.ask("automobile colour");
    expect(answer.mode).toBe("hybrid");
    expect(answer.passages[0]?.text).toBe("The car was red.");
  });

  it("GIVEN no model THEN it says so once, with the fix, and answers in lexical mode", async () => {
    const logger = memoryLogger();
    const config = testConfig(dir.path, { EMBED_MODEL: "nobody/missing", INDEX_DIR: path.join(dir.path, "index-lexical") });
    expect(await prepareEmbedder(config, logger)).toBeNull();
    const warnings = logger.lines.filter((l) => l.startsWith("warning:"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("LEXICAL retrieval only");
    expect(warnings[0]).toContain("npm run model:fetch");
    const engine = await openEngine(config, memoryLogger());
    expect(engine.mode).toBe("lexical");
    expect((await engine.ask("Which car was red?")).mode).toBe("lexical");
  });
});
