/**
 * `npm run inspect -- FILE [--json] [--page N]`: reads one file the way indexing would and shows
 * how it was read. Nothing is indexed or written.
 */
import path from "node:path";
import { createError } from "../errors.js";
import { isSupported, parseCorpusFile } from "../ingest/index.js";
import { terminalJson } from "../printable.js";
import { formatInspect, inspectDocument } from "./inspect.js";
import { readNamedFile } from "./paths.js";
import { runCommand } from "../run-command.js";

await runCommand(async (config) => {
  const file = config.args[0];
  if (!file || config.args.length > 1) throw createError("USAGE_INVALID", "usage: npm run inspect -- FILE [--json] [--page N]");
  if (!isSupported(file))
    throw createError("FILE_UNSUPPORTED", `${path.basename(file)}: Citebot reads .pdf, .md, .markdown and .txt files`);
  const bytes = await readNamedFile(file, "file", config.maxFileBytes);
  const id = path.basename(file);
  const warnings: string[] = [];
  const doc = await parseCorpusFile(
    { id, bytes, meta: {} },
    { parseTimeoutMs: config.parseTimeoutMs, parseMemoryMb: config.parseMemoryMb, logger: { warn: (m) => warnings.push(m) } },
  );
  if (config.page !== null && config.page > Math.max(1, doc.pages.length)) {
    throw createError("USAGE_INVALID", `--page ${config.page}: ${id} has ${doc.pages.length} pages`);
  }
  const view = inspectDocument(doc, config.page, warnings);
  process.stdout.write(config.json ? `${terminalJson(view)}\n` : `${formatInspect(view)}\n`);
});
