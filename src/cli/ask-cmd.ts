/**
 * `npm run ask -- [--corpus DIR] [--index DIR] [--json] [--top K] "question"`
 * `npm run ask -- --batch FILE --json` (one question per line, or JSON lines with a `q` field).
 */
import type { Config } from "../config.js";
import { openEngine, type Engine } from "../engine.js";
import { createError } from "../errors.js";
import type { Logger } from "../log.js";
import { formatExchange } from "./format.js";
import { checkCorpusAndIndex, readNamedFile } from "./paths.js";
import { runCommand } from "./run.js";

/** Reads a batch file: plain lines are questions; lines starting with `{` are JSON with a `q` field. */
function parseBatch(content: string): string[] {
  return content
    .split(/\r?\n/)
    .map((line, i) => {
      const trimmed = line.trim();
      if (!trimmed.startsWith("{")) return trimmed;
      const parsed: unknown = JSON.parse(trimmed);
      const q = (parsed as { q?: unknown }).q;
      if (typeof q !== "string") throw createError("INPUT_INVALID", `batch line ${i + 1} has no string "q" field`);
      return q.trim();
    })
    .filter((q) => q !== "");
}

async function answerOne(engine: Engine, question: string, config: Config): Promise<string> {
  const answer = await engine.ask(question, { topK: config.topK });
  return config.json ? JSON.stringify(answer) : formatExchange(question, answer);
}

export async function ask(config: Config, logger: Logger, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  const questions = config.batch ? parseBatch((await readNamedFile(config.batch, "batch file (--batch)")).toString("utf8")) : config.question ? [config.question] : [];
  if (questions.length === 0) throw createError("USAGE_INVALID", 'no question given: npm run ask -- "your question" (or --batch FILE)');
  await checkCorpusAndIndex(config);
  const engine = await openEngine(config, logger);
  for (const q of questions) write(await answerOne(engine, q, config));
}

await runCommand((config, logger) => ask(config, logger));
