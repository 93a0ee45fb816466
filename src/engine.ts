/**
 * The engine every front end talks to: opens (or builds) the index for the configured corpus,
 * loads the embedding model when it is there, and answers questions. Front ends only format
 * the `Answer` it returns, and learn what the index holds through the `Engine` methods, never
 * from the store's files or manifest (tests/layers.test.ts checks this).
 */
import { performance } from "node:perf_hooks";
import {
  composeAnswer,
  DEFAULT_ANSWER_OPTIONS,
  rankSentences,
  readSpans,
  referenceSentences,
  SentenceSimilarity,
  calibratedThreshold,
  calibrationQuestions,
  MIN_CONFIDENCE,
  DEFAULT_CALIBRATION,
  vocabularyOf,
  verifyAnswer,
  type Answer,
  type AnswerOptions,
  type Candidate,
  type ComposeInput,
  understandQuestion,
} from "./answer/index.js";
import { checkClaim, type ClaimCheck } from "./check/index.js";
import { DEFAULT_CHUNK_OPTIONS } from "./chunk/index.js";
import { documentSlice } from "./document.js";
import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import { retrieve, type RetrievalResult } from "./retrieve/index.js";
import {
  indexBuilt,
  openIndex,
  rememberingLastQuery,
  SentenceLocator,
  type BuildReport,
  type Embedder,
  type LoadedIndex,
  type SentenceRef,
  type SentenceWhere,
  type SpanReader,
} from "./store/index.js";
import { prepareEmbedder, prepareSpanReader } from "./models.js";
import type { RetrievalMode, SourceDocument } from "./types.js";

// The one store check a front end runs before opening the engine (a refused --index inside the corpus must leave no trace).
export { assertSeparateFolders } from "./store/index.js";

export interface SourceInfo {
  doc: string;
  title: string;
  kind: string;
  pages: number;
  chunks: number;
  indexedAt: string;
}

/** A file the index left out, or metadata it ignored, and why. */
export interface IndexProblem {
  id: string;
  reason: string;
}

/** What the index lists: each document's chunk count and date, and what it left out (the shape of its manifest). */
export interface IndexListing {
  documents: readonly { id: string; chunks: number; indexedAt: string }[];
  problems: readonly IndexProblem[];
}

/** How much the index holds. */
export interface IndexStats {
  documents: number;
  chunks: number;
}

/** What a front end sees of the engine: everything it may ask, and nothing of the store behind it. */
export interface EngineView {
  readonly mode: RetrievalMode;
  /** What the last open had to (re)build, or null when the index on disk was current. */
  readonly buildReport: BuildReport | null;
  /** `previous`: the member's previous question in the same place, so that a follow-up ("and Laos?") is understood. */
  ask(question: string, options?: { topK?: number; previous?: string | null }): Promise<Answer>;
  /** A claim checked against the sources (or only against document `doc`): supported, contradicted or not found, with the sentences it rests on. */
  check(claim: string, options?: { doc?: string }): Promise<ClaimCheck>;
  /** The candidate answer sentences for a question, best first, with their features (for the evaluation and for fitting weights). */
  rank(question: string, options?: AnswerOptions): Promise<Candidate[]>;
  /**
   * The confidence an answer must reach, calibrated to this corpus (see answer/calibration.ts).
   * Computed once, on first use; `openEngine` computes it before returning, so that the first
   * question is answered as quickly as the rest.
   */
  threshold(): Promise<number>;
  /** Answer sentences and quotes checked against their sources so far, and how many held. */
  readonly verification: { checked: number; passed: number };
  sources(): SourceInfo[];
  /** Document `id` as indexed (text, pages, paragraphs), or null when the index holds no document of that id. */
  document(id: string): SourceDocument | null;
  /** Every indexed document, in the index's order. */
  documents(): SourceDocument[];
  /** The index's own list of its documents and of the files it left out. */
  listing(): IndexListing;
  /** How many documents and chunks the index holds (the manifest's counts). */
  stats(): IndexStats;
  /**
   * Whether a sentence an answer once quoted (by its hash) is still in its document on the same
   * page or paragraph; else where it is now; else gone. The sentences' hashes are computed on the
   * first call, once for this index.
   */
  locateSentence(ref: SentenceRef): Promise<SentenceWhere>;
}

/** The engine with the loaded index itself, which the evaluation and tests measure; front ends take an `EngineView`. */
export interface Engine extends EngineView {
  readonly index: LoadedIndex;
}

export interface EngineOptions {
  /** Try to download a missing model, whatever the index state (`npm run index`). */
  fetchModel?: boolean;
  /** Fail when the index cannot be written, instead of answering from an out-of-date one (`npm run index`). */
  buildOnly?: boolean;
}

/** Whether a missing model should be downloaded now: on the first build of the index, or when asked to. */
async function modelWanted(config: Config, options: EngineOptions): Promise<boolean> {
  return options.fetchModel === true || !(await indexBuilt(config.indexDir));
}

/** Opens the engine for `config`: the embedder (if any), then the index, built or updated as needed. */
export async function openEngine(config: Config, logger: Logger, options: EngineOptions = {}): Promise<Engine> {
  const wanted = await modelWanted(config, options);
  const embedder = await prepareEmbedder(config, logger, wanted);
  const spanReader = await prepareSpanReader(config, logger, wanted);
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
  const engine = createEngine(index, embedder, report, config.topK, spanReader);
  await engine.threshold();
  return engine;
}

/** Passages retrieved for a claim: its subject is usually in the first few. */
const CLAIM_PASSAGES = 8;

/** Chunks whose words make the corpus's vocabulary for calibration: enough for any corpus, bounded for a library. */
const VOCABULARY_CHUNKS = 2000;

/**
 * Documents those chunks are drawn from, at most, spread evenly over the library: calibration
 * reads a bounded number of a library's documents (their texts are read from the index when
 * asked for), whatever its size.
 */
const VOCABULARY_DOCUMENTS = 100;

/** The chunks calibration samples words from: evenly over the chunks of evenly chosen documents. */
function vocabularyChunks<T extends { docId: string }>(chunks: readonly T[], documentIds: readonly string[]): T[] {
  const docStep = Math.max(1, Math.ceil(documentIds.length / VOCABULARY_DOCUMENTS));
  const chosen = docStep === 1 ? null : new Set(documentIds.filter((_, i) => i % docStep === 0));
  const pool = chosen === null ? chunks : chunks.filter((c) => chosen.has(c.docId));
  const step = Math.max(1, Math.floor(pool.length / VOCABULARY_CHUNKS));
  return pool.filter((_, i) => i % step === 0);
}

/** An engine over an index already open (tests and the evaluation build theirs directly). */
export function createEngine(
  index: LoadedIndex,
  model: Embedder | null,
  buildReport: BuildReport | null,
  defaultTopK: number,
  spanReader: SpanReader | null = null,
): Engine {
  const embedder = model && rememberingLastQuery(model);
  const mode: RetrievalMode = index.vectors && embedder ? "hybrid" : "lexical";
  const verification = { checked: 0, passed: 0 };
  const docText = (id: string, start: number, end: number) => documentSlice(index.documents, id, start, end);
  const similarity = mode === "hybrid" && embedder ? new SentenceSimilarity(embedder, referenceSentences(index.chunks, docText)) : null;
  /** What composing needs; in hybrid mode the candidate sentences are also compared with the question by meaning. */
  const composeInput = async (question: string, retrieval: RetrievalResult, options: AnswerOptions): Promise<ComposeInput> => {
    const input: ComposeInput = {
      question,
      mode: retrieval.mode,
      passages: retrieval.passages,
      lexical: index.lexical,
      documents: index.documents,
    };
    if (!similarity || retrieval.mode !== "hybrid") return input;
    const candidates = retrieval.passages
      .slice(0, options.candidatePassages)
      .flatMap((p) => p.sentences.map((span) => ({ doc: p.doc, span, text: p.text.slice(span.start - p.start, span.end - p.start) })));
    return { ...input, similarity: await similarity.score(question, candidates) };
  };
  const rank = async (question: string, options: AnswerOptions): Promise<Candidate[]> => {
    const retrieval = await retrieve(index, embedder, question, { topK: options.candidatePassages });
    return rankSentences(question, retrieval.passages, await composeInput(question, retrieval, options), options);
  };
  let threshold: Promise<number> | null = null;
  let locator: Promise<SentenceLocator> | null = null;
  const calibrate = async (): Promise<number> => {
    const sample = vocabularyChunks(index.chunks, [...index.documents.keys()]);
    const vocabulary = vocabularyOf(sample.map((c) => docText(c.docId, c.start, c.end)));
    const confidences: number[] = [];
    for (const q of calibrationQuestions(vocabulary)) confidences.push((await rank(q, DEFAULT_ANSWER_OPTIONS))[0]?.confidence ?? 0);
    return calibratedThreshold(confidences, MIN_CONFIDENCE[mode], DEFAULT_CALIBRATION.declineShare, DEFAULT_CALIBRATION.ceiling);
  };
  // A calibration that failed (the model erred) is tried again on the next question.
  const getThreshold = () =>
    (threshold ??= calibrate().catch((error: unknown) => {
      threshold = null;
      throw error;
    }));
  return {
    mode,
    index,
    buildReport,
    verification,
    async ask(question, options = {}) {
      const topK = options.topK ?? defaultTopK;
      const t0 = performance.now();
      const understood = understandQuestion(question, options.previous ?? null).question;
      const retrieval = await retrieve(index, embedder, understood, { topK: Math.max(topK, DEFAULT_ANSWER_OPTIONS.candidatePassages) });
      const t1 = performance.now();
      const answerOptions = { ...DEFAULT_ANSWER_OPTIONS, topK, minConfidence: await getThreshold() };
      const composed = composeAnswer(await composeInput(understood, retrieval, answerOptions), answerOptions);
      const verified = verifyAnswer(composed, index.documents);
      const { checked, passed } = verified;
      // The model, where there is one, chooses the highlighted words inside the chosen sentences.
      const answer = spanReader ? await readSpans(verified.answer, spanReader) : verified.answer;
      verification.checked += checked;
      verification.passed += passed;
      const t2 = performance.now();
      const ms = (x: number) => Math.round(x * 100) / 100;
      return {
        ...answer,
        question,
        understoodAs: understood,
        timingsMs: { retrieve: ms(t1 - t0), answer: ms(t2 - t1), total: ms(t2 - t0) },
      };
    },
    rank: (question, options = DEFAULT_ANSWER_OPTIONS) => rank(question, options),
    async check(claim, options = {}) {
      // Against one document: its best passages among a wider retrieval over the whole index.
      const wanted = options.doc;
      const retrieval = await retrieve(index, embedder, claim, { topK: wanted === undefined ? CLAIM_PASSAGES : CLAIM_PASSAGES * 6 });
      const passages =
        wanted === undefined ? retrieval.passages : retrieval.passages.filter((p) => p.doc === wanted).slice(0, CLAIM_PASSAGES);
      return checkClaim(claim, passages, index.documents, {
        idf: (term) => index.lexical.idf(term),
        known: (term) => index.lexical.has(term),
      });
    },
    threshold: getThreshold,
    sources() {
      return index.manifest.documents.map((d) => ({
        doc: d.id,
        title: d.title,
        kind: d.kind,
        pages: d.pages,
        chunks: d.chunks,
        indexedAt: d.indexedAt,
      }));
    },
    document: (id) => index.documents.get(id) ?? null,
    documents: () => [...index.documents.values()],
    listing: () => ({
      documents: index.manifest.documents.map((d) => ({ id: d.id, chunks: d.chunks, indexedAt: d.indexedAt })),
      problems: index.manifest.problems.map((p) => ({ id: p.id, reason: p.reason })),
    }),
    stats: () => ({ documents: index.manifest.documents.length, chunks: index.manifest.chunkCount }),
    async locateSentence(ref) {
      locator ??= SentenceLocator.build(index.documents, index.chunks);
      return (await locator).locate(ref);
    },
  };
}
