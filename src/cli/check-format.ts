/**
 * Terminal rendering of a claim check: the verdict, the compared facts, and the source sentence
 * with the compared values in bold (on a terminal that wants it). Everything from a claim or a
 * source passes through `printable`.
 */
import { citationLabel, httpLink, markRanges } from "../answer/index.js";
import type { ClaimCheck } from "../check/index.js";
import { printable, printableLine } from "../printable.js";
import { BOLD_OFF, BOLD_ON, type TerminalStyle } from "./format.js";

/** `text` with the ranges of `marks` in bold on a terminal that wants it; plain otherwise, or when a mark cannot be shown safely. */
export function boldRanges(text: string, marks: readonly { start: number; end: number }[], style: TerminalStyle): string {
  return (style.bold && marks.length > 0 ? markRanges(text, marks, printable, BOLD_ON, BOLD_OFF) : null) ?? printable(text);
}

const AGREE_WORD = (agree: boolean | null) => (agree === true ? "same" : agree === false ? "DIFFERENT" : "cannot tell");

/** The check as text for a terminal. */
export function formatCheck(check: ClaimCheck, style: TerminalStyle): string {
  const lines = [`Claim: ${printableLine(check.claim)}`, printableLine(check.summary)];
  for (const f of check.facts)
    lines.push(
      `  ${printableLine(f.claimText)} → ${f.sourceText === null ? "(not in the source sentence)" : `${printableLine(f.sourceText)} (${AGREE_WORD(f.agree)})`}`,
    );
  for (const s of check.sentences) lines.push(`  “${boldRanges(s.text, s.highlights, style)}” [${s.citation}]`);
  if (check.citations.length > 0) lines.push("", "Sources:");
  for (const c of check.citations) {
    const link = httpLink(c.url);
    lines.push(`  [${c.n}] ${printableLine(citationLabel(c))} (${printableLine(c.doc)})${link ? ` ${printableLine(link)}` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}
