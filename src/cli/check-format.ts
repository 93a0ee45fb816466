/**
 * Terminal rendering of a claim check: the verdict, the compared facts, and the source sentence
 * with the compared values in bold (on a terminal that wants it). Everything from a claim or a
 * source passes through `printable`.
 */
import { citationLabel, httpLink } from "../answer/index.js";
import type { ClaimCheck } from "../check/index.js";
import { printable, printableLine } from "../printable.js";
import { BOLD_OFF, BOLD_ON, type TerminalStyle } from "./format.js";

/**
 * `text` with each range of `marks` in bold, or plain when bold is off or when cleaning the
 * pieces apart would show other text than cleaning the whole.
 */
export function boldRanges(text: string, marks: readonly { start: number; end: number }[], style: TerminalStyle): string {
  const plain = printable(text);
  if (!style.bold || marks.length === 0) return plain;
  const sorted = [...marks].sort((a, b) => a.start - b.start);
  let out = "";
  let joined = "";
  let at = 0;
  for (const m of sorted) {
    if (m.start < at || m.end > text.length || m.start >= m.end) return plain;
    const before = printable(text.slice(at, m.start));
    const marked = printable(text.slice(m.start, m.end));
    out += `${before}${BOLD_ON}${marked}${BOLD_OFF}`;
    joined += before + marked;
    at = m.end;
  }
  const rest = printable(text.slice(at));
  return joined + rest === plain ? out + rest : plain;
}

const AGREE_WORD = (agree: boolean | null) => (agree === true ? "same" : agree === false ? "DIFFERENT" : "cannot tell");

/** The check as text for a terminal. */
export function formatCheck(check: ClaimCheck, style: TerminalStyle): string {
  const lines = [`Claim: ${printableLine(check.claim)}`, printableLine(check.summary)];
  for (const f of check.facts) lines.push(`  ${printableLine(f.claimText)} → ${f.sourceText === null ? "(not in the source sentence)" : `${printableLine(f.sourceText)} (${AGREE_WORD(f.agree)})`}`);
  for (const s of check.sentences) lines.push(`  “${boldRanges(s.text, s.highlights, style)}” [${s.citation}]`);
  if (check.citations.length > 0) lines.push("", "Sources:");
  for (const c of check.citations) {
    const link = httpLink(c.url);
    lines.push(`  [${c.n}] ${printableLine(citationLabel(c))} (${printableLine(c.doc)})${link ? ` ${printableLine(link)}` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}
