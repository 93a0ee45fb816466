/**
 * `npm run index -- [--corpus DIR] [--index DIR] [--report]`: builds or updates the index and
 * says what it did; with --report, what was extracted from each document.
 */
import { openEngine } from "../engine.js";
import { printableLine } from "../printable.js";
import { checkCorpusAndIndex } from "./paths.js";
import { extractionReport } from "./report.js";
import { runCommand } from "../run-command.js";

await runCommand(async (config, logger) => {
  await checkCorpusAndIndex(config);
  const engine = await openEngine(config, logger, { fetchModel: true, buildOnly: true });
  if (engine.buildReport === null) logger.info(`The index in ${config.indexDir} is up to date.`);
  logger.info(`Mode: ${engine.mode}.`);
  if (config.report) {
    process.stdout.write(`${extractionReport(engine.documents(), engine.listing()).join("\n")}\n`);
    return;
  }
  logger.info("Documents:");
  for (const s of engine.sources())
    logger.info(
      `  ${printableLine(s.doc)}: ${printableLine(s.title)} (${s.kind}${s.pages ? `, ${s.pages} pages` : ""}, ${s.chunks} chunks)`,
    );
  for (const p of engine.listing().problems) logger.warn(`  not indexed: ${printableLine(p.id)}: ${printableLine(p.reason)}`);
});
