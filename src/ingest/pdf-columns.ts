/**
 * Reading order on a page: a recursive cut along whitespace, in the spirit of XY-cut and of
 * poppler's and pdfminer's column finding. Pure.
 *
 * The page's line segments (stretches of a line between wide gaps) are looked at as a whole.
 * 1. A gutter is a vertical strip that few segments cross, with several lines of text on both
 *    sides. The segments that stretch across it (titles, code listings, wide tables) cut the
 *    page into bands; in each band the left side is read before the right side, and each side
 *    is cut again, so three or more columns, and columns inside columns, are found.
 * 2. Where no gutter is found, the region is cut at wide horizontal gaps, and each slice is
 *    looked at again: two columns below a one-column part are still found.
 * Table gaps are not gutters: the segments beside a gutter must read like text (several words
 * each), not like cells.
 */
import type { BlockKind } from "../types.js";
import type { Cell, Line } from "./pdf-lines.js";

/** A line segment of a page, with the page-wide line it came from. */
export interface Segment extends Cell {
  y: number;
  size: number;
  /** Index of the page-wide line the segment belongs to. */
  line: number;
}

/** Segments read together, top to bottom: a column, a band of a column, a sidebar. */
export interface Region {
  segments: Segment[];
  /** What the region looks like when it is not body text. */
  hint: BlockKind | null;
}

export interface Layout {
  regions: Region[];
  /** The most columns found side by side anywhere on the page. */
  columns: number;
}

/** Deeper cuts than this are not tried: a page has no more structure than that. */
const MAX_DEPTH = 8;
/** Slices of slices deeper than this are not cut again: real pages need two or three levels. */
const MAX_SLICINGS = 16;
/** The bins of the crossing histogram: bounded, so that an absurd page size costs nothing more. */
const MAX_BINS = 2000;

export const minX = (segs: readonly Segment[]) => segs.reduce((m, s) => Math.min(m, s.x), Infinity);
export const maxRight = (segs: readonly Segment[]) => segs.reduce((m, s) => Math.max(m, s.right), -Infinity);
/** Whether positions line up within a few points (a stack of labels set flush left or right). */
const lineUp = (xs: readonly number[]) =>
  xs.length > 0 && xs.reduce((m, x) => Math.max(m, x), -Infinity) - xs.reduce((m, x) => Math.min(m, x), Infinity) <= 3;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0;
const wordCount = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

/** How many segments stand on each page-wide line. */
function segmentsPerLine(segs: readonly Segment[]): Map<number, number> {
  const perLine = new Map<number, number>();
  for (const s of segs) perLine.set(s.line, (perLine.get(s.line) ?? 0) + 1);
  return perLine;
}

/** Segments of page-wide lines. */
export function lineSegments(lines: readonly Line[]): Segment[] {
  return lines.flatMap((line, i) => line.cells.map((cell) => ({ ...cell, y: cell.y ?? line.y, size: cell.size ?? line.size, line: i })));
}

/** Lines again from a region's segments: segments of one page-wide line form one line, its cells. */
export function regionLines(region: Region): Line[] {
  const byLine = new Map<number, Segment[]>();
  for (const s of region.segments) {
    const list = byLine.get(s.line);
    if (list) list.push(s);
    else byLine.set(s.line, [s]);
  }
  return [...byLine.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, segs]) => {
      const cells = segs.sort((a, b) => a.x - b.x).map(({ text, x, right, y, size }) => ({ text, x, right, y, size }));
      // The line's baseline and size are those of its largest text.
      const main = segs.reduce((a, b) => (b.size > a.size ? b : a));
      return {
        text: cells.map((c) => c.text).join(" "),
        x: cells[0]?.x ?? 0,
        right: cells.at(-1)?.right ?? 0,
        y: main.y,
        size: main.size,
        cells,
      };
    });
}

/** Whether segments read like lines of text: several with a few words each, holding much of the side's text (not a table's cells). */
function readsAsText(segs: readonly Segment[]): boolean {
  if (segs.length < 3) return false;
  const wordy = segs.filter((s) => wordCount(s.text) >= 3);
  const chars = (list: readonly Segment[]) => list.reduce((n, s) => n + s.text.length, 0);
  return wordy.length >= 3 && chars(wordy) >= chars(segs) * 0.5;
}

/**
 * Whether a strip separates columns: text on both sides, or, where one side holds something else
 * (a table continued, a figure's labels), a clean strip beside a column of text set flush to it.
 */
function separatesColumns(g: Gutter, { left, right }: Partition): boolean {
  if (readsAsText(left) && readsAsText(right)) return true;
  if (g.crossing > 1 || left.length < 2 || right.length < 2) return false;
  // Two short columns of prose (a page that is mostly a figure): every line on both sides is text.
  const prose = (side: readonly Segment[]) => side.every((s) => wordCount(s.text) >= 4);
  if (g.crossing === 0 && prose(left) && prose(right)) return true;
  // Beside a column of text, a table (rows of several cells) is another column; a list of labels
  // ("[21]", "a)") before a hanging indent is not.
  const rowsOfCells = (side: readonly Segment[]) => [...segmentsPerLine(side).values()].filter((n) => n >= 2).length >= 2;
  const wordy = (s: Segment) => wordCount(s.text) >= 3;
  const leftStart = minX(left);
  const filledLeft = left.filter((s) => wordy(s) && s.right >= g.start - (g.start - leftStart) * 0.15).length;
  const rightStart = minX(right);
  const flushRight = right.filter((s) => wordy(s) && s.x - rightStart < 2).length;
  // Beside a column of text, a stack of tiny labels well apart from it is a chart's axis (ticks), a figure of its own.
  const size = median(left.concat(right).map((s) => s.size));
  // A tick shares its line with text or with nothing, never with another short cell (that is a table row).
  const ticks = (side: readonly Segment[], other: readonly Segment[], gap: number) => {
    const shortLines = new Set(other.filter((s) => s.text.replace(/\s/g, "").length <= 12).map((s) => s.line));
    return (
      side.length >= 3 &&
      gap >= size * 3 &&
      side.every((s) => s.text.replace(/\s/g, "").length <= 6 && !shortLines.has(s.line)) &&
      (lineUp(side.map((s) => s.x)) || lineUp(side.map((s) => s.right)))
    );
  };
  const gap = rightStart - maxRight(left);
  if (readsAsText(left) && ticks(right, left, gap)) return true;
  if (readsAsText(right) && ticks(left, right, gap)) return true;
  return (
    (readsAsText(left) && filledLeft >= 3 && rowsOfCells(right)) ||
    (readsAsText(right) && flushRight >= 3 && rightStart - g.end < 4 && rowsOfCells(left))
  );
}

interface Gutter {
  start: number;
  end: number;
  /** How many segments cross it. */
  crossing: number;
}

interface Partition {
  left: Segment[];
  right: Segment[];
  /** Segments that stretch well into both sides. */
  spanning: Segment[];
  /** Segments that reach into the strip without stretching across it: a real gutter has hardly any. */
  poking: number;
}

function partition(segs: readonly Segment[], g: Gutter, lo = minX(segs), hi = maxRight(segs)): Partition {
  const out: Partition = { left: [], right: [], spanning: [], poking: 0 };
  for (const s of segs) {
    if (s.right <= g.start + 1) out.left.push(s);
    else if (s.x >= g.end - 1) out.right.push(s);
    else if (s.x < g.start - (g.start - lo) * 0.25 && s.right > g.end + (hi - g.end) * 0.25) out.spanning.push(s);
    else {
      // A segment that only pokes into the gutter belongs to the side where most of it stands.
      out.poking++;
      if ((s.x + s.right) / 2 < (g.start + g.end) / 2) out.left.push(s);
      else out.right.push(s);
    }
  }
  return out;
}

/**
 * The gutter of a region and the region split by it, or null: the clearest strip, away from the
 * region's sides, that few segments cross and that has text on both sides.
 */
function findGutter(segs: readonly Segment[]): { gutter: Gutter; parts: Partition } | null {
  if (segs.length < 4) return null;
  const lo = minX(segs);
  const hi = maxRight(segs);
  const width = hi - lo;
  if (!(width > 0) || !Number.isFinite(width)) return null;
  const bins = Math.max(1, Math.min(MAX_BINS, Math.ceil(width)));
  const binWidth = width / bins;
  const diff = new Int32Array(bins + 1);
  for (const s of segs) {
    const a = Math.max(0, Math.min(bins, Math.floor((s.x - lo) / binWidth)));
    const b = Math.max(a, Math.min(bins, Math.ceil((s.right - lo) / binWidth)));
    diff[a] = (diff[a] ?? 0) + 1;
    diff[b] = (diff[b] ?? 0) - 1;
  }
  const cover = new Int32Array(bins);
  let running = 0;
  for (let i = 0; i < bins; i++) {
    running += diff[i] ?? 0;
    cover[i] = running;
  }
  const minGap = Math.max(3, median(segs.map((s) => s.size)) * 0.5);
  const tolerance = Math.max(1, Math.floor(segs.length * 0.3));
  const margin = Math.floor(bins * 0.05);
  // Stretches of bins crossed by at most `limit` segments, as [first, past-the-last] bin pairs.
  const stretches = (from: number, to: number, limit: number): [number, number][] => {
    const found: [number, number][] = [];
    let start = -1;
    for (let i = from; i <= to; i++) {
      if (i < to && (cover[i] ?? 0) <= limit) {
        if (start < 0) start = i;
        continue;
      }
      if (start >= 0) found.push([start, i]);
      start = -1;
    }
    return found;
  };
  // Each stretch of few crossings, narrowed to its cores: the parts wide enough with the fewest
  // crossings, or nearly the fewest where the very fewest leave too thin a strip.
  const strips: Gutter[] = [];
  for (const [from, to] of stretches(margin, bins - margin, tolerance)) {
    let fewest = Infinity;
    for (let i = from; i < to; i++) fewest = Math.min(fewest, cover[i] ?? 0);
    for (let limit = fewest; limit <= tolerance; limit++) {
      const cores = stretches(from, to, limit).filter(([a, b]) => (b - a) * binWidth >= minGap);
      if (cores.length === 0) continue;
      for (const [a, b] of cores) strips.push({ start: lo + a * binWidth, end: lo + b * binWidth, crossing: limit });
      break;
    }
  }
  const viable = strips
    .map((g) => ({ gutter: g, parts: partition(segs, g, lo, hi) }))
    .filter(
      ({ gutter, parts }) =>
        parts.spanning.length <= segs.length * 0.35 && parts.poking <= Math.max(2, segs.length * 0.05) && separatesColumns(gutter, parts),
    );
  // The clearest gutter first: crossed by the fewest segments, then the widest.
  viable.sort((a, b) => a.gutter.crossing - b.gutter.crossing || b.gutter.end - b.gutter.start - (a.gutter.end - a.gutter.start));
  return viable[0] ?? null;
}

/** Cuts a region at horizontal gaps wider than two and a half lines, top to bottom. */
function horizontalSlices(segs: readonly Segment[]): Segment[][] {
  const sorted = [...segs].sort((a, b) => b.y - a.y);
  const gap = median(segs.map((s) => s.size)) * 2.5;
  const slices: Segment[][] = [];
  let previous: Segment | null = null;
  for (const s of sorted) {
    const current = slices.at(-1);
    if (!current || !previous || previous.y - s.y > gap) slices.push([s]);
    else current.push(s);
    previous = s;
  }
  return slices;
}

const extent = (segs: readonly Segment[]) => (segs.length === 0 ? 0 : maxRight(segs) - minX(segs));

/**
 * Whether a region is a figure's labels: mostly tiny fragments (ticks, axis values, callout
 * numbers), hardly any text, and not set in rows as a table's cells are.
 */
function looksLikeFigure(segs: readonly Segment[]): boolean {
  const tiny = segs.filter((s) => s.text.replace(/\s/g, "").length <= 4 || /^[\d\s.,%–-]+$/.test(s.text)).length;
  const wordy = segs.filter((s) => wordCount(s.text) >= 4).length;
  const perLine = segmentsPerLine(segs);
  const rows = [...perLine.values()].filter((n) => n >= 2).length;
  return segs.length >= 4 && tiny >= segs.length * 0.6 && wordy <= 2 && rows < perLine.size * 0.5;
}

function cut(segs: Segment[], depth: number, out: Region[], stats: { columns: number }, across: number, slicings = 0): void {
  if (segs.length === 0) return;
  const found = depth < MAX_DEPTH ? findGutter(segs) : null;
  if (!found) {
    // A slice can be sliced again (its type size, and so its gap, differ from the whole's): the
    // nesting is bounded too, so that no hostile page makes the recursion as deep as its lines.
    const slices = depth < MAX_DEPTH && slicings < MAX_SLICINGS ? horizontalSlices(segs) : [segs];
    if (slices.length > 1) {
      for (const slice of slices) cut(slice, depth, out, stats, across, slicings + 1);
      return;
    }
    stats.columns = Math.max(stats.columns, across);
    out.push({ segments: segs, hint: looksLikeFigure(segs) ? "figure" : null });
    return;
  }
  const { left, right, spanning } = found.parts;
  // Spanning segments, and whatever stands on their lines, cut the region into bands.
  const spanningLines = new Set(spanning.map((s) => s.line));
  const dividers = [...spanningLines].map((line) => segs.filter((s) => s.line === line)).sort((a, b) => (b[0]?.y ?? 0) - (a[0]?.y ?? 0));
  const inDivider = (s: Segment) => spanningLines.has(s.line);
  const bounds = [Infinity, ...dividers.map((d) => d[0]?.y ?? 0), -Infinity];
  for (let i = 0; i < bounds.length - 1; i++) {
    const top = bounds[i] as number;
    const bottom = bounds[i + 1] as number;
    const band = (side: Segment[]) => side.filter((s) => !inDivider(s) && s.y < top && s.y >= bottom);
    const l = band(left);
    const r = band(right);
    const before = out.length;
    cut(l, depth + 1, out, stats, across + 1);
    const leftRegions = out.length - before;
    cut(r, depth + 1, out, stats, across + 1);
    const rightRegions = out.length - before - leftRegions;
    markSidebar(out, before, leftRegions, rightRegions, extent(l), extent(r));
    const divider = dividers[i];
    if (divider) out.push({ segments: divider, hint: null });
  }
}

/** A side much narrower than a single-column other side is a sidebar (a glossary, a callout, margin notes). */
function markSidebar(out: Region[], from: number, leftCount: number, rightCount: number, leftWidth: number, rightWidth: number): void {
  const mark = (start: number, count: number) => {
    for (let i = start; i < start + count; i++) {
      const region = out[i];
      if (region && region.hint === null) region.hint = "sidebar";
    }
  };
  if (rightCount === 1 && leftCount > 0 && leftWidth < rightWidth * 0.55) mark(from, leftCount);
  if (leftCount === 1 && rightCount > 0 && rightWidth < leftWidth * 0.55) mark(from + leftCount, rightCount);
}

/** The regions of a page in reading order. */
export function layoutPage(segments: readonly Segment[]): Layout {
  const regions: Region[] = [];
  const stats = { columns: 1 };
  cut([...segments], 0, regions, stats, 1);
  return { regions, columns: stats.columns };
}
