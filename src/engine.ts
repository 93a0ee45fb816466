/**
 * The engine every front end talks to: opens (or builds) the index for the configured corpus,
 * loads the embedding model when it is there, and answers questions. Front ends only format
 * the `Answer` it returns.
 */
import { performance } from "node:perf_hooks";
import { composeAnswer, DEFAULT_ANSWER_OPTIONS, readSpans, verifyAnswer, type Answer } from "./answer/index.js";
import { DEFAULT_CHUNK_OPTIONS } from "./chunk/index.js";
import type { Config } from "./config.js";
import { describeError } from "./errors.js";
import type { Logger } from "./log.js";
import { retrieve } from "./retrieve/index.js";
import { currentDataDir, EMBEDDING_TASK, loadEmbedder, openIndex, type BuildReport, type Embedder, type LoadedIndex, type SpanReader } from "./store/index.js";
import { fetchMissingModel, prepareSpanReader } from "./models.js";
import type { RetrievalMode } from "./types.js";

export interface SourceInfo {
  doc: string;
  title: string;
  kind: string;
  pages: number;
  chunks: number;
  indexedAt: string;
}

export interface Engine {
  readonly mode: RetrievalMode;
  readonly index: LoadedIndex;
  /** What the last open had to (re)build, or null when the index on disk was current. */
  readonly buildReport: BuildReport | null;
  ask(question: string, options?: { topK?: number }): Promise<Answer>;
  /** Answer sentences and quotes checked against their sources so far, and how many held. */
  readonly verification: { checked: number; passed: number };
  sources(): SourceInfo[];
}

export interface EngineOptions {
  /** Try to download a missing model, whatever the index state (`npm run index`). */
  fetchModel?: boolean;
  /** Fail when the index cannot be written, instead of answering from an out-of-date one (`npm run index`). */
  buildOnly?: boolean;
}

/** Whether a missing model should be downloaded now: on the first build of the index, or when asked to. */
export async function modelWanted(config: Config, options: EngineOptions): Promise<boolean> {
  return options.fetchModel === true || (await currentDataDir(config.indexDir).catch(() => null)) === null;
}

/**
 * Loads the embedder, downloading the model first when this is the first build (or `fetchModel`)
 * and downloads are allowed. Returns null, after saying why once, when no model can be had.
 */
export async function prepareEmbedder(config: Config, logger: Logger, options: EngineOptions = {}): Promise<Embedder | null> {
  const embedding = config.embedding;
  if (!embedding) {
    logger.info("Embeddings are turned off (EMBED_MODEL=none): mode lexical.");
    return null;
  }
  await fetchMissingModel(embedding, EMBEDDING_TASK, await modelWanted(config, options), logger);
  try {
    return await loadEmbedder(embedding);
  } catch (error) {
    logger.warn(
      `${describeError(error)}\n` +
        "  Answering with LEXICAL retrieval only (mode: lexical): answers still quote the sources, but matching is by words, not meaning.\n" +
        "  To fix: run `npm run model:fetch` on a machine with network access (or copy the model into the models folder), then restart.",
    );
    return null;
  }
}

/** Opens the engine for `config`: the embedder (if any), then the index, built or updated as needed. */
export async function openEngine(config: Config, logger: Logger, options: EngineOptions = {}): Promise<Engine> {
  const embedder = await prepareEmbedder(config, logger, options);
  const spanReader = await prepareSpanReader(config, logger, await modelWanted(config, options));
  const { index, report } = await openIndex({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    maxFileBytes: config.maxFileBytes,
    parseTimeoutMs: config.parseTimeoutMs,
    buildWaitMs: config.buildWaitMs,
    chunking: { ...DEFAULT_CHUNK_OPTIONS, maxSentenceChars: config.maxSentenceChars },
    parseMemoryMb: config.parseMemoryMb,
    embedder,
    embedding: embedder && config.embedding ? { pooling: config.embedding.pooling, queryPrefix: config.embedding.queryPrefix } : null,
    logger,
    fallBackWhenUnwritable: !options.buildOnly,
  });
  return createEngine(index, embedder, report, config.topK, spanReader);
}

/** An engine over an index already open (tests and the evaluation build theirs directly). */
export function createEngine(index: LoadedIndex, embedder: Embedder | null, buildReport: BuildReport | null, defaultTopK: number, spanReader: SpanReader | null = null): Engine {
  const mode: RetrievalMode = index.vectors && embedder ? "hybrid" : "lexical";
  const verification = { checked: 0, passed: 0 };
  return {
    mode,
    index,
    buildReport,
    verification,
    async ask(question, options = {}) {
      const topK = options.topK ?? defaultTopK;
      const t0 = performance.now();
      const retrieval = await retrieve(index, embedder, question, { topK: Math.max(topK, DEFAULT_ANSWER_OPTIONS.candidatePassages) });
      const t1 = performance.now();
      const composed = composeAnswer(
        { question, mode: retrieval.mode, passages: retrieval.passages, lexical: index.lexical, documents: index.documents },
        { ...DEFAULT_ANSWER_OPTIONS, topK },
      );
      const verified = verifyAnswer(composed, index.documents);
      const { checked, passed } = verified;
      // The model, where there is one, chooses the highlighted words inside the chosen sentences.
      const answer = spanReader ? await readSpans(verified.answer, spanReader) : verified.answer;
      verification.checked += checked;
      verification.passed += passed;
      const t2 = performance.now();
      const ms = (x: number) => Math.round(x * 100) / 100;
      return { ...answer, timingsMs: { retrieve: ms(t1 - t0), answer: ms(t2 - t1), total: ms(t2 - t0) } };
    },
    sources() {
      return index.manifest.documents.map((d) => ({ doc: d.id, title: d.title, kind: d.kind, pages: d.pages, chunks: d.chunks, indexedAt: d.indexedAt }));
    },
  };
}
