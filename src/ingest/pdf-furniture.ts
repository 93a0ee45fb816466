/**
 * Page furniture: running headers and footers, printer's slug lines and page numbers, found on
 * the lines of whole pages before columns are read. Pure.
 *
 * A line at the top or bottom edge of a page is furniture when
 * - the same text, with every number masked, recurs at about the same height on other pages
 *   (heads that alternate between odd and even pages, or carry a year besides the page number,
 *   or drift a few points, all recur this way); or
 * - it is short and starts or ends with the page's own number (heads that change with each
 *   section, such as "1.1. TOPOLOGICAL SPACES 5").
 * A line anywhere that holds nothing but the page's number ("12", "- 12 -", "Page 12 of 40") is
 * a page number.
 */
import { dominantLineSize, usualLineGap } from "./pdf-blocks.js";
import { maxRight, minX, type Segment } from "./pdf-columns.js";
import type { Line } from "./pdf-lines.js";

/** How many lines at the top and at the bottom of a page are looked at. */
const EDGE_LINES = 3;
/** Running heads drift by a few points from page to page. */
const HEIGHT_TOLERANCE = 8;
/** A running head holds at most this many words. */
const MAX_HEAD_WORDS = 25;
/** A line that carries the page number besides its title is short: "1.1. TOPOLOGICAL SPACES 5". */
const MAX_NUMBERED_HEAD_WORDS = 10;

export interface FurniturePage {
  lines: readonly Line[];
  /** The printed page label from the PDF, when it defines labels. */
  label: string | null;
}

const ROMAN = /^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/i;

function romanValue(token: string): number | null {
  if (!ROMAN.test(token)) return null;
  const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  let total = 0;
  const chars = token.toLowerCase();
  for (let i = 0; i < chars.length; i++) {
    const v = values[chars[i] ?? ""] ?? 0;
    const next = values[chars[i + 1] ?? ""] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

/** The line's text with every number (arabic or roman) masked, for comparing heads across pages. */
export function maskedKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\d+/g, "#")
    .split(/\s+/)
    .map((t) => (ROMAN.test(t) ? "#" : t))
    .join(" ")
    .trim();
}

const numbersOf = (text: string) => [...text.matchAll(/\d+/g)].map((m) => Number(m[0]));

/**
 * Whether the numbers of two lines that read the same once numbers are masked differ only as
 * furniture's numbers do: each is the same on both pages, or moves in step with the pages (a
 * page or frame number). "Definition 26" and "Definition 31" at the top of two pages are body
 * text; "Summary 1998 Page 2" and "Summary 1998 Page 5" on pages 2 and 5 are a running footer.
 */
function inStep(a: readonly number[], pageA: number, b: readonly number[], pageB: number): boolean {
  if (a.length !== b.length) return false;
  const off = a.filter((n, i) => n !== b[i] && n - (b[i] ?? 0) !== pageA - pageB).length;
  // A printer's slug line carries many numbers, one of which (a job or format number) may change.
  return off === 0 || (off === 1 && a.length >= 4);
}

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** Whether a line is a footnote whose marker stands in the page's text ("1 Interviews…" under "partners¹"). */
function isReferencedNote(line: Line, lines: readonly Line[]): boolean {
  const number = /^(\d{1,3})\s/.exec(line.text)?.[1];
  if (number === undefined) return false;
  const marker = [...number].map((d) => SUPERSCRIPT[Number(d)] ?? d).join("");
  return lines.some((other) => other !== line && other.text.includes(marker));
}

/** A head that carries the page number is short and is no sentence: "Began in 2014." is body text. */
const mayCarryPageNumber = (text: string) => words(text).length <= MAX_NUMBERED_HEAD_WORDS && !/[.;:!?]$/.test(text.trim());

const words = (text: string) => text.split(/\s+/).filter((w) => w !== "");
const OPENING = new Set("-–—([{|.,:;");
const CLOSING = new Set("-–—)]}|.,:;");
/**
 * `token` without leading opening and trailing closing punctuation. A loop: the regex it replaces
 * (`[…]+$`) took time growing with the square of a long token's length.
 */
function trimPunctuation(token: string): string {
  let a = 0;
  let b = token.length;
  while (a < b && OPENING.has(token[a] ?? "")) a++;
  while (b > a && CLOSING.has(token[b - 1] ?? "")) b--;
  return token.slice(a, b);
}

/** Number-like tokens at the ends of a line, with trimmed punctuation. */
const endTokens = (text: string) => {
  const w = words(text);
  return [trimPunctuation(w[0] ?? ""), trimPunctuation(w.at(-1) ?? "")];
};

function edgeIndexes(lines: readonly Line[]): { index: number; edge: "top" | "bottom" }[] {
  const out: { index: number; edge: "top" | "bottom" }[] = [];
  // On a page of a few lines, the edges are its first and last line only.
  const top = Math.min(EDGE_LINES, Math.max(1, Math.floor(lines.length / 3)), lines.length);
  for (let i = 0; i < top; i++) out.push({ index: i, edge: "top" });
  for (let i = Math.max(top, lines.length - top); i < lines.length; i++) out.push({ index: i, edge: "bottom" });
  return out;
}

/**
 * The offsets between printed page numbers and page positions that many pages agree on: on a
 * book whose page 1 is the 9th page, numbers at the edges read `position - 8`.
 */
function pageNumberOffsets(pages: readonly FurniturePage[]): Set<number> {
  const votes = new Map<number, number>();
  pages.forEach((page, p) => {
    const offsets = new Set<number>();
    for (const { index } of edgeIndexes(page.lines)) {
      const text = page.lines[index]?.text ?? "";
      if (!mayCarryPageNumber(text)) continue;
      for (const token of endTokens(text)) {
        if (/^\d{1,5}$/.test(token)) offsets.add(Number(token) - (p + 1));
      }
    }
    for (const d of offsets) votes.set(d, (votes.get(d) ?? 0) + 1);
  });
  const needed = Math.max(2, Math.ceil(pages.length * 0.2));
  return new Set([...votes].filter(([, n]) => n >= needed).map(([d]) => d));
}

/** Whether `token` is the number printed on page `p` (0-based). */
function isPageNumber(token: string, p: number, label: string | null, offsets: ReadonlySet<number>): boolean {
  if (token === "") return false;
  if (label !== null && token.toLowerCase() === label.toLowerCase()) return true;
  if (/^\d{1,5}$/.test(token)) return offsets.has(Number(token) - (p + 1)) || (label === null && Number(token) === p + 1);
  const roman = romanValue(token);
  return roman !== null && label !== null && romanValue(label) === roman;
}

// Applied only to lines of at most 40 characters (see findFurniture), so its backtracking is bounded.
// eslint-disable-next-line regexp/no-super-linear-backtracking
const PAGE_NUMBER_LINE = /^(?:(?:page|p\.|seite|s\.|pág\.?|página)\s*)?[-–—|]?\s*(\S+?)\s*[-–—|]?(?:\s*(?:of|von|de|\/)\s*\d+)?$/i;

/**
 * For each page, the lines (by index) that are furniture, with the reason. `pages` are the
 * page-wide lines of each page, top to bottom.
 */
export function findFurniture(pages: readonly FurniturePage[]): Map<number, string>[] {
  const offsets = pageNumberOffsets(pages);
  const bodySize = dominantLineSize(pages.flatMap((p) => p.lines));
  const candidates = new Map<string, { page: number; y: number; numbers: number[] }[]>();
  const keyOf = (line: Line, edge: string) => `${edge}\u0000${maskedKey(line.text)}`;
  pages.forEach((page, p) => {
    for (const { index, edge } of edgeIndexes(page.lines)) {
      const line = page.lines[index];
      if (!line || words(line.text).length > MAX_HEAD_WORDS) continue;
      const key = keyOf(line, edge);
      const entry = { page: p, y: line.y, numbers: numbersOf(line.text) };
      const list = candidates.get(key);
      if (list) list.push(entry);
      else candidates.set(key, [entry]);
    }
  });
  // In a short document, odd-page heads may recur on one other page only.
  const needed = pages.length <= 8 ? Math.min(1, pages.length - 1) : 2;
  // With too few lines to tell, a usual 12 pt.
  const lineGap = usualLineGap(pages.map((p) => p.lines)) || 12;
  // Heads and feet stand apart from the text block: a wider gap, or another type size, separates them.
  const detached = (lines: readonly Line[], index: number, edge: "top" | "bottom") => {
    const line = lines[index] as Line;
    const inner = lines[edge === "top" ? index + 1 : index - 1];
    if (!inner) return true;
    const gap = edge === "top" ? line.y - inner.y : inner.y - line.y;
    return gap > lineGap * 1.8 + 1 || Math.abs(line.size - inner.size) > Math.max(line.size, inner.size) * 0.15;
  };
  return pages.map((page, p) => {
    const found = new Map<number, string>();
    page.lines.forEach((line, i) => {
      const text = line.text.trim();
      const number = text.length <= 40 ? PAGE_NUMBER_LINE.exec(text)?.[1] : undefined;
      if (number !== undefined && isPageNumber(number, p, page.label, offsets)) found.set(i, "page number");
      // A lone number at the very top or foot of a page ("7-45", "– 3 –") is its page number, however it is numbered.
      else if ((i === 0 || i === page.lines.length - 1) && /^[-–—(\s]*\d+(?:[-–.]\d+)?[-–—)\s]*$/.test(text) && text.length <= 10)
        found.set(i, "page number");
    });
    for (const { index, edge } of edgeIndexes(page.lines)) {
      const line = page.lines[index];
      if (!line || found.has(index) || words(line.text).length > MAX_HEAD_WORDS || isReferencedNote(line, page.lines)) continue;
      const reason = edge === "top" ? "running header" : "running footer";
      const numbers = numbersOf(line.text);
      const others = (candidates.get(keyOf(line, edge)) ?? []).filter(
        (c) => c.page !== p && Math.abs(c.y - line.y) <= HEIGHT_TOLERANCE && inStep(numbers, p, c.numbers, c.page),
      );
      const recurring = new Set(others.map((c) => c.page)).size;
      const apart = detached(page.lines, index, edge);
      const outermost = index === 0 || index === page.lines.length - 1;
      // A line that repeats on some pages is furniture when it is the page's outermost, not set
      // much larger than the text ("Key findings" is a heading), and stands apart from the text or
      // recurs on a third of the pages (heads alternating between odd and even pages); any line
      // that recurs on most pages is too. A stock heading or sentence at the top of the text block
      // ("Arguments" under a reference manual's head) is not.
      const headSized = line.size <= bodySize * 1.5;
      const share = (recurring + 1) / pages.length;
      if (needed > 0 && recurring >= needed && ((outermost && headSized && (apart || share >= 0.3)) || share >= 0.5)) {
        found.set(index, reason);
        continue;
      }
      const [first = "", last = ""] = endTokens(line.text);
      // A head carrying the page number stands apart and is not set larger than the text: "1. Introduction" on page 1 is a heading.
      if (!apart || !mayCarryPageNumber(line.text) || line.size > bodySize * 1.05) continue;
      if (isPageNumber(first, p, page.label, offsets) || isPageNumber(last, p, page.label, offsets))
        found.set(index, `${reason} with the page number`);
    }
    return keepOutermost(found, page.lines.length);
  });
}

/**
 * Furniture sits at the page's edges: an edge line counts only when the lines between it and
 * the edge are furniture too, so a body line that happens to repeat is kept. Page-number lines
 * count wherever they are.
 */
function keepOutermost(found: Map<number, string>, count: number): Map<number, string> {
  const kept = new Map<number, string>();
  for (const [i, reason] of found) if (reason === "page number") kept.set(i, reason);
  for (let i = 0; i < Math.min(EDGE_LINES, count); i++) {
    const reason = found.get(i);
    if (reason === undefined) break;
    kept.set(i, reason);
  }
  for (let i = count - 1; i >= Math.max(0, count - EDGE_LINES); i--) {
    const reason = found.get(i);
    if (reason === undefined) break;
    kept.set(i, reason);
  }
  return kept;
}

/**
 * Rotated lines (margin stamps, such as a repository's or a printer's) that recur on other pages:
 * for each page, the indexes of its rotated lines that are furniture.
 */
export function recurringStamps(pages: readonly (readonly Line[])[]): Set<number>[] {
  const seen = new Map<string, Set<number>>();
  const keys = pages.map((lines) => lines.map((line) => maskedKey(line.text)));
  keys.forEach((pageKeys, p) => {
    for (const key of pageKeys) seen.set(key, (seen.get(key) ?? new Set()).add(p));
  });
  const needed = Math.min(2, pages.length - 1);
  return keys.map((pageKeys) => new Set(pageKeys.flatMap((key, i) => (needed > 0 && (seen.get(key)?.size ?? 0) > needed ? [i] : []))));
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/**
 * Line numbers printed in a margin (critical editions, drafts for review): a stack of small
 * numbers at one edge of the text, rising down the page and running along most of it. Table row
 * numbers stand inside the text block and along the table only, so they stay.
 */
export function marginLineNumbers(segs: readonly Segment[]): Set<Segment> {
  const found = new Set<Segment>();
  const isNumber = (s: Segment) => /^\d{1,4}$/.test(s.text.trim());
  const numeric = segs.filter(isNumber);
  if (numeric.length < 4) return found;
  const others = segs.filter((s) => !isNumber(s));
  if (others.length === 0) return found;
  const top = segs.reduce((m, s) => Math.max(m, s.y), -Infinity);
  const bottom = segs.reduce((m, s) => Math.min(m, s.y), Infinity);
  const textLeft = minX(others);
  const textRight = maxRight(others);
  for (const side of ["left", "right"] as const) {
    const stack = numeric.filter((s) => (side === "left" ? s.right < textLeft - 2 : s.x > textRight + 2)).sort((a, b) => b.y - a.y);
    if (stack.length < 4 || stack[0] === undefined) continue;
    const span = (stack[0].y - (stack.at(-1) as Segment).y) / Math.max(1, top - bottom);
    // Line numbers step evenly (1, 2, 3 or 5, 10, 15); a table of contents' page numbers do not.
    const steps = stack.slice(1).map((s, i) => Number(s.text) - Number(stack[i]?.text));
    const step = mostCommon(steps);
    const even = step > 0 && steps.filter((d) => d === step).length >= steps.length * 0.8;
    // And they stand apart from the text of their line, not at the end of a dotted leader.
    const apart = stack.every((n) =>
      others.every((o) => o.line !== n.line || (side === "left" ? o.x - n.right >= n.size * 1.5 : n.x - o.right >= n.size * 1.5)),
    );
    if (span >= 0.4 && even && apart) for (const s of stack) found.add(s);
  }
  return found;
}
