import { execFile, execFileSync } from "node:child_process";
import { readFile, rm, symlink, truncate as truncateFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyAnswer, type Answer } from "../src/answer/index.js";
import { createEngine } from "../src/engine.js";
import { currentDataDir, openIndex, type Embedder } from "../src/store/index.js";
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
import { makePdf } from "./helpers/pdf.js";
import { DEFAULT_VECTOR_STORE } from "../src/store/vector-store.js";

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
const LISTS_ALWAYS = { vectorStore: { ...DEFAULT_VECTOR_STORE, exactBelow: 0 } };
const open = (embedder: Embedder | null, logger = memoryLogger()) => openIndex(indexOptions(dir.path, embedder, logger, LISTS_ALWAYS));
const dataFile = async (name: string) => path.join((await currentDataDir(path.join(dir.path, "index"))) as string, name);

async function editJson(name: string, edit: (value: any) => unknown): Promise<void> {
  const file = await dataFile(name);
  await writeFile(file, JSON.stringify(edit(JSON.parse(await readFile(file, "utf8")))));
}

async function editBytes(name: string, edit: (bytes: Buffer) => Uint8Array): Promise<void> {
  const file = await dataFile(name);
  await writeFile(file, edit(await readFile(file)));
}

const setRaw = (name: string, text: string) => async () => writeFile(await dataFile(name), text);
const truncate = (name: string) => () => editBytes(name, (b) => b.subarray(0, Math.floor(b.length / 2)));
const chunkOf = (chunks: any[], text: string) => chunks.find((c) => c.text === text);
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

/** Every kind of damage to the JSON files and vectors.q8, with the file the warning must name. */
const DAMAGES: [string, string, () => Promise<void>][] = [
  ["manifest.json as {}", "manifest.json", setRaw("manifest.json", "{}")],
  ["manifest.json as null", "manifest.json", setRaw("manifest.json", "null")],
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
  ["chunks.json as {}", "chunks.json", setRaw("chunks.json", "{}")],
  ["chunks.json as null", "chunks.json", setRaw("chunks.json", "null")],
  ["chunks.json truncated", "chunks.json", truncate("chunks.json")],
  [
    "a chunk's text edited",
    "chunks.json",
    () => editJson("chunks.json", (c) => ((chunkOf(c, "Sky Net followed in 2015.").text = "Sky Net followed in 1999."), c)),
  ],
  [
    "a chunk's offsets past the text",
    "chunks.json",
    () => editJson("chunks.json", (c) => (Object.assign(c[0], { start: 5000, end: 5020 }), c)),
  ],
  ["a chunk id out of order", "chunks.json", () => editJson("chunks.json", (c) => ((c[1].id = 0), c))],
  ["a chunk of an unknown document", "chunks.json", () => editJson("chunks.json", (c) => ((c[0].docId = "gone.md"), c))],
  ["a chunk on a page that does not exist", "chunks.json", () => editJson("chunks.json", (c) => ((c.at(-1).page = 3), c))],
  ["a chunk in a paragraph that does not exist", "chunks.json", () => editJson("chunks.json", (c) => ((c[0].paragraph = 40), c))],
  ["a chunk's sentence outside it", "chunks.json", () => editJson("chunks.json", (c) => ((c[0].sentences[0].end = 9999), c))],
  ["a chunk removed", "chunks.json", () => editJson("chunks.json", (c) => c.slice(1))],
  ["lexical.json as {}", "lexical.json", setRaw("lexical.json", "{}")],
  ["lexical.json as null", "lexical.json", setRaw("lexical.json", "null")],
  ["lexical.json truncated", "lexical.json", truncate("lexical.json")],
  ["postings emptied", "lexical.json", () => editJson("lexical.json", (l) => ({ ...l, postings: {} }))],
  ["postings as a list", "lexical.json", () => editJson("lexical.json", (l) => ({ ...l, postings: [] }))],
  ["a posting list emptied", "lexical.json", () => editJson("lexical.json", (l) => ((l.postings.fox = []), l))],
  ["a posting to a chunk out of range", "lexical.json", () => editJson("lexical.json", (l) => ((l.postings.fox = [99, 1]), l))],
  ["a posting of odd length", "lexical.json", () => editJson("lexical.json", (l) => ((l.postings.fox = [0, 1, 2]), l))],
  ["a posting count as text", "lexical.json", () => editJson("lexical.json", (l) => ((l.postings.fox = [0, "1"]), l))],
  ["a chunk length changed", "lexical.json", () => editJson("lexical.json", (l) => ((l.lengths[0] += 1), l))],
  ["lengths for too few chunks", "lexical.json", () => editJson("lexical.json", (l) => (l.lengths.pop(), l))],
  ["BM25 b out of range", "lexical.json", () => editJson("lexical.json", (l) => ((l.params.b = 7), l))],
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
    ["chunks.json as a named pipe", "chunks.json", replaceWith("chunks.json", fifo)],
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
