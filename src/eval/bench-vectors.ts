/**
 * `npm run bench:vectors [-- --max 300k]`: what the stored vectors cost and how well they
 * are searched, on generated sentence-like vectors of 384 dimensions (see sentence-like.ts) at
 * 10k and 100k vectors (and 300k with `--max 300k`). For each size: build time, bytes on disk
 * and resident memory added by loading them (measured in a child process), their share of the
 * float32 size, query p50/p95 and recall@10 against exact float32 search over 200 queries drawn
 * from the same generator (not members of the set); then exact int8 search, a sweep of the list
 * parameters, isotropic random vectors, and the crossover where the lists start paying. Every
 * vector and every build is deterministic; only the timings vary from run to run.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { buildIvf, DEFAULT_IVF, ExactVectorIndex, IvfVectorIndex } from "../store/ivf.js";
import { quantiseVectors } from "../store/quantize.js";
import { DEFAULT_VECTOR_STORE, readVectors, writeVectors } from "../store/vector-store.js";
import { BruteForceVectorIndex, type VectorIndex } from "../store/vectors.js";
import { percentile } from "./percentile.js";
import { folderBytes } from "./folder-bytes.js";
import { defaultTopics, isotropicVectors, SentenceLikeSpace } from "./sentence-like.js";

const DIMENSIONS = 384;
const QUERIES = 200;
const K = 10;
/** Untimed queries before the timed ones. */
const WARM_UP = 20;

/** The child's part: load the vector files in a folder and say how much resident memory that added. */
async function measureLoad(dir: string, count: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const { index } = await readVectors(dir, DIMENSIONS, count);
  const loadMs = performance.now() - t0;
  index.search(new Float32Array(DIMENSIONS).fill(1), K);
  gc?.();
  const after = process.memoryUsage().rss;
  process.stdout.write(JSON.stringify({ addedBytes: after - before, loadMs }));
}

function timeQueries(index: VectorIndex, queries: readonly Float32Array[]): { results: number[][]; p50: number; p95: number } {
  for (const q of queries.slice(0, WARM_UP)) index.search(q, K);
  const times: number[] = [];
  const results = queries.map((q) => {
    const t0 = performance.now();
    const found = index.search(q, K);
    times.push(performance.now() - t0);
    return found.map(([id]) => id);
  });
  times.sort((a, b) => a - b);
  return { results, p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

function recall(results: readonly number[][], truth: readonly number[][]): number {
  let hits = 0;
  results.forEach((r, i) => {
    const want = new Set(truth[i]);
    hits += r.filter((id) => want.has(id)).length;
  });
  return hits / (truth.length * K);
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function row(cells: (string | number)[]): void {
  process.stdout.write(`| ${cells.join(" | ")} |\n`);
}

/** A set, its queries and the exact float32 answers. */
function prepare(vectors: Float32Array[], queries: Float32Array[]) {
  const exact = new BruteForceVectorIndex(DIMENSIONS);
  vectors.forEach((v, id) => exact.add(v, id));
  const float = timeQueries(exact, queries);
  return { vectors, queries, truth: float.results, float };
}

async function measureSize(count: number, sweep: boolean): Promise<void> {
  const space = new SentenceLikeSpace(DIMENSIONS, defaultTopics(count));
  const set = prepare(space.vectors(count, 1), space.vectors(QUERIES, 2));
  const floatBytes = count * DIMENSIONS * 4;
  const dir = await mkdtemp(path.join(os.tmpdir(), "citebot-vectors-"));
  try {
    const t0 = performance.now();
    const store = quantiseVectors(set.vectors, DIMENSIONS);
    const { index } = await writeVectors(dir, store, { ...DEFAULT_VECTOR_STORE, exactBelow: 0 });
    const buildMs = performance.now() - t0;
    const disk = await folderBytes(dir);
    const child = execFileSync(
      process.execPath,
      ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), "--load", dir, String(count)],
      { encoding: "utf8" },
    );
    const { addedBytes: added, loadMs } = JSON.parse(child) as { addedBytes: number; loadMs: number };
    const lists = timeQueries(index, set.queries);
    const exact = timeQueries(new ExactVectorIndex(store), set.queries);
    process.stdout.write(
      `\n## ${count} sentence-like vectors (${defaultTopics(count)} topics), ${QUERIES} queries, recall@${K} against exact float32 search\n\n`,
    );
    row(["search", "build", "load", "disk", "memory added", "share of float32 (disk / memory)", "query p50 / p95", `recall@${K}`]);
    row(["---", "---", "---", "---", "---", "---", "---", "---"]);
    row([
      `lists (${DEFAULT_IVF.listsPerRoot}√n lists, ${DEFAULT_IVF.probes} probed)`,
      `${(buildMs / 1000).toFixed(1)} s`,
      `${ms(loadMs)} ms`,
      `${mb(disk)} MB`,
      `${mb(added)} MB`,
      `${((100 * disk) / floatBytes).toFixed(1)}% / ${((100 * added) / floatBytes).toFixed(1)}%`,
      `${ms(lists.p50)} / ${ms(lists.p95)} ms`,
      recall(lists.results, set.truth).toFixed(3),
    ]);
    row(["exact, int8", "", "", "", "", "", `${ms(exact.p50)} / ${ms(exact.p95)} ms`, recall(exact.results, set.truth).toFixed(3)]);
    row([
      "exact, float32 (reference)",
      "",
      "",
      `${mb(floatBytes)} MB`,
      "",
      "100%",
      `${ms(set.float.p50)} / ${ms(set.float.p95)} ms`,
      "1.000",
    ]);
    if (sweep) sweepLists(store, set);
    if (sweep) isotropic(count);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Recall and speed for other list counts and probes, to show why the defaults are what they are. */
function sweepLists(store: ReturnType<typeof quantiseVectors>, set: ReturnType<typeof prepare>): void {
  const probes = [8, 16, 24, 32, 48];
  process.stdout.write(`\nsweep: recall@${K} (query p50) by lists per √n and lists probed\n\n`);
  row(["lists per √n (lists)", "build", ...probes.map((p) => `${p} probed`)]);
  row(["---", "---", ...probes.map(() => "---")]);
  for (const listsPerRoot of [2, 4, 8]) {
    const t0 = performance.now();
    const ivf = buildIvf(store, { ...DEFAULT_IVF, listsPerRoot });
    const buildMs = performance.now() - t0;
    const cells = probes.map((p) => {
      const r = timeQueries(new IvfVectorIndex(store, ivf.graph, ivf.lists, p), set.queries);
      return `${recall(r.results, set.truth).toFixed(3)} (${ms(r.p50)} ms)`;
    });
    row([`${listsPerRoot} (${ivf.lists.offsets.length - 1})`, `${(buildMs / 1000).toFixed(1)} s`, ...cells]);
  }
}

/** The chosen parameters on plain random unit vectors: no structure for the lists to use. */
function isotropic(count: number): void {
  const set = prepare(isotropicVectors(count, DIMENSIONS, 3), isotropicVectors(QUERIES, DIMENSIONS, 4));
  const store = quantiseVectors(set.vectors, DIMENSIONS);
  const ivf = buildIvf(store);
  const lists = timeQueries(new IvfVectorIndex(store, ivf.graph, ivf.lists), set.queries);
  const exact = timeQueries(new ExactVectorIndex(store), set.queries);
  process.stdout.write(
    `\nisotropic random unit vectors, ${count}: lists recall@${K} ${recall(lists.results, set.truth).toFixed(3)} (p50 ${ms(lists.p50)} ms); exact int8 recall@${K} ${recall(exact.results, set.truth).toFixed(3)} (p50 ${ms(exact.p50)} ms)\n`,
  );
}

/** Below which size exact search is as fast as the lists. */
function crossover(): void {
  process.stdout.write(`\ncrossover: query p50, exact int8 scan against the lists (${DEFAULT_IVF.probes} probed)\n\n`);
  row(["vectors", "exact int8", "lists", "lists recall@10"]);
  row(["---", "---", "---", "---"]);
  for (const count of [1000, 2000, 3000, 5000, 10_000, 30_000]) {
    const space = new SentenceLikeSpace(DIMENSIONS, defaultTopics(count));
    const set = prepare(space.vectors(count, 1), space.vectors(QUERIES, 2));
    const store = quantiseVectors(set.vectors, DIMENSIONS);
    const ivf = buildIvf(store);
    const exact = timeQueries(new ExactVectorIndex(store), set.queries);
    const lists = timeQueries(new IvfVectorIndex(store, ivf.graph, ivf.lists), set.queries);
    row([count, `${ms(exact.p50)} ms`, `${ms(lists.p50)} ms`, recall(lists.results, set.truth).toFixed(3)]);
  }
}

const args = process.argv.slice(2);
if (args[0] === "--load") {
  await measureLoad(args[1] as string, Number(args[2]));
} else {
  const max = args.includes("--max") ? args[args.indexOf("--max") + 1] : "100k";
  const sizes = [10_000, 100_000, ...(max === "300k" ? [300_000] : [])];
  crossover();
  for (const count of sizes) await measureSize(count, count <= 100_000);
}
