/**
 * `npm run gaps [-- --json] [--index DIR]`: the topics of the questions the sources did not
 * answer, most asked first, from the gaps file in the index folder. Reads only; writes nothing.
 */
import path from "node:path";
import { GAPS_FILE, gapsFileWarning, readGapsFile } from "../gaps/index.js";
import { terminalJson } from "../printable.js";
import { formatGaps, gapsReport } from "./gaps.js";
import { runCommand } from "../run-command.js";

await runCommand(async (config, logger) => {
  const file = path.join(config.indexDir, GAPS_FILE);
  const state = config.gapList ? await readGapsFile(file) : ({ kind: "missing" } as const);
  const report = gapsReport(config.gapList, file, state);
  const warning = state.kind === "foreign" ? null : gapsFileWarning(file, state);
  if (warning !== null) logger.warn(warning);
  process.stdout.write(`${config.json ? terminalJson(report) : formatGaps(report, state)}\n`);
});
