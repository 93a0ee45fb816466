/**
 * Terminal rendering of an answer: the quoted sentences with [n] markers, then the sources.
 * Everything that comes from a source or a question passes through `printable`, so a source
 * cannot colour, move or hyperlink anything on the reader's terminal.
 */
import { ABSTAIN_MESSAGE, citationLabel, httpLink, type Answer } from "../answer/index.js";
import { printable, printableLine } from "../printable.js";

/** The answer as plain text for a terminal. */
export function formatAnswer(answer: Answer): string {
  const lines: string[] = [];
  if (answer.abstained) {
    lines.push(ABSTAIN_MESSAGE);
  } else {
    for (const s of answer.answer) lines.push(`  “${printable(s.text)}” [${s.citation}]`);
    lines.push("", "Sources:");
    for (const c of answer.citations) {
      const link = httpLink(c.url);
      lines.push(`  [${c.n}] ${printableLine(citationLabel(c))} (${printableLine(c.doc)})${link ? ` ${printableLine(link)}` : ""}`);
      // A quote from a table has its rows on separate lines, the header row first, cells joined by " | ": name the columns.
      // (A quote from a list has lines too, one per item, and no columns.)
      const first = c.quote.split("\n")[0] ?? "";
      if (c.quote.includes("\n") && (c.tableHeader !== null || first.includes(" | "))) lines.push(`      columns: ${printableLine(first)}`);
    }
  }
  lines.push(`  (mode: ${answer.mode}, ${Math.round(answer.timingsMs.total)} ms)`);
  return lines.join("\n");
}

/** A question and its answer, as the chat (piped) and `ask` print them. */
export function formatExchange(question: string, answer: Answer): string {
  return `Q: ${printableLine(question)}\n${formatAnswer(answer)}\n`;
}
