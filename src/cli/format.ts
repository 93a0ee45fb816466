/**
 * Terminal rendering of an answer: the quoted sentences with [n] markers, then the sources.
 * Everything that comes from a source or a question passes through `printable`, so a source
 * cannot colour, move or hyperlink anything on the reader's terminal. The one escape sequence
 * written is Citebot's own bold around the highlighted words, and only when asked for.
 */
import { ABSTAIN_MESSAGE, citationLabel, highlightParts, httpLink, type Answer } from "../answer/index.js";
import { printable, printableLine } from "../printable.js";

export interface TerminalStyle {
  /** Highlighted words in ANSI bold (a terminal that wants colour); otherwise plain text. */
  bold: boolean;
}

const PLAIN: TerminalStyle = { bold: false };
export const BOLD_ON = "\u001b[1m";
export const BOLD_OFF = "\u001b[22m";

/**
 * Whether output to `stream` may be bold: only on a terminal, and not when the NO_COLOR
 * convention (https://no-color.org) asks for none. Piped output stays plain.
 */
export function terminalStyle(stream: { isTTY?: boolean }, noColor: boolean): TerminalStyle {
  return { bold: stream.isTTY === true && !noColor };
}

function sentenceText(s: Answer["answer"][number], style: TerminalStyle): string {
  const parts = style.bold ? highlightParts(s.text, s.highlight, printable) : null;
  return parts ? `${parts.before}${BOLD_ON}${parts.marked}${BOLD_OFF}${parts.after}` : printable(s.text);
}

/** The answer as text for a terminal, the highlighted words in bold when `style` says so. */
export function formatAnswer(answer: Answer, style: TerminalStyle = PLAIN): string {
  const lines: string[] = [];
  // A follow-up ("and Laos?") shows the question it was read as, so the answer makes sense alone.
  if (answer.understoodAs !== answer.question) lines.push(`Understood as: ${printableLine(answer.understoodAs)}`);
  if (answer.abstained) {
    lines.push(ABSTAIN_MESSAGE);
  } else {
    for (const s of answer.answer) lines.push(`  “${sentenceText(s, style)}” [${s.citation}]`);
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
export function formatExchange(question: string, answer: Answer, style: TerminalStyle = PLAIN): string {
  return `Q: ${printableLine(question)}\n${formatAnswer(answer, style)}\n`;
}
