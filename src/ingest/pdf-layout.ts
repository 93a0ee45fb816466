/**
 * Pure layout steps that turn positioned text runs (as pdf.js gives them) into lines and
 * paragraphs. Kept free of pdf.js so each step can be tested on hand-made input.
 */

/** One run of text on a page; y grows upwards, as in PDF user space. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size, approximately the line height. */
  size: number;
}

export interface Line {
  text: string;
  x: number;
  y: number;
  size: number;
}

/** Groups runs whose baselines are close into lines, top to bottom, each read left to right. */
export function runsToLines(runs: readonly TextRun[]): Line[] {
  const sorted = runs.filter((r) => r.text !== "").sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: TextRun[][] = [];
  for (const run of sorted) {
    const current = groups.at(-1);
    const anchor = current?.[0];
    if (current && anchor && Math.abs(anchor.y - run.y) <= Math.max(anchor.size, run.size) * 0.5) current.push(run);
    else groups.push([run]);
  }
  return groups.map((group) => {
    const ordered = [...group].sort((a, b) => a.x - b.x);
    let text = "";
    let rightEdge = -Infinity;
    for (const run of ordered) {
      const gap = run.x - rightEdge;
      if (text !== "" && gap > run.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(run.text)) text += " ";
      text += run.text;
      rightEdge = run.x + run.width;
    }
    const first = ordered[0] as TextRun;
    return { text: text.replace(/\s+/g, " ").trim(), x: first.x, y: first.y, size: Math.max(...ordered.map((r) => r.size)) };
  }).filter((line) => line.text !== "");
}

/** The key under which header and footer lines repeat: case, digits and spacing folded. */
export function repetitionKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
}

/** How many lines at the top and at the bottom of a page may be running headers or footers. */
const EDGE_LINES = 2;

/**
 * Finds running headers, footers and page numbers: lines among the first or last two of a page
 * whose repetition key recurs on at least half of the pages (and on two pages at least).
 * Returns, per page, the indexes of the lines to drop.
 */
export function findRepeatedEdgeLines(pages: readonly Line[][]): Set<number>[] {
  const edgeIndexes = (lines: readonly Line[]) => {
    const set = new Set<number>();
    for (let i = 0; i < Math.min(EDGE_LINES, lines.length); i++) {
      set.add(i);
      set.add(lines.length - 1 - i);
    }
    return [...set];
  };
  const pagesWithKey = new Map<string, number>();
  for (const lines of pages) {
    const keys = new Set(edgeIndexes(lines).map((i) => repetitionKey((lines[i] as Line).text)));
    for (const key of keys) pagesWithKey.set(key, (pagesWithKey.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(2, Math.ceil(pages.length / 2));
  return pages.map((lines) => new Set(edgeIndexes(lines).filter((i) => (pagesWithKey.get(repetitionKey((lines[i] as Line).text)) ?? 0) >= threshold)));
}

/** Vertical distances between consecutive lines of each page. */
function lineGaps(lines: readonly Line[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) gaps.push((lines[i - 1] as Line).y - (lines[i] as Line).y);
  return gaps;
}

/**
 * The usual distance between lines: the lower quartile of all gaps, so that paragraph breaks,
 * however many, do not count as usual.
 */
export function usualLineGap(pages: readonly (readonly Line[])[]): number {
  const gaps = pages.flatMap(lineGaps).filter((g) => g > 0).sort((a, b) => a - b);
  return gaps[Math.floor((gaps.length - 1) / 4)] ?? 0;
}

/**
 * Splits a page's lines into paragraphs at vertical gaps clearly larger than the usual line
 * spacing (or, with no usual spacing known, than 1.75 × the font size), and joins each
 * paragraph's lines: a word hyphenated at the end of a line is rejoined unless `keepsHyphen`
 * says the hyphen is part of the word.
 */
export function linesToParagraphs(lines: readonly Line[], keepsHyphen: (joined: string) => boolean = () => false, usualGap: number = usualLineGap([lines])): string[] {
  const gaps = lineGaps(lines);
  const paragraphs: string[] = [];
  let current = "";
  lines.forEach((line, i) => {
    const gap = i === 0 ? 0 : (gaps[i - 1] as number);
    const limit = usualGap > 0 ? usualGap * 1.4 + 0.5 : line.size * 1.75;
    if (i > 0 && (gap > limit || gap < 0)) {
      paragraphs.push(current);
      current = line.text;
      return;
    }
    current = joinLine(current, line.text, keepsHyphen);
  });
  paragraphs.push(current);
  return paragraphs.filter((p) => p.trim() !== "");
}

function joinLine(before: string, next: string, keepsHyphen: (joined: string) => boolean): string {
  if (before === "") return next;
  const hyphenated = /(\p{L})-$/u.test(before) && /^\p{Ll}/u.test(next);
  if (!hyphenated) return `${before} ${next}`;
  const head = /(\p{L}+)-$/u.exec(before)?.[1] ?? "";
  const tail = /^\p{L}+/u.exec(next)?.[0] ?? "";
  return keepsHyphen(`${head}-${tail}`) ? `${before}${next}` : `${before.slice(0, -1)}${next}`;
}
