/**
 * Terminal rendering of an answer: the quoted sentences with [n] markers, then the sources.
 */
import { ABSTAIN_MESSAGE, citationLabel, type Answer } from "../answer/index.js";

/** The answer as plain text for a terminal. */
export function formatAnswer(answer: Answer): string {
  const lines: string[] = [];
  if (answer.abstained) {
    lines.push(ABSTAIN_MESSAGE);
  } else {
    for (const s of answer.answer) lines.push(`  “${s.text}” [${s.citation}]`);
    lines.push("", "Sources:");
    for (const c of answer.citations) {
      lines.push(`  [${c.n}] ${citationLabel(c)} (${c.doc})${c.url ? ` ${c.url}` : ""}`);
      // A quote from a table has its rows on separate lines, the header row first: name the columns.
      if (c.quote.includes("\n")) lines.push(`      columns: ${c.quote.split("\n")[0]}`);
    }
  }
  lines.push(`  (mode: ${answer.mode}, ${Math.round(answer.timingsMs.total)} ms)`);
  return lines.join("\n");
}

/** A question and its answer, as the chat (piped) and `ask` print them. */
export function formatExchange(question: string, answer: Answer): string {
  return `Q: ${question}\n${formatAnswer(answer)}\n`;
}
