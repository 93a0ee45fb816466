/**
 * The batch file of `ask --batch`: one question per line, as plain text or as a JSON object with
 * a `q` (or `question`) field. Every line that holds something gets exactly one result, in input
 * order, so answers line up with questions; a line that cannot be asked gets an error in its place.
 */
import { cleanQuestion, questionProblem } from "../answer/index.js";

/** One non-blank input line: its question, or why it has none. `line` counts from 1. */
export type BatchItem = { line: number; question: string } | { line: number; error: string };

/** The question of a JSON line, or why there is none. */
function questionOfJson(text: string): { question: string } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { error: 'expected a JSON object with a "q" field' };
  // Own properties only: a line such as {"__proto__": …} must not reach Object.prototype.
  const q = Object.hasOwn(parsed, "q") ? (parsed as { q: unknown }).q : Object.hasOwn(parsed, "question") ? (parsed as { question: unknown }).question : undefined;
  if (typeof q !== "string") return { error: 'expected a string "q" field' };
  return { question: q };
}

/**
 * Reads a batch file. Blank lines (white space only) hold no question and are skipped; every
 * other line gives one item: lines starting with `{` are JSON, others are the question itself.
 * Questions are cleaned like every other question and refused when empty or over `maxChars`.
 */
export function parseBatch(content: string, maxChars: number): BatchItem[] {
  const items: BatchItem[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === "") return;
    const found = text.startsWith("{") ? questionOfJson(text) : { question: text };
    if ("error" in found) {
      items.push({ line, error: found.error });
      return;
    }
    const question = cleanQuestion(found.question);
    const problem = questionProblem(question, maxChars);
    items.push(problem ? { line, error: problem } : { line, question });
  });
  return items;
}
