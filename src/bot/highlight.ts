/**
 * The answer sentences of a Discord message with the highlighted words in bold, and the
 * "In brief:" line. Source text is escaped part by part, so the bold markers are the only
 * Markdown in it; when the sentences must be shortened, a highlight the cut would split loses
 * its markers instead of leaving one `**` open.
 */
import { highlightParts, type Answer } from "../answer/index.js";
import { escapeDiscord } from "./escape.js";
import { shorten } from "./limits.js";

const BOLD = "**";
/** The highlighted words shown alone are cut to this many characters. */
const BRIEF_WORDS_MAX = 60;

interface MarkedLine {
  text: string;
  /** Where the bold markers go, as offsets into `text`. */
  mark: { start: number; end: number } | null;
}

function sentenceLine(s: Answer["answer"][number]): MarkedLine {
  const parts = highlightParts(s.text, s.highlight, escapeDiscord);
  if (!parts) return { text: `“${escapeDiscord(s.text)}” [${s.citation}]`, mark: null };
  const start = 1 + parts.before.length;
  return { text: `“${parts.before}${parts.marked}${parts.after}” [${s.citation}]`, mark: { start, end: start + parts.marked.length } };
}

/** The quoted sentences escaped, one per line, and where their bold markers go: what `fitMarked` shortens. */
export interface MarkedSentences {
  plain: string;
  marks: { start: number; end: number }[];
}

/** Escapes the answer's sentences once, however many times the message is then fitted to its room. */
export function markSentences(answer: Answer): MarkedSentences {
  const lines = answer.answer.map(sentenceLine);
  const marks: { start: number; end: number }[] = [];
  let offset = 0;
  for (const line of lines) {
    if (line.mark) marks.push({ start: offset + line.mark.start, end: offset + line.mark.end });
    offset += line.text.length + 1;
  }
  return { plain: lines.map((l) => l.text).join("\n"), marks };
}

/**
 * The quoted sentences in at most `max` characters, the highlighted words in bold. Room for every
 * pair of markers is kept before shortening; markers go only around highlights that survive the
 * cut whole.
 */
export function fitMarked({ plain, marks }: MarkedSentences, max: number): string {
  const reserve = marks.length * BOLD.length * 2;
  const fits = plain.length + reserve <= max;
  let text = fits ? plain : shorten(plain, Math.max(0, max - reserve));
  // `shorten` keeps a prefix of the text and adds one ellipsis.
  const kept = fits ? plain.length : Math.max(0, text.length - 1);
  for (const m of [...marks].reverse()) {
    if (m.end <= kept) text = `${text.slice(0, m.start)}${BOLD}${text.slice(m.start, m.end)}${BOLD}${text.slice(m.end)}`;
  }
  return text;
}

/** "In brief: <the first sentence's highlighted words> [n]", or null when it has no highlight. */
export function inBrief(answer: Answer): string | null {
  const first = answer.answer[0];
  if (answer.abstained || !first) return null;
  const parts = highlightParts(first.text, first.highlight, escapeDiscord);
  return parts ? `In brief: ${BOLD}${shorten(parts.marked, BRIEF_WORDS_MAX)}${BOLD} [${first.citation}]` : null;
}
