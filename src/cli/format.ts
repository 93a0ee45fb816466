/**
 * Terminal rendering of an answer: the quoted sentences with [n] markers, then the sources.
 */
import { ABSTAIN_MESSAGE, type Answer, type Citation } from "../answer/index.js";

/** "Title, p. 12 (printed 10), ¶ 3" — how a reader finds the passage. */
export function describeLocation(c: Pick<Citation, "title" | "page" | "pageLabel" | "paragraph">): string {
  const parts = [c.title];
  if (c.page !== null) parts.push(`p. ${c.page}${c.pageLabel ? ` (printed ${c.pageLabel})` : ""}`);
  if (c.paragraph !== null) parts.push(`¶ ${c.paragraph}`);
  return parts.join(", ");
}

/** The answer as plain text for a terminal. */
export function formatAnswer(answer: Answer): string {
  const lines: string[] = [];
  if (answer.abstained) {
    lines.push(ABSTAIN_MESSAGE);
  } else {
    for (const s of answer.answer) lines.push(`  “${s.text}” [${s.citation}]`);
    lines.push("", "Sources:");
    for (const c of answer.citations) {
      lines.push(`  [${c.n}] ${describeLocation(c)} (${c.doc})${c.url ? ` ${c.url}` : ""}`);
    }
  }
  lines.push(`  (mode: ${answer.mode}, ${Math.round(answer.timingsMs.total)} ms)`);
  return lines.join("\n");
}
