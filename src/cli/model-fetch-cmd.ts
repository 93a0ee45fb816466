/**
 * `npm run model:fetch`: downloads the configured embedding model and question-answering model
 * into the models folder.
 */
import { createError } from "../errors.js";
import { prepareEmbedder, prepareSpanReader } from "../models.js";
import { runCommand } from "../run-command.js";

await runCommand(async (config, logger) => {
  if (!config.embedding && !config.qa) throw createError("CONFIG_INVALID", "EMBED_MODEL and QA_MODEL are none: there is no model to fetch");
  if (config.embedding) {
    const embedder = await prepareEmbedder(config, logger, true);
    if (embedder) logger.info(`${embedder.modelId} is ready in ${config.embedding.modelsDir} (${embedder.dimensions} dimensions).`);
    else process.exitCode = 1;
  }
  if (config.qa) {
    const reader = await prepareSpanReader(config, logger, true);
    if (reader) logger.info(`${reader.modelId} is ready in ${config.qa.modelsDir}.`);
    else process.exitCode = 1;
  }
});
