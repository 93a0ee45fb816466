/**
 * `npm run check -- [--json] "claim"`: a claim checked against the sources.
 * `npm run check -- [--json] --between DOC_A DOC_B`: every sentence of document A that states a
 * number or a date, checked against document B alone; a table of verdicts.
 */
import { cleanQuestion, questionProblem } from "../answer/index.js";
import type { Config } from "../config.js";
import { openEngine } from "../engine.js";
import { createError } from "../errors.js";
import type { Logger } from "../log.js";
import { terminalJson } from "../printable.js";
import { checkBetween, documentNamed, formatBetween } from "./check-between.js";
import { formatCheck } from "./check-format.js";
import { terminalStyle, type TerminalStyle } from "./format.js";
import { checkCorpusAndIndex } from "./paths.js";
import { runCommand } from "../run-command.js";

/** Checks the claim, or one document against another; writes the result. */
export async function check(
  config: Config,
  logger: Logger,
  write: (text: string) => void = (t) => process.stdout.write(t),
  style: TerminalStyle = terminalStyle(process.stdout, config.noColor),
): Promise<void> {
  if (config.between) {
    if (config.args.length !== 2)
      throw createError("USAGE_INVALID", "--between takes two documents: npm run check -- --between article.md report.pdf");
    await checkCorpusAndIndex(config);
    const engine = await openEngine(config, logger);
    const from = documentNamed(engine, config.args[0] as string);
    const against = documentNamed(engine, config.args[1] as string);
    const rows = await checkBetween(engine, from, against);
    write(config.json ? `${terminalJson({ from, against, rows })}\n` : formatBetween(rows, from, against));
    return;
  }
  const claim = cleanQuestion(config.question ?? "");
  if (claim === "") throw createError("USAGE_INVALID", 'no claim given: npm run check -- "88 people were returned from Indonesia"');
  const problem = questionProblem(claim, config.questionMaxChars);
  if (problem) throw createError("QUESTION_INVALID", problem);
  await checkCorpusAndIndex(config);
  const engine = await openEngine(config, logger);
  const result = await engine.check(claim);
  write(config.json ? `${terminalJson(result)}\n` : formatCheck(result, style));
}

await runCommand(check);
