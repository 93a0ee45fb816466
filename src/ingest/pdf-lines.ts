/**
 * From positioned text runs (as pdf.js gives them) to lines. Pure, so each step can be tested
 * on hand-made input. Coordinates are PDF user space: y grows upwards.
 */

/** One run of text on a page. */
export interface TextRun {
  text: string;
  x: number;
  /** Baseline. */
  y: number;
  width: number;
  /** Font size, roughly the line height. */
  size: number;
}

/** A stretch of a line separated from its neighbours by a wide gap: a table cell, or the whole line. */
export interface Cell {
  text: string;
  x: number;
  right: number;
}

export interface Line {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  cells: Cell[];
}

/** A gap wider than this many font sizes separates cells (table columns), not words. */
const CELL_GAP = 1.2;
/** A gap wider than this many font sizes is a space between words. */
const WORD_GAP = 0.15;

const SUPERSCRIPT_DIGITS: Record<string, string> = { "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

/**
 * A footnote marker: a short number set smaller than the line's text and raised above its
 * baseline. It is written in superscript digits, so "return" followed by marker 1 reads
 * "return¹" and never becomes the word "return1".
 */
function asFootnoteMarker(run: TextRun, lineSize: number, baseline: number): string | null {
  if (!/^\d{1,3}$/.test(run.text.trim())) return null;
  if (run.size > lineSize * 0.8 || run.y - baseline < lineSize * 0.2) return null;
  return run.text.trim().replace(/\d/g, (d) => SUPERSCRIPT_DIGITS[d] ?? d);
}

function buildLine(group: readonly TextRun[]): Line {
  const ordered = [...group].sort((a, b) => a.x - b.x);
  const size = Math.max(...ordered.map((r) => r.size));
  // The baseline of the line is that of its main-size text, not of raised markers.
  const baseline = Math.min(...ordered.filter((r) => r.size > size * 0.8).map((r) => r.y));
  const cells: Cell[] = [];
  let current: Cell | null = null;
  for (const run of ordered) {
    const marker = asFootnoteMarker(run, size, baseline);
    const text = marker ?? run.text;
    const gap = current ? run.x - current.right : Infinity;
    if (!current || gap > size * CELL_GAP) {
      current = { text, x: run.x, right: run.x + run.width };
      cells.push(current);
      continue;
    }
    const joinsWord = marker !== null || gap <= size * WORD_GAP || /\s$/.test(current.text) || /^\s/.test(text);
    current.text += joinsWord ? text : ` ${text}`;
    current.right = Math.max(current.right, run.x + run.width);
  }
  for (const cell of cells) cell.text = cell.text.replace(/\s+/g, " ").trim();
  const kept = cells.filter((c) => c.text !== "");
  return {
    text: kept.map((c) => c.text).join(" "),
    x: kept[0]?.x ?? 0,
    right: kept.at(-1)?.right ?? 0,
    y: baseline,
    size,
    cells: kept,
  };
}

/** Groups runs whose baselines are close into lines, top to bottom, each read left to right. */
export function runsToLines(runs: readonly TextRun[]): Line[] {
  const sorted = runs.filter((r) => r.text.trim() !== "").sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: TextRun[][] = [];
  for (const run of sorted) {
    const current = groups.at(-1);
    const anchor = current?.[0];
    if (current && anchor && Math.abs(anchor.y - run.y) <= Math.max(anchor.size, run.size) * 0.5) current.push(run);
    else groups.push([run]);
  }
  return groups.map(buildLine).filter((line) => line.text !== "");
}
