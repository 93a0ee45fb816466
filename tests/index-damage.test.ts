import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, rm, symlink, truncate as truncateFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyAnswer, type Answer } from "../src/answer/index.js";
import { createEngine } from "../src/engine.js";
import { currentDataDir, openIndex, type Embedder } from "../src/store/index.js";
import type { PostingArrays } from "../src/store/bm25-scorer.js";
import { CHECKED_FILES } from "../src/store/format/checksums.js";
import { decodeLexical, encodeLexical } from "../src/store/format/postings-file.js";
import {
  countingEmbedder,
  indexOptions,
  LISTS_ALWAYS,
  memoryLogger,
  REPO_ROOT,
  tempDir,
  TWO_DOCUMENTS,
  writeCorpus,
  type TempDir,
} from "./helpers/fixtures.js";
import { makePdf } from "./helpers/pdf.js";

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
  await writeCorpus(path.join(dir.path, "corpus"), {
    ...TWO_DOCUMENTS,
    "c.pdf": await makePdf({ pages: [["Vanuatu handed over 6 people in 2019."], ["Laos handed over 164 people in 2023."]] }),
  });
});
afterEach(() => dir.cleanup());

/** Lists and their graph even for this small corpus, so that every vector file is there to damage. */
const open = (embedder: Embedder | null, logger = memoryLogger()) => openIndex(indexOptions(dir.path, embedder, logger, LISTS_ALWAYS));
const dataFile = async (name: string) => path.join((await currentDataDir(path.join(dir.path, "index"))) as string, name);

/** Rewrites checksums.json to match the files: a damage then reaches the checks behind the checksums, as a hand-crafted file would. */
async function reseal(): Promise<void> {
  const sums = Object.fromEntries(
    await Promise.all(
      CHECKED_FILES.map(async (f) => {
        const bytes = await readFile(await dataFile(f));
        return [f, { bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") }] as const;
      }),
    ),
  );
  await writeFile(await dataFile("checksums.json"), JSON.stringify(sums));
}

async function editJson(name: string, edit: (value: any) => unknown): Promise<void> {
  const file = await dataFile(name);
  await writeFile(file, JSON.stringify(edit(JSON.parse(await readFile(file, "utf8")))));
  await reseal();
}

/** Changes a file's bytes; `sealed` also updates checksums.json so that the change reaches the checks behind it. */
async function editBytes(name: string, edit: (bytes: Buffer) => Uint8Array, sealed = true): Promise<void> {
  const file = await dataFile(name);
  await writeFile(file, edit(await readFile(file)));
  if (sealed) await reseal();
}

const setRaw = (name: string, text: string) => async () => {
  await writeFile(await dataFile(name), text);
  if (name !== "checksums.json") await reseal();
};
const truncate = (name: string) => () => editBytes(name, (b) => b.subarray(0, Math.floor(b.length / 2)));
const flipByte = (name: string) => () => editBytes(name, (b) => (b.writeUInt8(b.readUInt8(b.length >> 1) ^ 0x20, b.length >> 1), b), false);
const append = (name: string) => () => editBytes(name, (b) => Buffer.concat([b, Buffer.alloc(4)]));

/** Sets the 32-bit number at byte `at` (of the file's header, or of a column of chunks.bin). */
const setU32 = (name: string, at: (bytes: Buffer) => number, value: number) => () =>
  editBytes(name, (b) => (b.writeUInt32LE(value >>> 0, at(b)), b));
/** Byte of entry `i` of column `k` of chunks.bin (0 document, 2 end, 3 page, 4 paragraph, 5 header; see chunk-table.ts). */
const column = (k: number, i: (n: number) => number) => (b: Buffer) => 20 + 4 * (k * b.readUInt32LE(4) + i(b.readUInt32LE(4)));
/** Byte of the first sentence's end in chunks.bin. */
const firstSentenceEnd = (b: Buffer) => 20 + 4 * (8 * b.readUInt32LE(4) + 1) + 4 * b.readUInt32LE(8);

/** Rewrites lexical.bin through its own codec, so that one fact is wrong and the file is otherwise well formed. */
const editLexical = (edit: (data: { params: { k1: number; b: number }; terms: string[]; postings: PostingArrays }) => void) => () =>
  editBytes("lexical.bin", (b) => {
    const data = decodeLexical(b, b.readUInt32LE(4));
    const copy = { params: { ...data.params }, terms: [...data.terms], postings: data.postings };
    edit(copy);
    return encodeLexical(copy);
  });
/** The position of the first posting of a term found in two chunks at least. */
const sharedPosting = (p: PostingArrays) => p.offsets[[...p.offsets].findIndex((o, t) => (p.offsets[t + 1] ?? 0) - o >= 2)] as number;

/** Opens the index again after `damage` with a fresh embedder: what it warned, reported and embedded. */
async function reopenAfter(damage: () => Promise<void>) {
  await open(countingEmbedder());
  await damage();
  const logger = memoryLogger();
  const embedder = countingEmbedder();
  const { index, report } = await open(embedder, logger);
  return { index, report, embedder, warnings: logger.lines.filter((l) => l.startsWith("warning: ")) };
}

/** Where the codes of vectors.q8 start: after its 16-byte header and one float32 scale per vector. */
const firstCode = (q8: Buffer) => 16 + 4 * q8.readUInt32LE(8);

/** Every kind of damage to the index files and vectors.q8, with the file the warning must name. */
const DAMAGES: [string, string, () => Promise<void>][] = [
  ["manifest.json as {}", "manifest.json", setRaw("manifest.json", "{}")],
  ["manifest.json as null", "manifest.json", setRaw("manifest.json", "null")],
  ["checksums.json as {}", "checksums.json", setRaw("checksums.json", "{}")],
  ["checksums.json truncated", "checksums.json", () => editBytes("checksums.json", (b) => b.subarray(0, 20), false)],
  ["a byte of texts.txt changed", "texts.txt", flipByte("texts.txt")],
  ["a byte of chunks.bin changed", "chunks.bin", flipByte("chunks.bin")],
  ["a byte of lexical.bin changed", "lexical.bin", flipByte("lexical.bin")],
  ["a byte of documents.json changed", "documents.json", flipByte("documents.json")],
  ["texts.txt truncated", "texts.txt", truncate("texts.txt")],
  ["texts.txt with bytes appended", "texts.txt", append("texts.txt")],
  ["a document's text longer than texts.txt", "texts.txt", () => editJson("documents.json", (d) => ((d[2].textBytes = 1e9), d))],
  ["chunks.bin truncated", "chunks.bin", truncate("chunks.bin")],
  ["chunks.bin emptied", "chunks.bin", setRaw("chunks.bin", "")],
  ["chunks.bin with bytes appended", "chunks.bin", append("chunks.bin")],
  ["chunks.bin of another kind (magic)", "chunks.bin", setU32("chunks.bin", () => 0, 7)],
  ["chunks.bin with 2^32 - 1 chunks", "chunks.bin", setU32("chunks.bin", () => 4, -1)],
  ["chunks.bin with 2^32 - 1 sentences", "chunks.bin", setU32("chunks.bin", () => 8, -1)],
  ["chunks.bin with 2^32 - 1 headers", "chunks.bin", setU32("chunks.bin", () => 12, -1)],
  [
    "a chunk of a document that does not exist",
    "chunks.bin",
    setU32(
      "chunks.bin",
      column(0, () => 0),
      99,
    ),
  ],
  [
    "a chunk past its document's end",
    "chunks.bin",
    setU32(
      "chunks.bin",
      column(2, () => 0),
      10_000,
    ),
  ],
  [
    "a chunk on a page that does not exist",
    "chunks.bin",
    setU32(
      "chunks.bin",
      column(3, (n) => n - 1),
      3,
    ),
  ],
  [
    "a chunk in a paragraph that does not exist",
    "chunks.bin",
    setU32(
      "chunks.bin",
      column(4, () => 0),
      40,
    ),
  ],
  [
    "a chunk with a table header it does not have",
    "chunks.bin",
    setU32(
      "chunks.bin",
      column(5, () => 0),
      0,
    ),
  ],
  ["a chunk's sentence outside it", "chunks.bin", setU32("chunks.bin", firstSentenceEnd, 9999)],
  ["lexical.bin truncated", "lexical.bin", truncate("lexical.bin")],
  ["lexical.bin emptied", "lexical.bin", setRaw("lexical.bin", "")],
  ["lexical.bin with bytes appended", "lexical.bin", append("lexical.bin")],
  ["lexical.bin with lengths for 2^32 - 1 chunks", "lexical.bin", setU32("lexical.bin", () => 4, -1)],
  ["lexical.bin with 2^32 - 1 terms", "lexical.bin", setU32("lexical.bin", () => 8, -1)],
  ["lexical.bin with 2^32 - 1 postings", "lexical.bin", setU32("lexical.bin", () => 12, -1)],
  ["lexical.bin with a varint of more than 32 bits", "lexical.bin", () => editBytes("lexical.bin", (b) => b.fill(0xff, b.length - 4))],
  ["a posting offset out of range", "lexical.bin", setU32("lexical.bin", (b) => 44 + 4 * b.readUInt32LE(4) + 4, 1e6)],
  ["the vocabulary unsorted", "lexical.bin", editLexical((l) => l.terms.reverse())],
  [
    "a term's chunk ids unsorted",
    "lexical.bin",
    editLexical(({ postings: p }) => {
      const i = sharedPosting(p);
      p.docs.set([p.docs[i + 1] as number, p.docs[i] as number], i);
    }),
  ],
  [
    "a chunk named twice by one term",
    "lexical.bin",
    editLexical(({ postings: p }) => p.docs.copyWithin(sharedPosting(p) + 1, sharedPosting(p), sharedPosting(p) + 1)),
  ],
  ["a posting count of 0", "lexical.bin", editLexical((l) => (l.postings.tfs[0] = 0))],
  ["a chunk length changed", "lexical.bin", editLexical((l) => (l.postings.lengths[0] = (l.postings.lengths[0] as number) + 1))],
  ["BM25 b out of range", "lexical.bin", editLexical((l) => (l.params.b = 7))],
  ["documents.json as {}", "documents.json", setRaw("documents.json", "{}")],
  ["documents.json as null", "documents.json", setRaw("documents.json", "null")],
  ["documents.json truncated", "documents.json", truncate("documents.json")],
  ["documents.json emptied", "documents.json", setRaw("documents.json", "[]")],
  ["a document id as a number", "documents.json", () => editJson("documents.json", (d) => ((d[0].id = 7), d))],
  ["documents swapped", "documents.json", () => editJson("documents.json", (d) => [d[1], d[0], d[2]])],
  ["a paragraph past the text's end", "documents.json", () => editJson("documents.json", (d) => ((d[0].paragraphs[0].end = 10_000), d))],
  [
    "a paragraph on a page that does not exist",
    "documents.json",
    () => editJson("documents.json", (d) => ((d[2].paragraphs[0].page = 9), d)),
  ],
  ["a page renumbered", "documents.json", () => editJson("documents.json", (d) => ((d[2].pages[1].n = 5), d))],
  [
    "a paragraph without its section (as format 4 wrote it)",
    "documents.json",
    () => editJson("documents.json", (d) => (delete d[0].paragraphs[0].section, d)),
  ],
  [
    "a document without its links (as format 4 wrote it)",
    "documents.json",
    () => editJson("documents.json", (d) => (delete d[0].links, d)),
  ],
  [
    "a link past the text's end",
    "documents.json",
    () => editJson("documents.json", (d) => ((d[0].links = [{ start: 0, end: 10_000, url: "https://example.org/" }]), d)),
  ],
  ["vectors.q8 truncated", "vectors.q8", truncate("vectors.q8")],
  ["vectors.q8 emptied", "vectors.q8", setRaw("vectors.q8", "")],
  ["vectors.q8 cut inside its header", "vectors.q8", () => editBytes("vectors.q8", (b) => b.subarray(0, 10))],
  ["vectors.q8 with a wrong magic number", "vectors.q8", () => editBytes("vectors.q8", (b) => (b.writeUInt32LE(0, 0), b))],
  ["vectors.q8 for other dimensions", "vectors.q8", () => editBytes("vectors.q8", (b) => (b.writeUInt32LE(9, 4), b))],
  ["vectors.q8 with more lists than vectors", "vectors.q8", () => editBytes("vectors.q8", (b) => (b.writeUInt32LE(0xffffffff, 12), b))],
  ["vectors.q8 with a NaN scale", "vectors.q8", () => editBytes("vectors.q8", (b) => (b.writeFloatLE(Number.NaN, 16), b))],
  [
    "vectors.q8 with an infinite scale",
    "vectors.q8",
    () => editBytes("vectors.q8", (b) => (b.writeFloatLE(Number.POSITIVE_INFINITY, 20), b)),
  ],
  [
    "vectors.q8 with a code changed",
    "vectors.q8",
    () => editBytes("vectors.q8", (b) => (b.writeInt8(b.readInt8(firstCode(b)) === 0 ? 1 : 0, firstCode(b)), b)),
  ],
  ["vectors.q8 with a code of -128", "vectors.q8", () => editBytes("vectors.q8", (b) => (b.writeInt8(-128, firstCode(b) + 3), b))],
];

describe("openIndex on a damaged index", () => {
  it.each(DAMAGES)("GIVEN %s THEN one warning names %s, the index is rebuilt and answers correctly", async (_name, file, damage) => {
    await open(countingEmbedder());
    await damage();
    const logger = memoryLogger();
    const embedder = countingEmbedder();
    const { index, report } = await open(embedder, logger);
    const warnings = logger.lines.filter((l) => l.startsWith("warning: "));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^warning: rebuilding the index: The index on disk is unusable: .*${file.replace(".", "\\.")}`));
    expect(report?.rebuilt).toEqual(["a.md", "b.txt", "c.pdf"]);
    const answer = await createEngine(index, embedder, report, 5).ask("When did Sky Net follow?");
    expect(answer.answer.map((s) => s.text)).toEqual(["Sky Net followed in 2015."]);
    expect(answer.passages[0]?.text).toBe("Sky Net followed in 2015.");
    const again = memoryLogger();
    expect((await open(countingEmbedder(), again)).report).toBeNull();
    expect(again.lines).toEqual([]);
  });
});

describe("openIndex on index files that are not regular files", () => {
  const replaceWith = (name: string, make: (file: string) => Promise<void> | void) => async () => {
    const file = await dataFile(name);
    await rm(file);
    await make(file);
  };
  const fifo = (file: string) => {
    execFileSync("mkfifo", [file]);
  };
  it.each([
    ["vectors.hnsw as a link to /dev/zero", "vectors.hnsw", replaceWith("vectors.hnsw", (f) => symlink("/dev/zero", f))],
    ["vectors.hnsw as a named pipe", "vectors.hnsw", replaceWith("vectors.hnsw", fifo)],
    ["vectors.hnsw as a 5 GB sparse file", "vectors.hnsw", async () => truncateFile(await dataFile("vectors.hnsw"), 5 * 1024 ** 3)],
    ["vectors.q8 as a link to /dev/urandom", "vectors.q8", replaceWith("vectors.q8", (f) => symlink("/dev/urandom", f))],
    ["vectors.ivf as a named pipe", "vectors.ivf", replaceWith("vectors.ivf", fifo)],
    ["documents.json as a link to /dev/zero", "documents.json", replaceWith("documents.json", (f) => symlink("/dev/zero", f))],
    ["manifest.json as a 2 GB sparse file", "manifest.json", async () => truncateFile(await dataFile("manifest.json"), 2 * 1024 ** 3)],
  ])("GIVEN %s THEN it is never read: one warning names %s, and the index is repaired and answers", async (_name, file, damage) => {
    const { index, report, embedder, warnings } = await reopenAfter(damage);
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^warning: rebuilding the index: The index on disk is unusable: .*${file.replace(".", "\\.")}`)),
    ]);
    const answer = await createEngine(index, embedder, report, 5).ask("When did Sky Net follow?");
    expect(answer.answer.map((s) => s.text)).toEqual(["Sky Net followed in 2015."]);
    expect((await open(countingEmbedder(), memoryLogger())).report).toBeNull();
  });
});

describe("openIndex on a damaged vectors.ivf", () => {
  /** The lists of vectors.ivf: after its header, lists + 1 offsets and then one id per vector. */
  const lists = (ivf: Buffer) => ivf.readUInt32LE(12);
  const firstId = (ivf: Buffer) => 16 + 4 * (lists(ivf) + 1);
  it.each([
    ["truncated", truncate("vectors.ivf")],
    ["emptied", setRaw("vectors.ivf", "")],
    ["with a wrong magic number", () => editBytes("vectors.ivf", (b) => (b.writeUInt32LE(7, 0), b))],
    ["with a list count that differs from vectors.q8's", () => editBytes("vectors.ivf", (b) => (b.writeUInt32LE(lists(b) + 1, 12), b))],
    ["with an id twice", () => editBytes("vectors.ivf", (b) => (b.writeUInt32LE(b.readUInt32LE(firstId(b)), firstId(b) + 4), b))],
    ["with an id out of range", () => editBytes("vectors.ivf", (b) => (b.writeUInt32LE(0x7fffffff, firstId(b)), b))],
    ["with a list ending before it starts", () => editBytes("vectors.ivf", (b) => (b.writeUInt32LE(0xffffff, 20), b))],
    ["with bytes appended", () => editBytes("vectors.ivf", (b) => Buffer.concat([b, Buffer.alloc(4)]))],
  ])(
    "GIVEN vectors.ivf %s THEN one warning names it, and the lists are rebuilt from the stored vectors, none embedded again",
    async (_name, damage) => {
      const { index, report, embedder, warnings } = await reopenAfter(damage);
      expect(warnings).toEqual([expect.stringMatching(/^warning: rebuilding the index: The index on disk is unusable: vectors\.ivf[: ]/)]);
      expect({ rebuilt: report?.rebuilt, reused: report?.reused, embedded: embedder.embedded }).toEqual({
        rebuilt: [],
        reused: ["a.md", "b.txt", "c.pdf"],
        embedded: 0,
      });
      const answer = await createEngine(index, embedder, report, 5).ask("When did Sky Net follow?");
      expect(answer.answer.map((s) => s.text)).toEqual(["Sky Net followed in 2015."]);
      expect((await open(countingEmbedder(), memoryLogger())).report).toBeNull();
    },
  );
});

describe("openIndex on a damaged vectors.hnsw, in a child process (a native crash would kill it)", () => {
  it("GIVEN header bytes changed, truncation, zeroes, random bytes, bad links and labels, and 60 random byte changes THEN no crash: each damaged graph is rebuilt from the stored vectors with one warning, and every answer is right", async () => {
    const { code, signal, stdout, stderr } = await new Promise<{
      code: number | null;
      signal: string | null;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      const child = execFile(
        path.join(REPO_ROOT, "node_modules", ".bin", "tsx"),
        [path.join(REPO_ROOT, "tests", "helpers", "hnsw-damage-child.ts"), dir.path],
        { cwd: REPO_ROOT, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
        (_error, out, err) => resolve({ code: child.exitCode, signal: child.signalCode, stdout: out, stderr: err }),
      );
    });
    expect({ code, signal, stderr: stderr.slice(0, 2000) }).toEqual({ code: 0, signal: null, stderr: "" });
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const cases = lines.filter((l) => !l.done);
    const done = lines.find((l) => l.done);
    console.log(`hnsw damage: ${cases.length} cases in a child process, peak RSS ${Math.round(done.maxRssKb / 1024)} MB`);
    expect(cases).toHaveLength(25 + 60);
    for (const c of cases) {
      expect(c.answer, c.name).toEqual(["Sky Net followed in 2015."]);
      expect(c.mode, c.name).toBe("hybrid");
      if (c.warnings.length === 0) {
        // A change hnswlib never reads (an unused link slot, a float's last bits) loads as it is.
        expect(c.rebuilt, c.name).toBeNull();
        continue;
      }
      expect(c.warnings, c.name).toEqual([
        expect.stringMatching(/^warning: rebuilding the index: The index on disk is unusable: vectors\.hnsw: /),
      ]);
      expect({ rebuilt: c.rebuilt, reused: c.reused, embedded: c.embedded }, c.name).toEqual({
        rebuilt: [],
        reused: ["a.md", "b.txt", "c.pdf"],
        embedded: 0,
      });
    }
    // Every named damage is caught before hnswlib reads the file.
    expect(
      cases
        .slice(0, 25)
        .filter((c) => c.warnings.length !== 1)
        .map((c) => c.name),
    ).toEqual([]);
  });
});

describe("questions made of Object.prototype names", () => {
  it("GIVEN an index loaded from disk THEN questions naming constructor, __proto__, toString and friends are answered normally", async () => {
    await writeFile(path.join(dir.path, "corpus", "d.md"), "The constructor of the dam was paid in 2016.");
    await open(null);
    const { index, report } = await open(null);
    expect(report).toBeNull();
    const engine = createEngine(index, null, null, 5);
    // Each is looked up as a word, never as a property: none is found but "constructor", and a lone word is too little to answer from.
    for (const q of [
      "constructor",
      "__proto__",
      "toString hasOwnProperty",
      "valueOf isPrototypeOf propertyIsEnumerable __defineGetter__",
      "prototype",
    ]) {
      const answer = await engine.ask(q);
      expect(answer.abstained, q).toBe(true);
      expect(
        answer.passages.map((p) => p.text),
        q,
      ).toEqual(q === "constructor" ? ["The constructor of the dam was paid in 2016."] : []);
    }
    expect((await engine.ask("Who was the constructor of the dam?")).answer[0]?.text).toBe("The constructor of the dam was paid in 2016.");
    // Words that are neither in the sources nor English count against an answer, but the passage is still found.
    expect((await engine.ask("When did Sky Net follow, __proto__ toString?")).passages[0]?.text).toBe("Sky Net followed in 2015.");
  });

  it("GIVEN a corpus holding the word __proto__ THEN it is indexed, saved, loaded and found like any word", async () => {
    // A text file: in Markdown, `__proto__` is "proto" in bold.
    await writeFile(path.join(dir.path, "corpus", "d.txt"), "The field __proto__ was set in 2018.");
    await open(null);
    const { index, report } = await open(null);
    expect(report).toBeNull();
    expect((await createEngine(index, null, null, 5).ask("When was __proto__ set?")).answer[0]?.text).toBe(
      "The field __proto__ was set in 2018.",
    );
  });
});

describe("verifyAnswer on listed passages", () => {
  const doc = {
    id: "a.md",
    kind: "markdown" as const,
    title: "A",
    source: null,
    url: null,
    publisher: null,
    date: null,
    text: "Fox Hunt began in 2014.",
    paragraphs: [],
    pages: [],
    extraction: null,
    links: [],
  };
  const answer = (text: string): Answer => ({
    question: "q",
    understoodAs: "q",
    abstained: true,
    mode: "lexical",
    answer: [],
    citations: [],
    passages: [{ doc: "a.md", title: "A", page: null, paragraph: 1, text, score: 1 }],
    timingsMs: { retrieve: 0, answer: 0, total: 0 },
  });

  it("GIVEN a passage that is not its document's text THEN it is not listed", () => {
    expect(verifyAnswer(answer("Fox Hunt began in 1914."), new Map([["a.md", doc]])).answer.passages).toEqual([]);
  });

  it("GIVEN a passage that is its document's text THEN it stays", () => {
    expect(verifyAnswer(answer("Fox Hunt began in 2014."), new Map([["a.md", doc]])).answer.passages.map((p) => p.text)).toEqual([
      "Fox Hunt began in 2014.",
    ]);
  });
});
