/**
 * `npm run index -- [--corpus DIR] [--index DIR]`: builds or updates the index and says what it did.
 */
import { openEngine } from "../engine.js";
import { runCommand } from "./run.js";

await runCommand(async (config, logger) => {
  const engine = await openEngine(config, logger, { fetchModel: true });
  const report = engine.buildReport;
  if (report === null) logger.info(`The index in ${config.indexDir} is up to date.`);
  logger.info(`Mode: ${engine.mode}. Documents:`);
  for (const s of engine.sources()) logger.info(`  ${s.doc}: ${s.title} (${s.kind}${s.pages ? `, ${s.pages} pages` : ""}, ${s.chunks} chunks)`);
  for (const p of engine.index.manifest.problems) logger.warn(`  not indexed: ${p.id}: ${p.reason}`);
});
