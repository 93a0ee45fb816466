/**
 * Run in a child process by tests/index-damage-hnsw.test.ts, because what it guards against is a
 * native crash (a segfault) that would take the test runner down with it. Builds a hybrid index
 * over the corpus in argv[2], then damages vectors.hnsw in named ways and by fast-check's random
 * byte changes; after each, opens the index and asks a question. Prints one JSON line per case;
 * exits 0 only when it got through every case.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { createEngine } from "../../src/engine.js";
import { currentDataDir, openIndex } from "../../src/store/index.js";
import { countingEmbedder, indexOptions, LISTS_ALWAYS, memoryLogger } from "./fixtures.js";

const root = process.argv[2] as string;
const indexDir = path.join(root, "index");
const hnswFile = async () => path.join((await currentDataDir(indexDir)) as string, "vectors.hnsw");

// Lists and their graph even for this small corpus: the graph is what is damaged here.
await openIndex(indexOptions(root, countingEmbedder(), memoryLogger(), LISTS_ALWAYS));
const pristine = await readFile(await hnswFile());

/** Writes `bytes` as the current vectors.hnsw, opens the index and asks; returns what happened. */
async function attempt(name: string, bytes: Uint8Array) {
  await writeFile(await hnswFile(), bytes);
  const logger = memoryLogger();
  const embedder = countingEmbedder();
  const { index, report } = await openIndex(indexOptions(root, embedder, logger, LISTS_ALWAYS));
  // Passages embedded while opening (a rebuild must reuse the stored vectors); answering embeds its candidate sentences.
  const embedded = embedder.embedded;
  const answer = await createEngine(index, embedder, report, 5).ask("When did Sky Net follow?");
  const result = {
    name,
    warnings: logger.lines.filter((l) => l.startsWith("warning: ")),
    rebuilt: report?.rebuilt ?? null,
    reused: report?.reused ?? null,
    embedded,
    mode: answer.mode,
    answer: answer.answer.map((s) => s.text),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return result;
}

const set32 = (at: number, value: number) => {
  const b = Buffer.from(pristine);
  b.writeUInt32LE(value >>> 0, at);
  return b;
};

const named: [string, Uint8Array][] = [
  ...[0, 8, 16, 24, 32, 40, 48, 52, 56, 64, 72, 80, 88].map((at): [string, Uint8Array] => [
    `header bytes ${at}-${at + 3} set to ff`,
    set32(at, 0xffffffff),
  ]),
  ["element count doubled", set32(16, pristine.readUInt32LE(16) * 2)],
  ["truncated to half", pristine.subarray(0, Math.floor(pristine.length / 2))],
  ["truncated by one byte", pristine.subarray(0, pristine.length - 1)],
  ["truncated inside the header", pristine.subarray(0, 40)],
  ["empty", new Uint8Array(0)],
  ["zeroed", new Uint8Array(pristine.length)],
  ["random bytes", Uint8Array.from({ length: pristine.length }, (_, i) => (i * 2654435761) >>> 24)],
  ["bytes appended", Buffer.concat([pristine, Buffer.alloc(16, 7)])],
  ["first link of element 0 out of range", set32(96 + 4, 0x7fffffff)],
  ["link count of element 0 too large", set32(96, 0xffff)],
  ["element 0 marked deleted", set32(96, pristine.readUInt32LE(96) | 0x10000)],
  ["label of element 0 out of range", set32(96 + pristine.readUInt32LE(32), 999)],
];
for (const [name, bytes] of named) await attempt(name, bytes);

// Random damage anywhere: a changed byte or a changed 4-byte word. Whatever it hits, nothing crashes.
await fc.assert(
  fc.asyncProperty(fc.nat({ max: pristine.length - 4 }), fc.integer({ min: 1, max: 0xffffffff }), fc.boolean(), async (at, value, word) => {
    const bytes = Buffer.from(pristine);
    if (word) bytes.writeUInt32LE((bytes.readUInt32LE(at) ^ value) >>> 0, at);
    else bytes[at] = ((bytes[at] as number) ^ (value & 0xff || 1)) & 0xff;
    const result = await attempt(`random ${word ? "word" : "byte"} change at ${at}`, bytes);
    return result.warnings.length <= 1 && result.answer[0] === "Sky Net followed in 2015.";
  }),
  { seed: 8, numRuns: 60 },
);
process.stdout.write(`${JSON.stringify({ done: true, maxRssKb: process.resourceUsage().maxRSS })}\n`);
