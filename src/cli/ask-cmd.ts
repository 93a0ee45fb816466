/**
 * `npm run ask -- [--corpus DIR] [--index DIR] [--json] [--top K] "question"`
 * `npm run ask -- --batch FILE --json` (one question per line, or JSON lines with a `q` field, or
 * with a `check` field: a claim to check, as `npm run check` does).
 */
import { cleanQuestion, questionProblem } from "../answer/index.js";
import type { Config } from "../config.js";
import { ConversationMemory } from "../conversation.js";
import { openEngine, type EngineView } from "../engine.js";
import { CitebotError, createError, describeError } from "../errors.js";
import type { Logger } from "../log.js";
import { printableLine, terminalJson } from "../printable.js";
import { parseBatch, type BatchItem } from "./batch.js";
import { formatCheck } from "./check-format.js";
import { formatExchange, terminalStyle, type TerminalStyle } from "./format.js";
import { checkCorpusAndIndex, readNamedFile } from "./paths.js";
import { runCommand } from "../run-command.js";

/** A failure while answering one batch line, as a coded error: its own code, or ANSWER_FAILED with it as cause. */
function coded(cause: unknown): CitebotError {
  return cause instanceof CitebotError ? cause : createError("ANSWER_FAILED", describeError(cause), cause);
}

/** What one batch item gives: its answer or claim check as text, or a coded error. */
async function resultOf(
  engine: EngineView,
  item: BatchItem,
  config: Config,
  memory: ConversationMemory,
  style: TerminalStyle,
): Promise<string | CitebotError> {
  if ("error" in item) return item.error;
  try {
    if ("claim" in item) {
      const result = await engine.check(item.claim);
      return config.json ? terminalJson(result) : formatCheck(result, style);
    }
    const context = item.conversation === undefined ? null : memory.recall(item.conversation);
    const answer = await engine.ask(item.question, { topK: config.topK, previous: context?.question ?? null });
    if (item.conversation !== undefined) memory.remember(item.conversation, answer, context);
    return config.json ? terminalJson(answer) : formatExchange(item.question, answer, style);
  } catch (cause) {
    // One line that fails is reported in its place; the rest of the batch is still answered.
    return coded(cause);
  }
}

/**
 * The output for one batch item: the answer, or `{"line": N, "code": "…", "error": "…"}` in its
 * place. An item with a conversation is read with that conversation's previous question.
 */
async function answerItem(
  engine: EngineView,
  item: BatchItem,
  config: Config,
  memory: ConversationMemory,
  style: TerminalStyle,
): Promise<{ text: string; failed: boolean }> {
  const result = await resultOf(engine, item, config, memory, style);
  if (typeof result === "string") return { text: result, failed: false };
  const text = config.json
    ? terminalJson({ line: item.line, code: result.code, error: result.message })
    : `line ${item.line}: error: ${printableLine(result.message)}\n`;
  return { text, failed: true };
}

/**
 * Answers the question, or every line of the batch file in order. Returns how many batch lines
 * could not be answered (each has an error line in its place).
 */
export async function ask(
  config: Config,
  logger: Logger,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  style: TerminalStyle = terminalStyle(process.stdout, config.noColor),
): Promise<number> {
  if (config.batch) {
    const items = parseBatch(
      (await readNamedFile(config.batch, "batch file (--batch)", config.maxFileBytes, true)).toString("utf8"),
      config.questionMaxChars,
    );
    if (items.length === 0) throw createError("BATCH_EMPTY", `${config.batch} holds no question (one question per line)`);
    await checkCorpusAndIndex(config);
    const engine = await openEngine(config, logger);
    // A batch's conversations are its own lines, in order: the clock stands still (only the turn
    // limit applies, so the output does not depend on how fast lines are answered) and none is dropped.
    const memory = new ConversationMemory({ ...config.followUp, capacity: items.length, now: () => 0 });
    let failed = 0;
    for (const item of items) {
      const out = await answerItem(engine, item, config, memory, style);
      if (out.failed) failed++;
      write(out.text);
    }
    return failed;
  }
  const question = cleanQuestion(config.question ?? "");
  if (question === "") throw createError("USAGE_INVALID", 'no question given: npm run ask -- "your question" (or --batch FILE)');
  const problem = questionProblem(question, config.questionMaxChars);
  if (problem) throw createError("QUESTION_INVALID", problem);
  await checkCorpusAndIndex(config);
  const engine = await openEngine(config, logger);
  const answer = await engine.ask(question, { topK: config.topK });
  write(config.json ? terminalJson(answer) : formatExchange(question, answer, style));
  return 0;
}

await runCommand(async (config, logger) => {
  const failed = await ask(config, logger);
  if (failed > 0) {
    logger.error(
      `${failed} line(s) of the batch could not be answered; each has an error in its place (with --json: {"line": N, "code": "…", "error": "…"}).`,
    );
    process.exitCode = 1;
  }
});
