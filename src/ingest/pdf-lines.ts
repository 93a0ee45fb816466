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

/** A stretch of a line separated from its neighbours by a wide gap: a column's part of the line, a table cell, or the whole line. */
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

/** A gap wider than this many font sizes separates cells (table columns, page columns), not words. */
const CELL_GAP = 0.8;
/** A gap wider than this many font sizes is a space between words. */
const WORD_GAP = 0.15;

const SUPERSCRIPT_DIGITS: Record<string, string> = { "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

/**
 * Drops runs printed again on top of themselves: some generators fake bold type by drawing the
 * same text twice, a fraction of a point apart, which would otherwise read "HOWHOW".
 */
export function dropOverprints<T extends TextRun>(runs: readonly T[]): T[] {
  const seen = new Map<string, T[]>();
  const kept: T[] = [];
  for (const run of runs) {
    const text = run.text.trim();
    if (text === "") {
      kept.push(run);
      continue;
    }
    const twins = seen.get(text) ?? [];
    const tolerance = Math.max(0.5, run.size * 0.15);
    if (twins.some((t) => Math.abs(t.x - run.x) <= tolerance && Math.abs(t.y - run.y) <= tolerance)) continue;
    twins.push(run);
    seen.set(text, twins);
    kept.push(run);
  }
  return kept;
}

/**
 * A footnote marker: a short number set smaller than the line's text and raised above its
 * baseline, after a word or punctuation and not followed by more of a formula. It is written in
 * superscript digits, so "return" followed by marker 1 reads "return¹" and never becomes the
 * word "return1". An exponent ("R3", "cos2(v)", "x2") stays plain digits, as it is printed.
 */
function asFootnoteMarker(run: TextRun, lineSize: number, baseline: number, before: string, after: string): string | null {
  if (!/^\d{1,3}$/.test(run.text.trim())) return null;
  if (run.size > lineSize * 0.8 || run.y - baseline < lineSize * 0.2) return null;
  const afterWord = /\p{L}{2}$/u.test(before) && !/^[\p{L}\d(]/u.test(after);
  const afterPunctuation = before === "" || /[.,;:!?"”’)]$/u.test(before);
  if (!afterWord && !afterPunctuation) return null;
  return run.text.trim().replace(/\d/g, (d) => SUPERSCRIPT_DIGITS[d] ?? d);
}

/**
 * A line from runs on one baseline: read left to right, split into cells at wide gaps, words
 * spaced by the gaps between runs (not by where the PDF happened to split them).
 */
export function buildLine(group: readonly TextRun[]): Line {
  const ordered = [...group].sort((a, b) => a.x - b.x);
  const size = Math.max(...ordered.map((r) => r.size));
  // The baseline of the line is that of its main-size text, not of raised markers or subscripts.
  const baseline = Math.min(...ordered.filter((r) => r.size > size * 0.8).map((r) => r.y));
  const cells: Cell[] = [];
  let current: Cell | null = null;
  for (const [i, run] of ordered.entries()) {
    const next = ordered[i + 1];
    // What follows the run: the next run's text, or a space when a gap separates them.
    const after = !next ? "" : next.x - (run.x + run.width) > run.size * WORD_GAP ? " " : next.text;
    const marker = asFootnoteMarker(run, size, baseline, current?.text.trimEnd() ?? "", after);
    const text = marker ?? run.text;
    const gap = current ? run.x - current.right : Infinity;
    if (!current || gap > size * CELL_GAP) {
      current = { text, x: run.x, right: run.x + run.width };
      cells.push(current);
      continue;
    }
    const joinsWord = marker !== null || gap <= Math.max(run.size, size * 0.7) * WORD_GAP || /\s$/.test(current.text) || /^\s/.test(text);
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

/**
 * Groups runs into lines, top to bottom, each read left to right. A run joins a line when its
 * baseline is within half a type size of the line's main baseline, so sub- and superscripts
 * stay on their line while the next line, a full line height away, does not.
 */
export function runsToLines(runs: readonly TextRun[]): Line[] {
  const sorted = runs.filter((r) => r.text.trim() !== "").sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: { runs: TextRun[]; y: number; size: number }[] = [];
  for (const run of sorted) {
    // Raised runs come first in the sort; look back a few groups for the line they sit on.
    const home = groups.slice(-3).find((g) => Math.abs(g.y - run.y) <= Math.max(g.size, run.size) * 0.5);
    if (home) {
      home.runs.push(run);
      // The line's baseline is that of its largest text.
      if (run.size > home.size) {
        home.size = run.size;
        home.y = run.y;
      }
    } else groups.push({ runs: [run], y: run.y, size: run.size });
  }
  return groups
    .sort((a, b) => b.y - a.y)
    .map((g) => buildLine(g.runs))
    .filter((line) => line.text !== "");
}
