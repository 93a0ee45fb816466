/**
 * Getting the models ready at start-up: a missing model is downloaded when that is allowed and
 * wanted (the first index build, or `npm run model:fetch`), with a progress bar per file; a model
 * that cannot be had is said once, and Citebot carries on without it.
 */
import type { Config } from "./config.js";
import { describeError } from "./errors.js";
import type { Logger } from "./log.js";
import { downloadModel, isModelPresent, QA_TASK, loadSpanReader, type ModelSource, type ModelTask, type SpanReader } from "./store/index.js";

/** Downloads `model` for `kind`'s task when it is missing, downloads are allowed and `wanted`; a failure is logged, not thrown. */
export async function fetchMissingModel(model: ModelSource & { allowDownload: boolean }, kind: ModelTask, wanted: boolean, logger: Logger): Promise<void> {
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
