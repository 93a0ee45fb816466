import { readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  currentDataDir,
  INDEX_FORMAT_VERSION,
  openIndex,
  readIndexData,
  TOKENIZER_SETTINGS,
  type Embedder,
  type IndexOptions,
} from "../src/store/index.js";
import { countingEmbedder, indexOptions, memoryLogger, tempDir, TWO_DOCUMENTS, writeCorpus, type TempDir } from "./helpers/fixtures.js";
import { makePdf } from "./helpers/pdf.js";
import { defined } from "./helpers/defined.js";
import { chunkTexts } from "./helpers/chunk-text.js";

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
  await writeCorpus(path.join(dir.path, "corpus"), TWO_DOCUMENTS);
});
afterEach(() => dir.cleanup());

const options = (embedder: Embedder | null, logger = memoryLogger()): IndexOptions => indexOptions(dir.path, embedder, logger);

describe("openIndex", () => {
  it("GIVEN no index THEN it builds one whose manifest records documents, hashes, tokenizer and embedding", async () => {
    const embedder = countingEmbedder();
    const { index, report } = await openIndex(options(embedder));
    expect(report?.rebuilt).toEqual(["a.md", "b.txt"]);
    expect(index.manifest.documents.map((d) => [d.id, d.kind, d.title, d.chunks])).toEqual([
      ["a.md", "markdown", "A", 2],
      ["b.txt", "text", "b.txt", 1],
    ]);
    expect(index.manifest.documents.every((d) => /^[0-9a-f]{64}$/.test(d.hash))).toBe(true);
    expect(index.manifest.embedding).toEqual({ model: "test/counting", dimensions: 8, pooling: "mean", queryPrefix: "" });
    expect(index.manifest.tokenizer).toEqual(TOKENIZER_SETTINGS);
    expect(embedder.embedded).toBe(3);
  });

  it("GIVEN an index just built THEN its chunks are the lean ones a later open reads (sentence spans from the chunk table, not own objects), with the same spans", async () => {
    const built = (await openIndex(options(null))).index.chunks;
    const reopened = (await openIndex(options(null))).index.chunks;
    for (const chunk of built) expect(Object.keys(chunk)).not.toContain("sentences");
    expect(built.map((c) => [c.id, c.docId, c.start, c.end, c.sentences])).toEqual(
      reopened.map((c) => [c.id, c.docId, c.start, c.end, c.sentences]),
    );
    expect(built.every((c) => c.sentences.length > 0)).toBe(true);
  });

  it("GIVEN an unchanged corpus THEN the second open reads the index without rebuilding", async () => {
    await openIndex(options(countingEmbedder()));
    const embedder = countingEmbedder();
    const { report, index } = await openIndex(options(embedder));
    expect(report).toBeNull();
    expect(embedder.embedded).toBe(0);
    expect(index.vectors?.search(await embedder.embedQuery("Fiji handed over"), 1)[0]?.[0]).toBe(2);
  });

  it("GIVEN one changed document THEN only it is parsed and embedded again", async () => {
    await openIndex(options(countingEmbedder()));
    await writeFile(path.join(dir.path, "corpus", "b.txt"), "Laos handed over 164 people in 2023. Vanuatu handed over 6.");
    const embedder = countingEmbedder();
    const logger = memoryLogger();
    const { report, index } = await openIndex(options(embedder, logger));
    expect(report).toMatchObject({ rebuilt: ["b.txt"], reused: ["a.md"] });
    expect(embedder.embedded).toBe(1);
    expect(logger.lines.some((l) => l.includes("b.txt is new or changed"))).toBe(true);
    expect(chunkTexts(index.documents.values(), index.chunks)).toContain("Laos handed over 164 people in 2023. Vanuatu handed over 6.");
  });

  it("GIVEN a removed document THEN the index is rebuilt without it", async () => {
    await openIndex(options(null));
    const { rm } = await import("node:fs/promises");
    await rm(path.join(dir.path, "corpus", "b.txt"));
    const { index } = await openIndex(options(null));
    expect(index.manifest.documents.map((d) => d.id)).toEqual(["a.md"]);
  });

  it("GIVEN another embedding model THEN every chunk is embedded again", async () => {
    await openIndex(options(null));
    const embedder = countingEmbedder();
    const logger = memoryLogger();
    await openIndex(options(embedder, logger));
    expect(embedder.embedded).toBe(3);
    expect(logger.lines.some((l) => l.includes("embedding changed (none → test/counting)"))).toBe(true);
  });

  it("GIVEN a build that fails half-way THEN the previous index stays current and readable", async () => {
    await openIndex(options(countingEmbedder()));
    const before = await currentDataDir(path.join(dir.path, "index"));
    await writeFile(path.join(dir.path, "corpus", "b.txt"), "Changed text for the handover.");
    const failing: Embedder = {
      ...countingEmbedder(),
      embedPassages: async () => {
        throw new Error("power cut");
      },
    };
    await expect(openIndex(options(failing))).rejects.toThrow("power cut");
    expect(await currentDataDir(path.join(dir.path, "index"))).toBe(before);
    const previous = await readIndexData(path.join(dir.path, "index"));
    expect(chunkTexts(previous?.data.documents ?? [], previous?.data.chunks ?? [])).toContain("Fiji handed over 77 people in 2017.");
  });

  it("GIVEN a manifest of another format version THEN the index is rebuilt and the reason said", async () => {
    await openIndex(options(null));
    const dataDir = defined(await currentDataDir(path.join(dir.path, "index")));
    const manifestFile = path.join(dataDir, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8"));
    await writeFile(manifestFile, JSON.stringify({ ...manifest, formatVersion: 0 }));
    const logger = memoryLogger();
    const { report } = await openIndex(options(null, logger));
    expect(report?.rebuilt).toEqual(["a.md", "b.txt"]);
    expect(logger.lines.some((l) => l.includes(`index format 0 is not the current ${INDEX_FORMAT_VERSION}`))).toBe(true);
  });

  it("GIVEN an index folder of format 5 (texts in documents.json and chunks.json, JSON postings) THEN it is rebuilt without a warning, the reason said, and the old folder removed", async () => {
    await openIndex(options(null));
    const dataDir = defined(await currentDataDir(path.join(dir.path, "index")));
    const manifestFile = path.join(dataDir, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8"));
    for (const file of ["texts.txt", "chunks.bin", "lexical.bin", "checksums.json"]) await rm(path.join(dataDir, file));
    await writeFile(path.join(dataDir, "chunks.json"), "[]");
    await writeFile(path.join(dataDir, "lexical.json"), JSON.stringify({ params: { k1: 1.2, b: 0.75 }, lengths: [], postings: {} }));
    await writeFile(manifestFile, JSON.stringify({ ...manifest, formatVersion: 5 }));
    const logger = memoryLogger();
    const { report } = await openIndex(options(null, logger));
    expect(report?.rebuilt).toEqual(["a.md", "b.txt"]);
    expect(logger.lines.filter((l) => l.startsWith("warning: "))).toEqual([]);
    expect(logger.lines).toContain(
      `Indexing ${path.join(dir.path, "corpus")} into ${path.join(dir.path, "index")} (The index on disk was built by another version of Citebot: index format 5 is not the current ${INDEX_FORMAT_VERSION})`,
    );
    expect(await stat(dataDir).catch(() => null)).toBeNull();
  });

  it("GIVEN a corrupt manifest THEN it warns and rebuilds", async () => {
    await openIndex(options(null));
    const dataDir = defined(await currentDataDir(path.join(dir.path, "index")));
    await writeFile(path.join(dataDir, "manifest.json"), "{ not json");
    const logger = memoryLogger();
    const { report } = await openIndex(options(null, logger));
    expect(report?.rebuilt).toHaveLength(2);
    expect(logger.lines.some((l) => l.startsWith("warning: rebuilding the index: The index on disk is unusable"))).toBe(true);
  });

  it("GIVEN a broken PDF that is later replaced by a good file THEN the next open notices and indexes it", async () => {
    await writeFile(path.join(dir.path, "corpus", "c.pdf"), "not a pdf");
    const first = await openIndex(options(null));
    expect(first.index.manifest.problems).toMatchObject([{ id: "c.pdf", hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect((await openIndex(options(null))).report).toBeNull();
    await writeFile(path.join(dir.path, "corpus", "c.pdf"), await makePdf({ pages: [["Vanuatu handed over 6 people in 2019."]] }));
    const { index, report } = await openIndex(options(null));
    expect(report?.rebuilt).toEqual(["c.pdf"]);
    expect(index.manifest.problems).toEqual([]);
  });

  it("GIVEN an indexed file that grows over the size cap THEN it leaves the index and is reported", async () => {
    await openIndex(options(null));
    await writeFile(path.join(dir.path, "corpus", "b.txt"), "Fiji. ".repeat(300_000));
    const { index } = await openIndex(options(null));
    expect(index.manifest.documents.map((d) => d.id)).toEqual(["a.md"]);
    expect(index.manifest.problems).toMatchObject([{ id: "b.txt", reason: expect.stringContaining("MAX_FILE_MB"), hash: null }]);
  });

  it("GIVEN a corpus with no readable file THEN CORPUS_EMPTY", async () => {
    const { rm } = await import("node:fs/promises");
    await rm(path.join(dir.path, "corpus", "a.md"));
    await writeFile(path.join(dir.path, "corpus", "b.txt"), "");
    await writeFile(path.join(dir.path, "corpus", "c.pdf"), "garbage");
    await expect(openIndex(options(null))).rejects.toMatchObject({ code: "CORPUS_EMPTY" });
  });
});
