/**
 * `npm run model:fetch`: downloads the configured embedding model into the models folder.
 */
import { prepareEmbedder } from "../engine.js";
import { createError } from "../errors.js";
import { runCommand } from "./run.js";

await runCommand(async (config, logger) => {
  if (!config.embedding) throw createError("CONFIG_INVALID", "EMBED_MODEL is none: there is no model to fetch");
  const embedder = await prepareEmbedder(config, logger, { fetchModel: true });
  if (!embedder) {
    process.exitCode = 1;
    return;
  }
  logger.info(`${embedder.modelId} is ready in ${config.embedding.modelsDir} (${embedder.dimensions} dimensions).`);
});
