/**
 * Getting the models ready at start-up: a missing model is downloaded when that is allowed and
 * wanted (the first index build, or `npm run model:fetch`), with a progress bar per file; a model
 * that cannot be had is said once, and Citebot carries on without it.
 */
import type { Config } from "./config.js";
import { describeError } from "./errors.js";
import type { Logger } from "./log.js";
import {
  downloadModel,
  EMBEDDING_TASK,
  isModelPresent,
  loadEmbedder,
  loadSpanReader,
  QA_TASK,
  type Embedder,
  type ModelSource,
  type ModelTask,
  type SpanReader,
} from "./store/index.js";

/** Downloads `model` for `kind`'s task when it is missing, downloads are allowed and `wanted`; a failure is logged, not thrown. */
async function fetchMissingModel(
  model: ModelSource & { allowDownload: boolean },
  kind: ModelTask,
  wanted: boolean,
  logger: Logger,
): Promise<void> {
  if (isModelPresent(model) || !model.allowDownload || !wanted) return;
  logger.info(`Downloading ${model.model} into ${model.modelsDir} …`);
  const bars = new Map<string, ReturnType<Logger["progress"]>>();
  try {
    await downloadModel(
      model,
      ({ file, loaded, total }) => {
        if (!bars.has(file)) bars.set(file, logger.progress(file, total));
        bars.get(file)?.update(loaded);
      },
      undefined,
      kind,
    );
  } catch (error) {
    logger.warn(describeError(error));
  } finally {
    for (const bar of bars.values()) bar.stop();
  }
}

/**
 * Loads the embedder, downloading the model first when that is `wanted` (the first build, or
 * `npm run model:fetch`) and allowed. Returns null, after saying why once, when no model can be had.
 */
export async function prepareEmbedder(config: Config, logger: Logger, wanted = false): Promise<Embedder | null> {
  const embedding = config.embedding;
  if (!embedding) {
    logger.info("Embeddings are turned off (EMBED_MODEL=none): mode lexical.");
    return null;
  }
  await fetchMissingModel(embedding, EMBEDDING_TASK, wanted, logger);
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

/**
 * Loads the question-answering model that chooses the highlighted words, downloading it first
 * like the embedding model. Returns null, after one info line, when it is turned off or cannot be
 * had: the highlight is then chosen by the heuristic.
 */
export async function prepareSpanReader(config: Config, logger: Logger, wanted: boolean): Promise<SpanReader | null> {
  if (!config.qa) {
    logger.info("Highlights are chosen by the built-in heuristic (QA_MODEL=none).");
    return null;
  }
  await fetchMissingModel(config.qa, QA_TASK, wanted, logger);
  try {
    return await loadSpanReader(config.qa);
  } catch (error) {
    logger.info(`${describeError(error)}. Highlights are chosen by the built-in heuristic.`);
    return null;
  }
}
