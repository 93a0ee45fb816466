/**
 * From the lines of each page (in reading order, furniture already removed) to paragraphs and
 * tables: paragraphs split at vertical gaps and region changes, tables kept row by row, and a
 * paragraph or table that runs over a column or page break joined again. Pure.
 */
import type { BlockKind } from "../types.js";
import type { Line } from "./pdf-lines.js";

/** A line of a page in reading order, with the layout region it was read from. */
export interface FlowLine extends Line {
  /** Lines of different regions (columns, sidebars) never share a block. */
  region?: number;
  /** What the region looks like when it is not body text (sidebar, figure, margin). */
  hint?: BlockKind | null;
}

/**
 * The usual distance between consecutive lines: the lower quartile of all downward gaps, so
 * that paragraph breaks, however many, do not count as usual; 0 when there are too few lines.
 */
export function usualLineGap(pages: readonly (readonly Line[])[]): number {
  const gaps: number[] = [];
  for (const lines of pages) for (let i = 1; i < lines.length; i++) gaps.push((lines[i - 1] as Line).y - (lines[i] as Line).y);
  const positive = gaps.filter((g) => g > 0).sort((a, b) => a - b);
  // Too few lines to tell line spacing from paragraph spacing: 0 lets callers fall back on the font size.
  if (positive.length < 4) return 0;
  return positive[Math.floor((positive.length - 1) / 4)] ?? 0;
}

/** A line of a block, with the page it is on. */
export interface PageLine {
  text: string;
  page: number;
  /** Whether the line runs (nearly) to the full width of its column, as a wrapped line does. */
  full: boolean;
}

export interface Block {
  kind: "text" | "table";
  /** What the block is when it is not plain body text: a footnote, a sidebar, a figure's labels. */
  role: BlockKind | null;
  lines: PageLine[];
  /** Font size of the block's text. */
  size: number;
  /** For tables: the number of columns and their left edges, to recognise rows continued on the next page. */
  columns?: number[];
  /**
   * For a table of fewer than three rows at the foot of a page: it is a table only if the next
   * page goes on with rows of the same layout; otherwise its lines are text (`plain`).
   */
  tentative?: { plain: PageLine[] };
}

const aligned = (a: readonly number[], b: readonly number[], tolerance: number) =>
  a.length === b.length && a.every((x, i) => Math.abs(x - (b[i] as number)) <= tolerance);

/** Same column layout wherever it stands: a table continued in the other column or on the next page keeps its spacing. */
const sameLayout = (a: readonly number[], b: readonly number[], tolerance: number) =>
  a.length === b.length &&
  aligned(
    a.map((x) => x - (a[0] as number)),
    b.map((x) => x - (b[0] as number)),
    tolerance,
  );

/** A list item's mark: a bullet of one or two symbols, or "1.", "a)", "(iv)". */
const LIST_MARK = /^(?:[^\p{L}\p{N}\s]{1,2}|[([]?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)\]])$/iu;

/** Rows whose first cells are all list marks are a list set with hanging indents, not a table. */
function isList(rows: readonly Line[]): boolean {
  return rows.every((r) => r.cells.length === 2 && LIST_MARK.test(r.cells[0]?.text.trim() ?? ""));
}

/**
 * Joins `next` to the table row `row` when it holds the row's cells wrapped onto a second line:
 * every cell stands under a column after the first, close below the row. Returns whether it did.
 */
function wrapInto(row: FlowLine, next: FlowLine, columns: readonly number[]): boolean {
  if (next.region !== row.region || row.y - next.y > row.size * 1.6 || row.y - next.y <= 0) return false;
  // A numbered or bulleted list ("12 Ministry of …") wraps under its text too, but is no table.
  const mark = row.cells[0]?.text.trim() ?? "";
  if (/^[[(]?\d{1,4}[.)\]]?$/u.test(mark) || LIST_MARK.test(mark)) return false;
  const tolerance = row.size * 1.5;
  const targets = next.cells.map((c) => columns.findIndex((x, k) => k > 0 && Math.abs(c.x - x) <= tolerance));
  if (targets.some((k) => k < 1) || next.cells.length >= columns.length) return false;
  next.cells.forEach((c, n) => {
    const cell = row.cells[targets[n] as number];
    if (!cell) return;
    // A word hyphenated at the cell's line end is rejoined; otherwise the two lines join with a space.
    cell.text = /\p{L}-$/u.test(cell.text) && /^\p{Ll}/u.test(c.text) ? cell.text.slice(0, -1) + c.text : `${cell.text} ${c.text}`;
    cell.right = Math.max(cell.right, c.right);
  });
  // The row now reaches down to this line: a third line of the same cell is measured from here.
  row.y = next.y;
  return true;
}

/** A table is at least this many consecutive lines with the same column layout. */
const MIN_TABLE_ROWS = 3;

/**
 * Rows that read like prose set side by side (two or more cells of several words on most rows)
 * are columns the layout did not separate, not a table.
 */
function proseRows(rows: readonly Line[]): boolean {
  const wide = rows.filter((r) => r.cells.filter((c) => c.text.split(/\s+/).length >= 4).length >= 2).length;
  return wide >= rows.length * 0.5;
}

/**
 * Splits one page's lines into blocks: tables (three or more lines with the same column layout,
 * fewer when they continue `continuing`, the previous page's table, or stand at the foot of the
 * page), then text, split at large gaps, font-size changes and column jumps. Lines in smaller
 * print than the page's text (footnotes, captions) are kept apart in `smallPrint`, so that a
 * paragraph or table running past them stays whole.
 */
export function pageBlocks(
  allLines: readonly FlowLine[],
  page: number,
  usualGap: number,
  continuing: readonly number[] | null = null,
  bodySize = dominantLineSize(allLines),
): { body: Block[]; smallPrint: Block[] } {
  const small = (l: Line) => l.size < bodySize * 0.92;
  // A page all in small print (endnotes, an index) is read as it stands.
  if (allLines.every(small)) return { body: flowBlocks(allLines, page, usualGap, continuing), smallPrint: [] };
  // Small print below the last line of body text above it (in its column, or on the page) is a
  // footnote; small print with body text below it (captions, sidebars) stays in the flow.
  const body = allLines.filter((l) => !small(l));
  const pageBottom = body.reduce((m, l) => Math.min(m, l.y), Infinity);
  const note = (l: FlowLine) => {
    if (!small(l)) return false;
    const above = body.filter((b) => b.x < l.right && b.right > l.x);
    return l.y < (above.length > 0 ? above.reduce((m, b) => Math.min(m, b.y), Infinity) : pageBottom);
  };
  return {
    body: flowBlocks(
      allLines.filter((l) => !note(l)),
      page,
      usualGap,
      continuing,
    ),
    smallPrint: flowBlocks(allLines.filter(note), page, usualGap, null),
  };
}

function flowBlocks(lines: readonly FlowLine[], page: number, usualGap: number, continuing: readonly number[] | null): Block[] {
  const blocks: Block[] = [];
  const fullWidth = typicalWidth(lines) * 0.7;
  const pageLine = (l: Line): PageLine => ({ text: l.text, page, full: l.right - l.x >= fullWidth });
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as FlowLine;
    if (line.cells.length >= 2) {
      const columns = line.cells.map((c) => c.x);
      const continues = i === 0 && continuing !== null && sameLayout(columns, continuing, line.size * 1.5);
      let j = i + 1;
      const rows: FlowLine[] = [{ ...line, cells: line.cells.map((c) => ({ ...c })) }];
      // Rows go on while the layout holds, also past a jump to the next column; a line whose cells
      // stand under later columns, just below a row, is that row's cells wrapped onto a second line.
      while (j < lines.length) {
        const next = lines[j] as FlowLine;
        if (
          sameLayout(
            next.cells.map((c) => c.x),
            columns,
            line.size * 1.5,
          )
        )
          rows.push({ ...next, cells: next.cells.map((c) => ({ ...c })) });
        else if (!wrapInto(rows.at(-1) as FlowLine, next, columns)) break;
        j++;
      }
      // Rows at the foot of the page may be the start of a table that goes on overleaf.
      const atFoot = j === lines.length;
      if ((rows.length >= MIN_TABLE_ROWS || continues || atFoot) && !proseRows(rows) && !isList(rows)) {
        blocks.push({
          kind: "table",
          role: "table",
          columns,
          size: line.size,
          lines: rows.map((l) => ({ ...pageLine(l), text: l.cells.map((c) => c.text).join(" | ") })),
          ...(rows.length < MIN_TABLE_ROWS && !continues ? { tentative: { plain: lines.slice(i, j).map(pageLine) } } : {}),
        });
        i = j;
        continue;
      }
    }
    const previous = lines[i - 1];
    const current = blocks.at(-1);
    const gap = previous ? previous.y - line.y : 0;
    const limit = usualGap > 0 ? usualGap * 1.4 + 0.5 : line.size * 1.75;
    const sizeChange = previous ? Math.abs(previous.size - line.size) > Math.max(previous.size, line.size) * 0.2 : false;
    const newRegion = previous !== undefined && previous.region !== line.region;
    const startsBlock = !current || current.kind === "table" || gap > limit || gap < 0 || sizeChange || newRegion;
    if (startsBlock) blocks.push({ kind: "text", role: line.hint ?? null, size: line.size, lines: [pageLine(line)] });
    else current.lines.push(pageLine(line));
    i++;
  }
  return blocks;
}

/** The font size most of the text is set in, weighted by characters. */
export function dominantLineSize(lines: readonly Line[]): number {
  const counts = new Map<number, number>();
  for (const l of lines) {
    const size = Math.round(l.size * 10) / 10;
    counts.set(size, (counts.get(size) ?? 0) + l.text.length);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** The width most text lines of a page have: the 90th percentile, so short last lines do not count. */
function typicalWidth(lines: readonly Line[]): number {
  const widths = lines
    .filter((l) => l.cells.length === 1)
    .map((l) => l.right - l.x)
    .sort((a, b) => a - b);
  return widths[Math.floor(widths.length * 0.9)] ?? 0;
}

/**
 * Whether `next` carries on the sentence that `before` leaves unfinished: same type size, no
 * closing punctuation, and either `next` starts in lower case or `before` ends on a full line
 * (it was cut by the column or page break, not ended).
 */
function continuesText(before: Block, next: Block): boolean {
  if (before.kind !== "text" || next.kind !== "text" || before.role !== next.role) return false;
  if (Math.abs(before.size - next.size) > Math.max(before.size, next.size) * 0.1) return false;
  const last = before.lines.at(-1);
  const start = next.lines[0]?.text ?? "";
  if (!last || /[.!?:;…"”’)\]]$/u.test(last.text)) return false;
  return /^[\p{Ll}“"‘'-]/u.test(start) || last.full;
}

/**
 * The blocks of a whole document, in reading order: paragraphs and tables split by a column or
 * page break are joined again, so a sentence keeps its words and a table its rows.
 */
export function documentBlocks(pages: readonly (readonly FlowLine[])[], usualGap: number): Block[] {
  const joined: Block[] = [];
  const notes: Block[][] = [];
  const bodySize = dominantLineSize(pages.flat());
  pages.forEach((lines, p) => {
    const previous = joined.at(-1);
    const continuing = previous?.kind === "table" ? (previous.columns ?? null) : null;
    const { body, smallPrint } = pageBlocks(lines, p + 1, usualGap, continuing, bodySize);
    // Small print below the text is the page's notes, numbered or not (a note run on from the
    // previous page starts mid-sentence), or a figure's labels ("Keyway", "Nut case").
    for (const b of smallPrint) b.role = isLabel(b) ? "figure" : "footnote";
    // Notes, margin text and sidebars stand aside: a sentence running on to the next page must
    // find its continuation, not them, at the end of the page's flow.
    const aside = (b: Block) => b.role === "margin" || b.role === "sidebar";
    notes.push([...body.filter(aside), ...smallPrint]);
    body
      .filter((b) => !aside(b))
      .forEach((block, i) => {
        const last = joined.at(-1);
        const tableGoesOn =
          i === 0 &&
          last?.kind === "table" &&
          block.kind === "table" &&
          last.columns &&
          block.columns &&
          sameLayout(last.columns, block.columns, 15);
        if (last?.tentative && !tableGoesOn) settleAsText(last);
        if (last && (tableGoesOn || continuesText(last, block))) {
          for (const l of block.lines) last.lines.push(l);
          delete last.tentative;
        } else joined.push(block);
      });
  });
  const last = joined.at(-1);
  if (last?.tentative) settleAsText(last);
  // Footnotes and other asides go after the text of their page, out of the way of paragraphs
  // that run on past them, and never onto another page.
  notes.forEach((pageNotes, p) => {
    if (pageNotes.length > 0) placeOnPage(joined, pageNotes, p + 1);
  });
  return joined;
}

/**
 * Puts a page's asides after the last block that ends on that page. A paragraph that starts on
 * the page and runs on to the next stays whole after them; one that covers the whole page is
 * split after its last sentence on the page, so that each part, and the asides, keep their pages.
 */
function placeOnPage(blocks: Block[], asides: readonly Block[], page: number): void {
  const after = blocks.findLastIndex((b) => (b.lines.at(-1)?.page ?? 0) <= page);
  const running = blocks[after + 1];
  if (!running || (running.lines[0]?.page ?? Infinity) >= page) {
    blocks.splice(after + 1, 0, ...asides);
    return;
  }
  const onPage = running.lines.findLastIndex((l) => l.page <= page);
  // The last sentence end on the page, within a line or at its end.
  let cutLine = onPage;
  let cutAt = running.lines[onPage]?.text.length ?? 0;
  for (let i = onPage; i >= 0 && running.lines[i]?.page === page; i--) {
    const text = running.lines[i]?.text ?? "";
    const ends = [...text.matchAll(/[.!?…]["”’)]?(?=\s|$)/gu)].at(-1);
    if (ends) {
      cutLine = i;
      cutAt = ends.index + ends[0].length;
      break;
    }
  }
  const split = running.lines[cutLine] as PageLine;
  const head = split.text.slice(0, cutAt).trimEnd();
  const tail = split.text.slice(cutAt).trimStart();
  const rest: Block = { ...running, lines: [...(tail ? [{ ...split, text: tail }] : []), ...running.lines.slice(cutLine + 1)] };
  running.lines = [...running.lines.slice(0, cutLine), ...(head ? [{ ...split, text: head }] : [])];
  blocks.splice(after + 2, 0, ...asides, ...(rest.lines.length > 0 ? [rest] : []));
}

/** A would-be table that nothing continued: its lines are text after all. */
function settleAsText(block: Block): void {
  block.kind = "text";
  block.role = null;
  block.lines = block.tentative?.plain ?? block.lines;
  delete block.columns;
  delete block.tentative;
}

/** Whether a block of small print is a short label: a few words on a line or two, no sentence. */
function isLabel(block: Block): boolean {
  const text = block.lines.map((l) => l.text).join(" ");
  return block.lines.length <= 2 && text.split(/\s+/).length <= 6 && !/[.!?:;]$/.test(text) && !/^[\d¹²³⁴⁵⁶⁷⁸⁹⁰*†]/u.test(text);
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
  // Built from parts, looking only at the end of the text so far: a block of many thousand lines costs linear time.
  const parts: string[] = [];
  let length = 0;
  let tail = "";
  let page = first.page;
  for (const line of block.lines) {
    if (parts.length > 0) {
      const { separator, dropHyphen } =
        block.kind === "table" ? { separator: "\n", dropHyphen: false } : joint(tail, line.text, keepsHyphen);
      if (dropHyphen) {
        parts[parts.length - 1] = (parts.at(-1) as string).slice(0, -1);
        length--;
        tail = tail.slice(0, -1);
      }
      parts.push(separator);
      length += separator.length;
    }
    if (line.page !== page) {
      // The new page begins where this line's text begins in the joined string.
      breaks.push({ offset: length, page: line.page });
      page = line.page;
    }
    parts.push(line.text);
    length += line.text.length;
    tail = (tail + line.text).slice(-200);
  }
  return { text: parts.join(""), page: first.page, breaks, header: block.kind === "table" ? first.text : null };
}

/**
 * Whether the last word of a line is a web or mail address, or a code with digits, broken at the
 * line end ("https://example.org/re-", "ab12.cd-"): it goes on without a space. The last word is
 * cut out first, so no pattern runs over the whole line.
 */
function brokenAddress(end: string): boolean {
  let start = end.length;
  while (start > 0 && !/\s/u.test(end[start - 1] as string)) start--;
  const word = end.slice(start);
  if (word === "") return false;
  if (/(?::\/\/|www\.|@|%[0-9A-F]{2})/u.test(word) && /[-/_%]$/u.test(word)) return true;
  // "ab12.cd-": word characters, dots and hyphens, a digit, and no hyphen between the last digit and the final one.
  if (!word.endsWith("-") || !/^[\w.-]+$/u.test(word)) return false;
  const body = word.slice(0, -1);
  let lastDigit = body.length - 1;
  while (lastDigit >= 0 && !/\d/u.test(body[lastDigit] as string)) lastDigit--;
  return lastDigit >= 0 && !body.slice(lastDigit).includes("-");
}

/**
 * How a line joins the text before it (of which `end` is the last part): after a space; with no
 * space after a web address or identifier cut at the line end; with no space and no hyphen after
 * a word hyphenated at the line end, unless `keepsHyphen` says the hyphen belongs to the word.
 */
function joint(end: string, next: string, keepsHyphen: (word: string) => boolean): { separator: string; dropHyphen: boolean } {
  // "http://example.org/a/" + "b.pdf", "9-" + "ANM-Seattle@faa.gov": an address or identifier cut at the line end.
  if (brokenAddress(end) && /^\S/u.test(next)) return { separator: "", dropHyphen: false };
  const hyphenated = /(\p{L})-$/u.test(end) && /^\p{Ll}/u.test(next);
  if (!hyphenated) return { separator: " ", dropHyphen: false };
  const head = /([\p{L}-]{1,64})-$/u.exec(end)?.[1] ?? "";
  const tail = /^\p{L}{1,64}/u.exec(next)?.[0] ?? "";
  return { separator: "", dropHyphen: !keepsHyphen(`${head}-${tail}`) };
}
