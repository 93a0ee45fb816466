/**
 * Small fixtures made in the tests: temporary folders, corpora written on the fly, and an
 * engine configuration that never touches the network.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseConfig, type Config } from "../../src/config.js";
import type { Logger } from "../../src/log.js";
import type { Embedder, IndexOptions } from "../../src/store/index.js";
import { DEFAULT_VECTOR_STORE } from "../../src/store/vector-store.js";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");

export interface TempDir {
  path: string;
  cleanup(): Promise<void>;
}

export async function tempDir(prefix = "citebot-test-"): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { path: dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `files` (name → content) into `dir`. */
export async function writeCorpus(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
}

/** The small corpus the index-building tests share: a Markdown file of two paragraphs and a text file. */
export const TWO_DOCUMENTS = {
  "a.md": "---\ntitle: A\n---\n\nFox Hunt began in 2014. It reached many countries.\n\nSky Net followed in 2015.",
  "b.txt": "Fiji handed over 77 people in 2017.",
};

/**
 * Paragraphs on everyday topics, for tests whose own corpus is a sentence or two: Citebot
 * calibrates its confidence threshold on word salad from the corpus's own words, and in a corpus
 * of two sentences any two of its words meet in one sentence, so it would decline nearly everything.
 */
export const EVERYDAY_PARAGRAPHS = [
  "The river floods the valley every spring when the snow melts in the mountains.",
  "Bakers start before dawn, and the first loaves leave the oven at six.",
  "The football season ends in May with a final played in the capital.",
  "Tomatoes need warm soil, regular water and a sunny wall to ripen well.",
  "The museum opened a new wing for medieval maps and old globes.",
  "Trains to the coast run every hour on weekdays and twice an hour in summer.",
  "The orchestra rehearses on Tuesdays in the old church near the harbour.",
  "Wind turbines on the ridge supply power to three nearby villages.",
].join("\n\n");

/** Index options that search vectors through lists and their graph at any size (never exactly), so that the vector files are always written. */
export const LISTS_ALWAYS = { vectorStore: { ...DEFAULT_VECTOR_STORE, exactBelow: 0 } };

/** Index options over `root/corpus` with the index in `root/index`; vectors only with an embedder. */
export function indexOptions(
  root: string,
  embedder: Embedder | null,
  logger: Logger = memoryLogger(),
  extra: Partial<IndexOptions> = {},
): IndexOptions {
  return {
    corpusDir: path.join(root, "corpus"),
    indexDir: path.join(root, "index"),
    maxFileBytes: 1024 * 1024,
    parseTimeoutMs: 30_000,
    embedder,
    embedding: embedder ? { pooling: "mean", queryPrefix: "" } : null,
    logger,
    ...extra,
  };
}

/** A config over `root/corpus` with its index in `root/index`, downloads off, extra settings merged. */
export function testConfig(root: string, env: Record<string, string> = {}): Config {
  return parseConfig(
    [],
    {
      CORPUS_DIR: path.join(root, "corpus"),
      INDEX_DIR: path.join(root, "index"),
      MODELS_DIR: path.join(root, "models"),
      MODEL_DOWNLOAD: "false",
      LOG_LEVEL: "silent",
      ...env,
    },
    root,
  );
}

/** Environment for spawned commands: no network downloads, models in an empty folder. */
export function offlineEnv(root: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    MODEL_DOWNLOAD: "false",
    MODELS_DIR: path.join(root, "models"),
    ...extra,
  };
  return env;
}

/** A logger that keeps what it is told, for assertions. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (prefix: string) => (message: string) => void lines.push(`${prefix}${message}`);
  return {
    lines,
    error: keep("error: "),
    warn: keep("warning: "),
    info: keep(""),
    debug: keep("debug: "),
    progress: () => ({ update: () => {}, stop: () => {} }),
  };
}

/**
 * A deterministic embedder without a model: each word adds a fixed pseudo-random vector. Counts
 * the passages it embeds, so tests can see what an index build re-embedded.
 */
export function countingEmbedder(dimensions = 8): Embedder & { embedded: number } {
  const wordVector = (word: string) => {
    let h = 2166136261;
    for (const ch of word) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    return Array.from({ length: dimensions }, (_, i) => Math.sin(h * (i + 1)));
  };
  const embed = (text: string) => {
    const v = new Float32Array(dimensions);
    for (const w of text.toLowerCase().match(/\p{L}+/gu) ?? []) wordVector(w).forEach((x, i) => (v[i] = (v[i] as number) + x));
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  };
  const embedder = {
    modelId: "test/counting",
    dimensions,
    embedded: 0,
    async embedPassages(texts: readonly string[]) {
      embedder.embedded += texts.length;
      return texts.map(embed);
    },
    async embedQuery(text: string) {
      return embed(text);
    },
  };
  return embedder;
}
