/**
 * Sentence embeddings through transformers.js (`@huggingface/transformers`), behind the small
 * `Embedder` interface. Models live in a project folder (`models/`); a model is fetched from the
 * network only when asked to (the index build or `npm run model:fetch`), never at query time.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { EmbeddingConfig } from "../config.js";
import { createError, describeError, type ErrorCode } from "../errors.js";
import { CONNECT_TIMEOUT_MS, fetchWithTimeouts } from "../net/index.js";
import { transformers, withHub, type Transformers } from "./transformers.js";

export interface Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  /** Embeddings of passages, in order, L2-normalised. */
  embedPassages(texts: readonly string[]): Promise<Float32Array[]>;
  /** Embedding of a query, with the model's query instruction, L2-normalised. */
  embedQuery(text: string): Promise<Float32Array>;
}

/** Where models are kept and fetched from: what every transformers.js model needs, whatever its task. */
export type ModelSource = Pick<EmbeddingConfig, "model" | "modelsDir" | "remoteHost" | "downloadTimeoutMs">;

/** The pipeline a model is loaded for, and the codes of the errors about it. */
export interface ModelTask {
  task: "feature-extraction" | "question-answering";
  unavailable: ErrorCode;
  downloadFailed: ErrorCode;
}

export const EMBEDDING_TASK: ModelTask = {
  task: "feature-extraction",
  unavailable: "MODEL_UNAVAILABLE",
  downloadFailed: "MODEL_DOWNLOAD_FAILED",
};

/**
 * The embedder, remembering the last query's vector: retrieval and the answer stage both embed
 * the same question, and a model's inference is the costly part.
 */
export function rememberingLastQuery(embedder: Embedder): Embedder {
  let last: { text: string; vector: Promise<Float32Array> } | null = null;
  return {
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    embedPassages: (texts) => embedder.embedPassages(texts),
    embedQuery(text) {
      if (last?.text !== text) {
        const vector = embedder.embedQuery(text);
        // A failed embedding is not remembered.
        vector.catch(() => (last = null));
        last = { text, vector };
      }
      return last.vector;
    },
  };
}

/** The files transformers.js loads for a model in fp32 (feature extraction and question answering alike). */
const MODEL_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", path.join("onnx", "model.onnx")];

/** Whether every file of the model is in the models folder. */
export function isModelPresent(config: Pick<EmbeddingConfig, "model" | "modelsDir">): boolean {
  return MODEL_FILES.every((f) => existsSync(path.join(config.modelsDir, config.model, f)));
}

export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
}

type FeatureExtractor = Awaited<ReturnType<Transformers["pipeline"]>>;

/** Where transformers.js finds a model already in the models folder: its folder, absolute, so that it is never taken for a hub model id. */
const modelFolder = (config: Pick<ModelSource, "model" | "modelsDir">) => path.resolve(config.modelsDir, config.model);

class TransformersEmbedder implements Embedder {
  constructor(
    private readonly extractor: FeatureExtractor,
    private readonly config: EmbeddingConfig,
    readonly dimensions: number,
  ) {}

  get modelId(): string {
    return this.config.model;
  }

  private async run(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const run = this.extractor as unknown as (t: string[], o: object) => Promise<{ data: Float32Array; dims: number[] }>;
    const output = await run([...texts], { pooling: this.config.pooling, normalize: true });
    const dim = output.dims.at(-1) as number;
    return texts.map((_, i) => output.data.slice(i * dim, (i + 1) * dim));
  }

  async embedPassages(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += 16) vectors.push(...(await this.run(texts.slice(i, i + 16))));
    return vectors;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.run([this.config.queryPrefix + text]);
    return vector as Float32Array;
  }
}

/**
 * Loads the configured model from the models folder (never from the network).
 * Throws `MODEL_UNAVAILABLE` when it is missing or does not load.
 */
export async function loadEmbedder(config: EmbeddingConfig): Promise<Embedder> {
  const extractor = (await loadLocalPipeline(config, EMBEDDING_TASK)) as FeatureExtractor;
  try {
    const probe = new TransformersEmbedder(extractor, config, 0);
    const [vector] = await probe.embedPassages(["dimension probe"]);
    return new TransformersEmbedder(extractor, config, vector?.length ?? 0);
  } catch (error) {
    throw createError("MODEL_UNAVAILABLE", `${config.model} could not be loaded from ${config.modelsDir}: ${describeError(error)}`, error);
  }
}

/**
 * The transformers.js pipeline of `kind`'s task over the model in the models folder (never from
 * the network). Throws the task's "unavailable" code when the model is missing or does not load.
 */
export async function loadLocalPipeline(config: ModelSource, kind: ModelTask): Promise<unknown> {
  if (!isModelPresent(config)) {
    throw createError(
      kind.unavailable,
      `${config.model} is not in ${config.modelsDir}; run \`npm run model:fetch\` where the network allows`,
    );
  }
  try {
    const { pipeline } = await transformers();
    return await pipeline(kind.task, modelFolder(config), { dtype: "fp32", local_files_only: true, cache_dir: config.modelsDir });
  } catch (error) {
    throw createError(kind.unavailable, `${config.model} could not be loaded from ${config.modelsDir}: ${describeError(error)}`, error);
  }
}

/**
 * Downloads the configured model (for `kind`'s task: the embedding model by default) into the
 * models folder, reporting progress per file. Gives up with `MODEL_DOWNLOAD_FAILED` (or the
 * task's own code) when the hub cannot be reached within the connect timeout, or a file has not
 * arrived within `config.downloadTimeoutMs`.
 */
export async function downloadModel(
  config: ModelSource,
  onProgress: (p: DownloadProgress) => void = () => {},
  connectTimeoutMs = CONNECT_TIMEOUT_MS,
  kind: ModelTask = EMBEDDING_TASK,
): Promise<void> {
  const fetch = fetchWithTimeouts({
    connectMs: connectTimeoutMs,
    ...(config.downloadTimeoutMs ? { totalMs: config.downloadTimeoutMs } : {}),
  });
  try {
    const { pipeline } = await transformers();
    // Files already in the models folder are found in the cache (cache_dir); the rest come from the hub, into it.
    const extractor = await withHub({ remoteHost: config.remoteHost, fetch }, () =>
      pipeline(kind.task, config.model, {
        dtype: "fp32",
        cache_dir: config.modelsDir,
        progress_callback: (info: { status: string; file?: string; loaded?: number; total?: number }) => {
          if (info.status === "progress" && info.file) onProgress({ file: info.file, loaded: info.loaded ?? 0, total: info.total ?? 0 });
        },
      }),
    );
    await extractor.dispose();
  } catch (error) {
    throw createError(kind.downloadFailed, `${config.model}: ${describeError(error)}`, error);
  }
  if (!isModelPresent(config))
    throw createError(kind.downloadFailed, `${config.model}: the download finished but files are missing in ${config.modelsDir}`);
}
