/**
 * The scale bench's measurements of Citebot, each run alone in a child process (scale-child.ts) so
 * that the resident memory it reports is that engine's alone: the build of an index, then, in a
 * fresh process, loading it and answering the benchmark's questions.
 */
import { readFile, writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { indexedTextIn } from "../chunk/index.js";
import { createEngine } from "../engine.js";
import { createLogger } from "../log.js";
import { buildIndex, currentDataDir, openIndex, queryTerms, type IndexOptions } from "../store/index.js";
import { folderBytes } from "./folder-bytes.js";
import { percentile } from "./percentile.js";

/** Questions asked, untimed, before any engine is timed: code compiled, caches warm. */
export const WARM_UP_QUERIES = 20;

/** Results every engine is asked for. */
export const RESULTS = 50;

/** A latency distribution, in milliseconds. */
export interface Latency {
  p50: number;
  p95: number;
}

/** Memory of this process in MB: resident now (after a collection, when --expose-gc allows one) and at its peak. */
export interface Memory {
  rssMb: number;
  peakRssMb: number;
}

const MB = 1024 * 1024;

/** This process's memory now; collects garbage first when the process was started with --expose-gc. */
export function memoryNow(): Memory {
  globalThis.gc?.();
  // maxRSS is in kilobytes.
  return { rssMb: process.memoryUsage().rss / MB, peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB };
}

/**
 * Times each of `asks` on every question, after WARM_UP_QUERIES untimed questions each and a
 * collection; returns p50 and p95 of each. Several are interleaved question by question, the
 * first to go alternating, so that the load of a shared machine and the garbage one leaves fall
 * on all alike. A synchronous ask is timed without an await, so its figure holds no turn of the
 * event loop.
 */
export async function timeQueries(questions: readonly string[], asks: readonly ((q: string) => unknown)[]): Promise<Latency[]> {
  for (const ask of asks) for (const q of questions.slice(0, WARM_UP_QUERIES)) await ask(q);
  globalThis.gc?.();
  const ms = asks.map((): number[] => []);
  for (const [i, q] of questions.entries()) {
    for (let k = 0; k < asks.length; k++) {
      const which = (i + k) % asks.length;
      const t0 = performance.now();
      const result = (asks[which] as (q: string) => unknown)(q);
      if (result instanceof Promise) await result;
      ms[which]?.push(performance.now() - t0);
    }
  }
  return ms.map((times) => {
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
  });
}

/** The limits a build reads files under (the configuration's). */
export type ReadLimits = Pick<IndexOptions, "maxFileBytes" | "parseTimeoutMs" | "parseMemoryMb">;

/** Where a Citebot measurement reads and writes: the corpus, a fresh index folder, and the chunk texts for the peers. */
export interface CitebotPaths {
  corpusDir: string;
  indexDir: string;
  /** JSON array of the indexed chunk texts, written by the build for the peers to index. */
  textsFile: string;
}

function indexOptions(paths: CitebotPaths, limits: ReadLimits): IndexOptions {
  return {
    corpusDir: paths.corpusDir,
    indexDir: paths.indexDir,
    ...limits,
    embedder: null,
    embedding: null,
    logger: createLogger("error"),
  };
}

export interface BuildFigures {
  ms: number;
  /** Peak resident memory of the process that built the index. */
  peakRssMb: number;
  /** The current data folder's files. */
  diskMb: number;
  documents: number;
  chunks: number;
}

/** Builds a lexical index of the corpus into a fresh folder; then writes the chunk texts it indexed for the peers. */
export async function measureBuild(paths: CitebotPaths, limits: ReadLimits): Promise<BuildFigures> {
  const t0 = performance.now();
  const { data } = await buildIndex(indexOptions(paths, limits));
  const ms = performance.now() - t0;
  // Taken before the texts are exported, which would add to the peak.
  const { peakRssMb } = memoryNow();
  const dataDir = await currentDataDir(paths.indexDir);
  const diskMb = dataDir === null ? 0 : (await folderBytes(dataDir)) / MB;
  await writeFile(paths.textsFile, JSON.stringify(data.chunks.map(indexedTextIn(new Map(data.documents.map((d) => [d.id, d]))))));
  return { ms, peakRssMb, diskMb, documents: data.manifest.documents.length, chunks: data.manifest.chunkCount };
}

export interface AnswerFigures extends Memory {
  /** Resident before the index is opened: Node, tsx and Citebot's code, the process's floor. */
  startRssMb: number;
  /** `openIndex` on the built, up-to-date index: the corpus listed and hashed, the index read, validated and made ready. */
  loadMs: number;
  /** Calibrating the confidence threshold, which the engine does once before its first answer. */
  calibrateMs: number;
  /** BM25 search as every engine is compared on: the question's terms, then the 50 best chunks. */
  lexical: Latency;
  /** The same with every posting scored (no pruning). */
  exhaustive: Latency;
  /** The whole answer (`engine.ask`): retrieval, sentences, confidence, verification. */
  answer: Latency;
  /** Questions whose 50 best chunks (ids, in order) differ between the search and the exhaustive one: 0 when pruning is exact. */
  mismatches: number;
}

/** Opens the built index in this (fresh) process, then times the lexical search, the exhaustive one and whole answers. */
export async function measureAnswers(paths: CitebotPaths, limits: ReadLimits, questions: readonly string[]): Promise<AnswerFigures> {
  const startRssMb = memoryNow().rssMb;
  const t0 = performance.now();
  const { index } = await openIndex(indexOptions(paths, limits));
  const loadMs = performance.now() - t0;
  const engine = createEngine(index, null, null, 5);
  const t1 = performance.now();
  await engine.threshold();
  const calibrateMs = performance.now() - t1;
  const lexical = index.lexical;
  const terms = (q: string) => queryTerms(q, (t) => lexical.has(t));
  // Chunk ids only: scores summed in another order may differ in the last bit.
  const ids = (ranked: [number, number][]) => ranked.map(([id]) => id).join(",");
  const mismatches = questions.filter(
    (q) => ids(lexical.search(terms(q), RESULTS)) !== ids(lexical.searchExhaustive(terms(q), RESULTS)),
  ).length;
  const [searched, exhaustive] = await timeQueries(questions, [
    (q) => lexical.search(terms(q), RESULTS),
    (q) => lexical.searchExhaustive(terms(q), RESULTS),
  ]);
  const [answer] = await timeQueries(questions, [(q) => engine.ask(q)]);
  return {
    startRssMb,
    loadMs,
    calibrateMs,
    lexical: searched as Latency,
    exhaustive: exhaustive as Latency,
    answer: answer as Latency,
    mismatches,
    ...memoryNow(),
  };
}

/** The chunk texts the build exported. */
export async function readTexts(file: string): Promise<string[]> {
  return JSON.parse(await readFile(file, "utf8")) as string[];
}
