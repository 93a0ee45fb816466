/**
 * `npm run corpus:add -- <file-or-URL> [--title T] [--url U] [--publisher P] [--date D]`:
 * adds a PDF, Markdown or text file to the corpus, records its metadata in
 * `corpus/sources.json`, and updates the index.
 */
import { assertSeparateFolders, openEngine } from "../engine.js";
import { createError } from "../errors.js";
import { addFile, addUrl, downloadTarget } from "./corpus-add.js";
import { ensureFolder, requireFile } from "./paths.js";
import { documentReport } from "./report.js";
import { runCommand } from "../run-command.js";

await runCommand(async (config, logger) => {
  const target = config.args[0];
  if (!target || config.args.length > 1)
    throw createError("USAGE_INVALID", "usage: npm run corpus:add -- <file-or-URL> [--title T] [--url U] [--publisher P] [--date D]");
  const url = downloadTarget(target);
  if (!url) await requireFile(target, "file");
  // Refused before anything is made or added: a refused --index inside the corpus must leave no trace.
  await assertSeparateFolders(config.corpusDir, config.indexDir);
  await ensureFolder(config.corpusDir, "corpus folder (CORPUS_DIR, --corpus)");
  await ensureFolder(config.indexDir, "index folder (INDEX_DIR, --index)");
  const options = {
    corpusDir: config.corpusDir,
    maxBytes: config.maxFileBytes,
    parseTimeoutMs: config.parseTimeoutMs,
    parseMemoryMb: config.parseMemoryMb,
    meta: config.documentMeta,
    logger,
  };
  const { id, added } = url
    ? await addUrl(url, { ...options, downloadTimeoutMs: config.downloadTimeoutMs })
    : await addFile(target, options);
  logger.info(added ? `Added ${id} to ${config.corpusDir}.` : `${id} is already in ${config.corpusDir} with the same content.`);
  const engine = await openEngine(config, logger);
  const doc = engine.document(id);
  const listing = engine.listing();
  if (!doc) {
    const problem = listing.problems.find((p) => p.id === id);
    throw createError("FILE_NOT_INDEXED", `${id} was added but could not be indexed: ${problem?.reason ?? "unknown reason"}`);
  }
  const entry = listing.documents.find((d) => d.id === id);
  process.stdout.write(`${documentReport(doc, entry).join("\n")}\n`);
});
