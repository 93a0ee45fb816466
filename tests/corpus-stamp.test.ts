import { rm, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listCorpusFiles, unchangedHash, type KnownHash } from "../src/ingest/index.js";
import { buildIndex, openIndex, readIndexData } from "../src/store/index.js";
import { indexOptions, memoryLogger, tempDir, TWO_DOCUMENTS, writeCorpus, type TempDir } from "./helpers/fixtures.js";
import { defined } from "./helpers/defined.js";
import { chunkTexts } from "./helpers/chunk-text.js";

const STAMP = { size: 100, mtimeMs: 1_000_000, ctimeMs: 1_000_000, ino: 7, takenAt: 1_000_000 + 60_000, meta: "m" };
const KNOWN: KnownHash = { hash: "recorded", stamp: STAMP };

describe("unchangedHash", () => {
  it("GIVEN the recorded stamp of a file that had been still for a minute THEN the recorded hash is trusted", () => {
    expect(unchangedHash(KNOWN, { ...STAMP, takenAt: STAMP.takenAt + 5_000 })).toBe("recorded");
  });

  it.each([
    ["size", { size: 101 }],
    ["modification time", { mtimeMs: 1_000_001 }],
    ["change time", { ctimeMs: 1_000_001 }],
    ["inode", { ino: 8 }],
    ["metadata", { meta: "other" }],
  ])("GIVEN another %s THEN the file is hashed again", (_what, change) => {
    expect(unchangedHash(KNOWN, { ...STAMP, ...change })).toBeNull();
  });

  it("GIVEN a stamp taken within 2 s of the file's last change THEN it is never trusted: a change in the same clock tick would keep it", () => {
    const racy = { ...STAMP, takenAt: STAMP.mtimeMs + 1_999 };
    expect(unchangedHash({ hash: "recorded", stamp: racy }, racy)).toBeNull();
  });

  it("GIVEN no recorded hash THEN the file is hashed", () => {
    expect(unchangedHash(undefined, STAMP)).toBeNull();
  });
});

describe("openIndex with recorded stamps", () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await tempDir();
    const corpus = path.join(dir.path, "corpus");
    await writeCorpus(corpus, TWO_DOCUMENTS);
    // Files last changed an hour ago: their stamps are settled, so the next start trusts them.
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const name of Object.keys(TWO_DOCUMENTS)) await utimes(path.join(corpus, name), hourAgo, hourAgo);
  });
  afterEach(() => dir.cleanup());

  it("GIVEN an index built THEN its manifest records each file's stamp, and the next listing takes the hashes from it", async () => {
    const options = indexOptions(dir.path, null, memoryLogger());
    await openIndex(options);
    const manifest = defined(await readIndexData(options.indexDir)).data.manifest;
    const doc = defined(manifest.documents.find((d) => d.id === "a.md"));
    expect(doc.stamp?.size).toBe(Buffer.byteLength(TWO_DOCUMENTS["a.md"]));
    const known = new Map([["a.md", { hash: "taken from the manifest", stamp: defined(doc.stamp) }]]);
    const { files } = await listCorpusFiles(options.corpusDir, options, known);
    expect(files.map((f) => [f.id, f.hash === "taken from the manifest"])).toEqual([
      ["a.md", true],
      ["b.txt", false],
    ]);
  });

  it("GIVEN a file rewritten to the same size with its old modification time put back THEN the changed ctime makes the next open read it", async () => {
    const options = indexOptions(dir.path, null, memoryLogger());
    await openIndex(options);
    const file = path.join(options.corpusDir, "a.md");
    const changed = TWO_DOCUMENTS["a.md"].replace("began in 2014", "began in 2013");
    expect(Buffer.byteLength(changed)).toBe(Buffer.byteLength(TWO_DOCUMENTS["a.md"]));
    await writeFile(file, changed);
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(file, hourAgo, hourAgo);
    const { report, index } = await openIndex(options);
    expect(report?.rebuilt).toEqual(["a.md"]);
    expect(chunkTexts(index.documents.values(), index.chunks).some((t) => t.includes("began in 2013"))).toBe(true);
  });

  it("GIVEN a file saved between the listing and its reading, then put back THEN the next open notices: the manifest records what was read", async () => {
    const options = indexOptions(dir.path, null, memoryLogger());
    const file = path.join(options.corpusDir, "a.md");
    const listing = await listCorpusFiles(options.corpusDir, options);
    await writeFile(file, TWO_DOCUMENTS["a.md"].replace("began in 2014", "began in 1999"));
    await buildIndex(options, null, listing);
    await writeFile(file, TWO_DOCUMENTS["a.md"]);
    const { report, index } = await openIndex(options);
    expect(report?.rebuilt).toEqual(["a.md"]);
    expect(chunkTexts(index.documents.values(), index.chunks).some((t) => t.includes("began in 2014"))).toBe(true);
  });

  it("GIVEN a file gone between the listing and its reading, then back THEN the next open reads it (no hash recorded for what was not read)", async () => {
    const options = indexOptions(dir.path, null, memoryLogger());
    const file = path.join(options.corpusDir, "a.md");
    const listing = await listCorpusFiles(options.corpusDir, options);
    await rm(file);
    const built = await buildIndex(options, null, listing);
    expect(built.report.problems.map((p) => [p.id, p.hash])).toEqual([["a.md", null]]);
    await writeFile(file, TWO_DOCUMENTS["a.md"]);
    const { report } = await openIndex(options);
    expect(report?.rebuilt).toContain("a.md");
  });
});
