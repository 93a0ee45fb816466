/**
 * The batch file of `ask --batch`: one question per line, as plain text or as a JSON object with
 * a `q` (or `question`) field, or a claim to check as a JSON object with a `check` field. Every line that holds something gets exactly one result, in input
 * order, so answers line up with questions; a line that cannot be asked gets a coded error in its
 * place (BATCH_LINE_INVALID for a line of the wrong shape, QUESTION_INVALID for an empty or
 * over-long question or claim).
 */
import { cleanQuestion, questionProblem } from "../answer/index.js";
import { createError, type CitebotError } from "../errors.js";

/**
 * One non-blank input line: its question, or why it has none. `line` counts from 1.
 * `conversation`: the JSON line's `"conversation"` value; lines sharing one are asked as one
 * conversation, in order, so that a follow-up ("and Laos?") is read with the question before it.
 */
export type BatchItem =
  { line: number; question: string; conversation?: string } | { line: number; claim: string } | { line: number; error: CitebotError };

type Found = { question: string; conversation?: string } | { claim: string } | { error: string };

/** The question of a JSON line (and its conversation, if any), or why there is none. */
function questionOfJson(text: string): Found {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { error: 'expected a JSON object with a "q" field' };
  if (Object.hasOwn(parsed, "check")) {
    const claim = (parsed as { check: unknown }).check;
    return typeof claim === "string" ? { claim } : { error: 'expected a string "check" field' };
  }
  // Own properties only: a line such as {"__proto__": …} must not reach Object.prototype.
  const q = Object.hasOwn(parsed, "q")
    ? (parsed as { q: unknown }).q
    : Object.hasOwn(parsed, "question")
      ? (parsed as { question: unknown }).question
      : undefined;
  if (typeof q !== "string") return { error: 'expected a string "q" field' };
  if (!Object.hasOwn(parsed, "conversation")) return { question: q };
  const conversation = (parsed as { conversation: unknown }).conversation;
  // The key keeps the value's type: the number 7 and the string "7" are two conversations.
  if (typeof conversation === "string") return { question: q, conversation: `s:${conversation}` };
  if (typeof conversation === "number" && Number.isFinite(conversation)) return { question: q, conversation: `n:${conversation}` };
  return { error: 'expected "conversation" to be a string or a number' };
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
    const found: Found = text.startsWith("{") ? questionOfJson(text) : { question: text };
    if ("error" in found) {
      items.push({ line, error: createError("BATCH_LINE_INVALID", found.error) });
      return;
    }
    if ("claim" in found) {
      const claim = cleanQuestion(found.claim);
      const problem = questionProblem(claim, maxChars);
      items.push(problem ? { line, error: createError("QUESTION_INVALID", problem) } : { line, claim });
      return;
    }
    const question = cleanQuestion(found.question);
    const problem = questionProblem(question, maxChars);
    if (problem) items.push({ line, error: createError("QUESTION_INVALID", problem) });
    else items.push(found.conversation === undefined ? { line, question } : { line, question, conversation: found.conversation });
  });
  return items;
}
