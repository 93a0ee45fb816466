/**
 * `npx tsx tests/bench/index-damage.ts [DOCS] [DIMENSIONS]`: what validation and repair cost on
 * a large index. Builds a hybrid index over a generated corpus (a deterministic embedder, no
 * model), then times an intact open (every file validated, vectors.hnsw checked), a damaged
 * vectors.hnsw header (the graph rebuilt from the stored vectors) and a changed byte of
 * lexical.bin (a full rebuild), and prints the peak resident memory.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { currentDataDir, openIndex, readIndexData } from "../../src/store/index.js";
import { DEFAULT_VECTOR_STORE, readVectors } from "../../src/store/vector-store.js";
import { countingEmbedder, indexOptions, memoryLogger, tempDir, writeCorpus } from "../helpers/fixtures.js";

const docs = Number(process.argv[2] ?? 200);
const dimensions = Number(process.argv[3] ?? 384);
const dir = await tempDir("citebot-damage-bench-");
try {
  const paragraph = (d: number, p: number) =>
    `Report ${d} section ${p} says that office ${d * 31 + p} handled ${p * 7} cases in ${1950 + (p % 70)}. It names person${d}x${p} and place${p}y${d}. The review found ${d + p} gaps.`;
  await writeCorpus(
    path.join(dir.path, "corpus"),
    Object.fromEntries(
      Array.from({ length: docs }, (_, d) => [`doc-${d}.md`, Array.from({ length: 50 }, (_, p) => paragraph(d, p)).join("\n\n")]),
    ),
  );
  const open = async (label: string) => {
    const logger = memoryLogger();
    const t0 = performance.now();
    // The lists and their graph whatever the size, so that damage to vectors.hnsw can be timed.
    const options = indexOptions(dir.path, countingEmbedder(dimensions), logger, {
      vectorStore: { ...DEFAULT_VECTOR_STORE, exactBelow: 0 },
    });
    const { index, report } = await openIndex(options);
    const ms = Math.round(performance.now() - t0);
    console.log(
      `${label}: ${ms} ms, ${index.chunks.length} chunks, ${report ? `rebuilt ${report.rebuilt.length}, reused ${report.reused.length}` : "loaded"}; warnings: ${logger.lines.filter((l) => l.startsWith("warning")).length}`,
    );
  };
  const file = async (name: string) => path.join((await currentDataDir(path.join(dir.path, "index"))) as string, name);
  await open("first build");
  await open("intact open (validated)");
  let t0 = performance.now();
  const read = await readIndexData(path.join(dir.path, "index"));
  console.log(`of which reading and validating the data files and vectors.q8: ${Math.round(performance.now() - t0)} ms`);
  t0 = performance.now();
  await readVectors(path.dirname(await file("vectors.hnsw")), dimensions, read?.data.manifest.chunkCount ?? 0);
  console.log(
    `of which reading and checking all the vector files again (vectors.q8, vectors.ivf, vectors.hnsw): ${Math.round(performance.now() - t0)} ms`,
  );
  const hnsw = await file("vectors.hnsw");
  const bytes = await readFile(hnsw);
  console.log(
    `vectors.hnsw: ${(bytes.length / 1024 / 1024).toFixed(1)} MB; texts.txt ${((await readFile(await file("texts.txt"))).length / 1024 / 1024).toFixed(1)} MB`,
  );
  bytes.writeUInt32LE(0xffffffff, 24);
  await writeFile(hnsw, bytes);
  await open("damaged vectors.hnsw header");
  const lexical = await file("lexical.bin");
  const postings = await readFile(lexical);
  postings.writeUInt8(postings.readUInt8(postings.length >> 1) ^ 0x20, postings.length >> 1);
  await writeFile(lexical, postings);
  await open("a byte of lexical.bin changed");
  console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
} finally {
  await dir.cleanup();
}
