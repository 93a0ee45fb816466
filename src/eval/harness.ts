/**
 * Shared by `npm run eval` and `npm run bench`: builds an index over the benchmark corpus in a
 * temporary folder, through the same code path as any corpus, and opens an engine on it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Config } from "../config.js";
import { createEngine, prepareEmbedder, type Engine } from "../engine.js";
import { createError } from "../errors.js";
import type { Logger } from "../log.js";
import { buildIndex, type Embedder } from "../store/index.js";
import { defaultEvalFile, loadSquad, writeSquadCorpus, type EvalSet } from "./squad.js";

export interface BenchCorpus {
  set: EvalSet;
  corpusDir: string;
  cleanup(): Promise<void>;
}

/** Loads the benchmark named on the command line, or the shared copy, and writes it as a corpus. */
export async function prepareBenchCorpus(config: Config): Promise<BenchCorpus> {
  const file = config.args[0] ? path.resolve(config.args[0]) : defaultEvalFile(process.cwd());
  if (!file) throw createError("INPUT_INVALID", "no benchmark file: pass its path, e.g. npm run eval -- path/to/squad2-dev-5articles.json");
  const set = await loadSquad(file);
  const root = await mkdtemp(path.join(tmpdir(), "citebot-eval-"));
  const corpusDir = path.join(root, "corpus");
  await writeSquadCorpus(set, corpusDir);
  return { set, corpusDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Builds a fresh index over the benchmark corpus; returns the engine and the build time. */
export async function buildBenchEngine(config: Config, corpus: BenchCorpus, embedder: Embedder | null, logger: Logger): Promise<{ engine: Engine; buildMs: number }> {
  const indexDir = path.join(path.dirname(corpus.corpusDir), embedder ? "index-hybrid" : "index-lexical");
  const t0 = performance.now();
  const { index } = await buildIndex({
    corpusDir: corpus.corpusDir,
    indexDir,
    maxFileBytes: config.maxFileBytes,
    parseTimeoutMs: config.parseTimeoutMs,
    parseMemoryMb: config.parseMemoryMb,
    embedder,
    embedding: embedder && config.embedding ? { pooling: config.embedding.pooling, queryPrefix: config.embedding.queryPrefix } : null,
    logger,
  });
  const buildMs = performance.now() - t0;
  return { engine: createEngine(index, embedder, null, 10), buildMs };
}

/** The modes to measure: lexical always, hybrid when the model loads. */
export async function benchModes(config: Config, logger: Logger): Promise<(Embedder | null)[]> {
  const embedder = config.embedding ? await prepareEmbedder({ ...config, embedding: { ...config.embedding, allowDownload: false } }, logger) : null;
  return embedder ? [null, embedder] : [null];
}
