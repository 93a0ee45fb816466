/**
 * From positioned text runs (as pdf.js gives them) to lines. Pure, so each step can be tested
 * on hand-made input. Coordinates are PDF user space: y grows upwards.
 */
import { accentMark, carriesAccent, repairAccents, SPACING_ACCENT_CLASS } from "./pdf-runs.js";

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
  /** The cell's own baseline and type size, where they differ from its line's (a large label beside body text). */
  y?: number;
  size?: number;
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

const SUPERSCRIPT_DIGITS: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

/**
 * Drops runs printed again on top of themselves: some generators fake bold type by drawing the
 * same text twice, a fraction of a point apart, which would otherwise read "HOWHOW".
 */
export function dropOverprints<T extends TextRun>(runs: readonly T[]): T[] {
  // Runs by text and by a coarse grid cell, so each run is compared with its few neighbours only.
  const seen = new Map<string, T[]>();
  const kept: T[] = [];
  const cell = (v: number) => Math.round(v / 2);
  for (const run of runs) {
    const text = run.text.trim();
    if (text === "") {
      kept.push(run);
      continue;
    }
    const tolerance = Math.max(0.5, run.size * 0.15);
    const cx = cell(run.x);
    const cy = cell(run.y);
    let twin = false;
    for (let dx = -1; dx <= 1 && !twin; dx++) {
      for (let dy = -1; dy <= 1 && !twin; dy++) {
        twin = (seen.get(`${cx + dx}:${cy + dy}:${text}`) ?? []).some(
          (t) => Math.abs(t.x - run.x) <= tolerance && Math.abs(t.y - run.y) <= tolerance,
        );
      }
    }
    if (twin) continue;
    const key = `${cx}:${cy}:${text}`;
    const list = seen.get(key);
    if (list) list.push(run);
    else seen.set(key, [run]);
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

/** Accents are placed on lines of at most this many runs. */
const MAX_ACCENT_RUNS = 2000;

/** A run that is nothing but an accent: a spacing accent such as "˜" or "¨", or a combining mark. */
const LONE_ACCENT = new RegExp(`^\\s*(\\p{M}+|${SPACING_ACCENT_CLASS})\\s*$`, "u");

/**
 * Puts accents drawn as glyphs of their own (as TeX does for "ä" built from "a" and "¨", or for
 * x̃) back on the letter under them, so the word reads "Schrödinger", not "Schr ödinger".
 */
function placeAccents(group: readonly TextRun[]): TextRun[] {
  const runs = group.map((r) => ({ ...r }));
  // Each accent looks at every run of its segment: on a hostile line of many thousand runs that
  // is quadratic, and no real line holds that many glyphs drawn apart.
  if (runs.length > MAX_ACCENT_RUNS) return runs;
  const kept: TextRun[] = [];
  for (const run of runs) {
    const found = LONE_ACCENT.exec(run.text)?.[1];
    const mark = found === undefined ? undefined : (accentMark(found) ?? found);
    const centre = run.x + run.width / 2;
    const distance = (r: TextRun) => Math.max(0, r.x - centre, centre - (r.x + r.width));
    const base =
      mark === undefined
        ? undefined
        : runs
            .filter((r) => r !== run && !LONE_ACCENT.test(r.text) && /\p{L}/u.test(r.text) && distance(r) <= run.size * 0.3)
            .sort((a, b) => distance(a) - distance(b))[0];
    if (mark === undefined || base === undefined) {
      kept.push(run);
      continue;
    }
    const chars = [...base.text];
    // Glyph widths are unknown: the letter under the accent is estimated, then the nearest letter that can carry it is taken.
    const estimate = Math.min(chars.length - 1, Math.max(0, Math.floor(((centre - base.x) / (base.width || 1)) * chars.length)));
    const candidates = [estimate, estimate - 1, estimate + 1, estimate - 2].filter((i) => i >= 0 && i < chars.length);
    const at = candidates.find((i) => carriesAccent(chars[i], mark)) ?? candidates.find((i) => /\p{L}/u.test(chars[i] ?? "")) ?? estimate;
    chars.splice(at + 1, 0, mark);
    base.text = chars.join("").normalize("NFC");
  }
  return kept;
}

/**
 * A line from runs on one baseline: read left to right, split into cells at wide gaps, words
 * spaced by the gaps between runs (not by where the PDF happened to split them).
 */
function buildLine(group: readonly TextRun[]): Line {
  // Left to right by 1.5 pt columns; within one, higher first, so a superscript and a subscript set
  // at one place read superscript first (γ′₁ is "γ′1"). A total order, so the sort is stable.
  const column = (r: TextRun) => Math.round(r.x / 1.5);
  const ordered = placeAccents(group).sort((a, b) => column(a) - column(b) || b.y - a.y || a.x - b.x);
  const size = ordered.reduce((m, r) => Math.max(m, r.size), 0);
  // The baseline of the line is that of its main-size text, not of raised markers or subscripts.
  const baseline = ordered.reduce((m, r) => (r.size > size * 0.8 ? Math.min(m, r.y) : m), Infinity);
  const cells: Cell[] = [];
  let current: Cell | null = null;
  for (const [i, run] of ordered.entries()) {
    const next = ordered[i + 1];
    // What follows the run: the next run's text, or a space when a gap separates them.
    const after = !next || /\s$/.test(run.text) || next.x - (run.x + run.width) > run.size * WORD_GAP ? " " : next.text;
    const marker = asFootnoteMarker(run, size, baseline, current?.text.trimEnd() ?? "", after);
    // A marker keeps the space the PDF set after it ("Reports¹ from", not "Reports¹from").
    const text = marker === null ? run.text : /\s$/.test(run.text) ? `${marker} ` : marker;
    const gap = current ? run.x - current.right : Infinity;
    if (!current || gap > size * CELL_GAP) {
      current = { text, x: run.x, right: run.x + run.width };
      cells.push(current);
      continue;
    }
    const joinsWord = marker !== null || gap <= Math.max(run.size, size * 0.7) * WORD_GAP || /\s$/.test(current.text) || /^\s/.test(text);
    // A footnote marker sits on the word before it, whatever space the PDF left.
    if (marker !== null) current.text = current.text.trimEnd() + text;
    else current.text += joinsWord ? text : ` ${text}`;
    current.right = Math.max(current.right, run.x + run.width);
  }
  for (const cell of cells) cell.text = repairAccents(cell.text).replace(/\s+/g, " ").trim();
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

/** A run is compared with at most this many runs below it, so that a hostile page cannot make grouping quadratic. */
const MAX_NEIGHBOURS = 400;

/**
 * Chains runs into segments: runs on (nearly) the same baseline that stand close together. A
 * raised footnote marker or a subscript joins the word it touches, never the line of another
 * column that happens to sit a point or two higher.
 */
function runsToSegments(runs: readonly TextRun[]): TextRun[][] {
  // By baseline rounded to a point, then left to right: runs of one line are neighbours in this
  // order even when their baselines differ by float noise, so the bounded look-ahead finds them.
  const sorted = [...runs].sort((a, b) => Math.round(b.y) - Math.round(a.y) || a.x - b.x || b.y - a.y);
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[i] !== root) {
      const next = parent[i] as number;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as TextRun;
    for (let j = i + 1, seen = 0; j < sorted.length && seen < MAX_NEIGHBOURS; j++, seen++) {
      const b = sorted[j] as TextRun;
      const size = Math.max(a.size, b.size);
      if (Math.abs(a.y - b.y) > size * 0.5) {
        // Sorted by height: nothing further down can share a's line unless it is much larger.
        if (a.y - b.y > size * 2) break;
        continue;
      }
      const gap = Math.max(b.x - (a.x + a.width), a.x - (b.x + b.width));
      if (gap <= size * CELL_GAP) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, TextRun[]>();
  sorted.forEach((run, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(run);
    else groups.set(root, [run]);
  });
  return [...groups.values()];
}

/**
 * Groups runs into lines, top to bottom, each read left to right. Runs are first chained into
 * segments (words close together on one baseline); segments whose baselines are within half a
 * type size form one line, whose cells they are.
 */
export function runsToLines(runs: readonly TextRun[]): Line[] {
  const segments = runsToSegments(runs.filter((r) => r.text.trim() !== ""))
    .map(buildLine)
    .filter((line) => line.text !== "")
    .sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: { y: number; size: number; parts: Line[] }[] = [];
  for (const segment of segments) {
    // Two segments that overlap across the page cannot stand on one line: in a column set with
    // tighter leading than its neighbour, two of its lines may both be near a neighbour's baseline.
    const overlaps = (r: { parts: Line[] }) => r.parts.some((p) => p.x < segment.right - 1 && p.right > segment.x + 1);
    const row = rows
      .slice(-6)
      .filter((r) => Math.abs(r.y - segment.y) <= Math.max(r.size, segment.size) * 0.5 && !overlaps(r))
      .sort((a, b) => Math.abs(a.y - segment.y) - Math.abs(b.y - segment.y))[0];
    if (row) {
      row.parts.push(segment);
      if (segment.size > row.size) {
        row.size = segment.size;
        row.y = segment.y;
      }
    } else rows.push({ y: segment.y, size: segment.size, parts: [segment] });
  }
  const lines = rows
    .sort((a, b) => b.y - a.y)
    .map((row) => {
      const cells = row.parts.sort((a, b) => a.x - b.x).flatMap((p) => p.cells.map((c) => ({ ...c, y: p.y, size: p.size })));
      return {
        text: cells.map((c) => c.text).join(" "),
        x: cells[0]?.x ?? 0,
        right: cells.reduce((m, c) => Math.max(m, c.right), -Infinity),
        y: row.y,
        size: row.size,
        cells,
      };
    });
  return lines.map((line, i) => closeWordGaps(line, lines, i));
}

/** How many lines up and down are looked at to tell a word space from a gutter. */
const NEIGHBOUR_LINES = 6;

/**
 * Joins cells split by a wide word space: justified text, or a PDF that places every word on its
 * own, leaves gaps wider than a cell gap inside a line. A gap is a word space when the lines just
 * above and just below have text running right across it; a gutter or a table's column gap
 * stays empty from line to line.
 */
function closeWordGaps(line: Line, lines: readonly Line[], index: number): Line {
  if (line.cells.length < 2) return line;
  const reach = line.size * 2.5;
  const covered = (from: number, to: number, step: 1 | -1) => {
    for (let k = 1; k <= NEIGHBOUR_LINES; k++) {
      const other = lines[index + step * k];
      if (!other || Math.abs(other.y - line.y) > reach) return false;
      if (other.cells.some((c) => c.x < from && c.right > to)) return true;
    }
    return false;
  };
  const cells: Cell[] = [{ ...(line.cells[0] as Cell) }];
  for (const cell of line.cells.slice(1)) {
    const last = cells.at(-1) as Cell;
    if (covered(last.right, cell.x, -1) && covered(last.right, cell.x, 1)) {
      last.text = `${last.text} ${cell.text}`;
      last.right = cell.right;
    } else cells.push({ ...cell });
  }
  return cells.length === line.cells.length ? line : { ...line, cells, text: cells.map((c) => c.text).join(" ") };
}
