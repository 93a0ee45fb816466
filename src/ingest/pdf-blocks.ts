/**
 * From the lines of each page (in reading order) to paragraphs and tables: running headers and
 * footers dropped, paragraphs split at vertical gaps, tables kept row by row, and a paragraph or
 * table that runs over a column or page break joined again. Pure.
 */
import type { Line } from "./pdf-lines.js";

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
export function findRepeatedEdgeLines(pages: readonly (readonly Line[])[]): Set<number>[] {
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

/**
 * The usual distance between consecutive lines: the lower quartile of all downward gaps, so
 * that paragraph breaks, however many, do not count as usual.
 */
export function usualLineGap(pages: readonly (readonly Line[])[]): number {
  const gaps: number[] = [];
  for (const lines of pages) for (let i = 1; i < lines.length; i++) gaps.push((lines[i - 1] as Line).y - (lines[i] as Line).y);
  const positive = gaps.filter((g) => g > 0).sort((a, b) => a - b);
  return positive[Math.floor((positive.length - 1) / 4)] ?? 0;
}

/** A line of a block, with the page it is on. */
export interface PageLine {
  text: string;
  page: number;
}

export interface Block {
  kind: "text" | "table";
  lines: PageLine[];
  /** For tables: the number of columns and their left edges, to recognise rows continued on the next page. */
  columns?: number[];
}

const aligned = (a: readonly number[], b: readonly number[], tolerance: number) => a.length === b.length && a.every((x, i) => Math.abs(x - (b[i] as number)) <= tolerance);

/** A table is at least this many consecutive lines with the same column layout. */
const MIN_TABLE_ROWS = 3;

/**
 * Splits one page's lines into blocks: tables (three or more lines with the same column layout,
 * or fewer at the top of the page when they continue `continuing`, the previous page's table),
 * then text, split at large gaps, font-size changes and column jumps.
 */
export function pageBlocks(lines: readonly Line[], page: number, usualGap: number, continuing: readonly number[] | null = null): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as Line;
    if (line.cells.length >= 2) {
      const starts = line.cells.map((c) => c.x);
      const continues = i === 0 && continuing !== null && aligned(starts, continuing, line.size * 1.5);
      const columns = continues ? [...(continuing as number[])] : starts;
      let j = i + 1;
      while (j < lines.length && aligned((lines[j] as Line).cells.map((c) => c.x), columns, line.size * 1.5)) j++;
      if (j - i >= MIN_TABLE_ROWS || continues) {
        blocks.push({ kind: "table", columns, lines: lines.slice(i, j).map((l) => ({ text: l.cells.map((c) => c.text).join(" | "), page })) });
        i = j;
        continue;
      }
    }
    const previous = lines[i - 1];
    const current = blocks.at(-1);
    const gap = previous ? previous.y - line.y : 0;
    const limit = usualGap > 0 ? usualGap * 1.4 + 0.5 : line.size * 1.75;
    const sizeChange = previous ? Math.abs(previous.size - line.size) > Math.max(previous.size, line.size) * 0.2 : false;
    const startsBlock = !current || current.kind === "table" || gap > limit || gap < 0 || sizeChange;
    if (startsBlock) blocks.push({ kind: "text", lines: [{ text: line.text, page }] });
    else current.lines.push({ text: line.text, page });
    i++;
  }
  return blocks;
}

/** Whether `next` carries on the sentence that `before` leaves unfinished. */
export function continuesText(before: Block, next: Block): boolean {
  if (before.kind !== "text" || next.kind !== "text") return false;
  const end = before.lines.at(-1)?.text ?? "";
  const start = next.lines[0]?.text ?? "";
  return !/[.!?:;…"”’)\]]$/u.test(end) && /^[\p{Ll}\d(“"‘'-]/u.test(start);
}

/**
 * The blocks of a whole document, in reading order: paragraphs and tables split by a column or
 * page break are joined again, so a sentence keeps its words and a table its rows.
 */
export function documentBlocks(pages: readonly (readonly Line[])[], usualGap: number): Block[] {
  const joined: Block[] = [];
  pages.forEach((lines, p) => {
    const previous = joined.at(-1);
    const continuing = previous?.kind === "table" ? (previous.columns ?? null) : null;
    pageBlocks(lines, p + 1, usualGap, continuing).forEach((block, i) => {
      const last = joined.at(-1);
      const tableGoesOn = i === 0 && last?.kind === "table" && block.kind === "table" && last.columns && block.columns && aligned(last.columns, block.columns, 15);
      if (last && (tableGoesOn || continuesText(last, block))) last.lines.push(...block.lines);
      else joined.push(block);
    });
  });
  return joined;
}

/** A block as document text: the text, the page it starts on, where later pages begin inside it. */
export interface BlockText {
  text: string;
  page: number;
  breaks: { offset: number; page: number }[];
  /** For tables: the first row, which names the columns. */
  header: string | null;
}

/**
 * Joins a block's lines: text lines with a space, a word hyphenated at a line end rejoined
 * unless `keepsHyphen` says the hyphen belongs to the word; table rows with a line break.
 */
export function blockText(block: Block, keepsHyphen: (word: string) => boolean): BlockText {
  const first = block.lines[0] as PageLine;
  const breaks: BlockText["breaks"] = [];
  let text = "";
  let page = first.page;
  for (const line of block.lines) {
    if (text === "") {
      text = line.text;
      continue;
    }
    text = block.kind === "table" ? `${text}\n${line.text}` : joinLine(text, line.text, keepsHyphen);
    if (line.page !== page) {
      // The new page begins where this line's text begins in the joined string.
      breaks.push({ offset: text.length - line.text.length, page: line.page });
      page = line.page;
    }
  }
  return { text, page: first.page, breaks, header: block.kind === "table" ? first.text : null };
}

function joinLine(before: string, next: string, keepsHyphen: (word: string) => boolean): string {
  const hyphenated = /(\p{L})-$/u.test(before) && /^\p{Ll}/u.test(next);
  if (!hyphenated) return `${before} ${next}`;
  const head = /(\p{L}+)-$/u.exec(before)?.[1] ?? "";
  const tail = /^\p{L}+/u.exec(next)?.[0] ?? "";
  return keepsHyphen(`${head}-${tail}`) ? `${before}${next}` : `${before.slice(0, -1)}${next}`;
}
