/**
 * Reading order on pages set in two columns: find the gutter (a vertical strip near the middle
 * that body text does not cross), then read, band by band between full-width lines, the left
 * column top to bottom and then the right one.
 */
import type { TextRun } from "./pdf-lines.js";

export interface PageBox {
  width: number;
  height: number;
}

/** Headers and footers live in these top and bottom shares of the page; they do not decide columns. */
const EDGE_ZONE = 0.08;
/** The narrowest strip that counts as a gutter, in points. */
const MIN_GUTTER = 8;

const right = (r: TextRun) => r.x + r.width;

/**
 * The widest strip in the middle of the page that body runs do not cross, or null. A few runs
 * (a tenth, at least one) may cross it: full-width titles over two columns.
 */
export function findGutter(runs: readonly TextRun[], page: PageBox): { start: number; end: number } | null {
  const body = runs.filter((r) => r.y < page.height * (1 - EDGE_ZONE) && r.y > page.height * EDGE_ZONE && r.text.trim() !== "");
  if (body.length < 6) return null;
  const lo = Math.floor(page.width * 0.3);
  const hi = Math.ceil(page.width * 0.7);
  const crossing = new Uint16Array(hi - lo + 1);
  for (const r of body) {
    for (let x = Math.max(lo, Math.floor(r.x)); x <= Math.min(hi, Math.ceil(right(r))); x++) crossing[x - lo] = (crossing[x - lo] as number) + 1;
  }
  // The gutter is where the fewest runs cross; a few may (titles over both columns), not more.
  const fewest = Math.min(...crossing);
  if (fewest > Math.max(1, Math.floor(body.length / 10))) return null;
  const strips: { start: number; end: number }[] = [];
  let start = -1;
  for (let i = 0; i <= crossing.length; i++) {
    if (i < crossing.length && (crossing[i] as number) <= fewest) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= MIN_GUTTER) strips.push({ start: lo + start, end: lo + i });
    start = -1;
  }
  // The strip nearest the middle of the page with a column of prose beside it; a gap between
  // table cells inside one column is not the gutter.
  const offCentre = (s: { start: number; end: number }) => Math.abs((s.start + s.end) / 2 - page.width / 2);
  return strips.sort((a, b) => offCentre(a) - offCentre(b)).find((strip) => hasProseColumns(body, strip)) ?? null;
}

/**
 * Whether `gutter` separates columns with prose in at least one of them: several long runs of
 * text on its left reach close to it, as lines filled to the column's width do, or several start
 * right at its right edge. A gap between the short cells of a table does neither.
 */
function hasProseColumns(body: readonly TextRun[], gutter: { start: number; end: number }): boolean {
  const left = body.filter((r) => right(r) <= gutter.start);
  const rightSide = body.filter((r) => r.x >= gutter.end);
  if (left.length < 3 || rightSide.length < 3) return false;
  const long = (r: TextRun) => r.text.trim().length >= 20;
  const columnStart = Math.min(...left.map((r) => r.x));
  const nearGutter = gutter.start - 0.25 * (gutter.start - columnStart);
  const filledLeft = left.filter((r) => long(r) && right(r) >= nearGutter).length;
  const rightColumnStart = Math.min(...rightSide.map((r) => r.x));
  const proseRight = rightSide.filter((r) => long(r) && Math.abs(r.x - rightColumnStart) < 2).length;
  return filledLeft >= 3 || (proseRight >= 3 && rightColumnStart - gutter.end < 4);
}

/** Runs on (nearly) the same baseline together, top to bottom. */
function clusterByBaseline(runs: readonly TextRun[]): TextRun[][] {
  const clusters: TextRun[][] = [];
  for (const run of [...runs].sort((a, b) => b.y - a.y)) {
    const last = clusters.at(-1);
    const anchor = last?.[0];
    if (last && anchor && Math.abs(anchor.y - run.y) <= Math.max(anchor.size, run.size) * 0.5) last.push(run);
    else clusters.push([run]);
  }
  return clusters;
}


/**
 * Runs grouped in reading order. On a single-column page: one group. On a two-column page: for
 * each band between runs that cross the gutter (titles, headers, footers), the band's left
 * column, then its right column, with the crossing runs between bands.
 */
export function readingOrder(runs: readonly TextRun[], page: PageBox): { columns: 1 | 2; groups: TextRun[][] } {
  const gutter = findGutter(runs, page);
  if (!gutter) return { columns: 1, groups: [[...runs]] };
  const crosses = (r: TextRun) => r.x < gutter.end && right(r) > gutter.start;
  const spanning = clusterByBaseline(runs.filter(crosses));
  const columnRuns = runs.filter((r) => !crosses(r));
  const groups: TextRun[][] = [];
  // Bands are bounded by the baselines of spanning lines, from the top of the page down.
  const bounds = [Infinity, ...spanning.map((line) => Math.min(...line.map((r) => r.y)) - 0.01), -Infinity];
  for (let i = 0; i < bounds.length - 1; i++) {
    const top = bounds[i] as number;
    const bottom = bounds[i + 1] as number;
    const inBand = columnRuns.filter((r) => r.y <= top && r.y > bottom);
    const left = inBand.filter((r) => right(r) <= gutter.start);
    const rightCol = inBand.filter((r) => r.x >= gutter.end);
    if (left.length > 0) groups.push(left);
    if (rightCol.length > 0) groups.push(rightCol);
    const divider = spanning[i];
    if (divider) groups.push(divider);
  }
  return { columns: 2, groups };
}
