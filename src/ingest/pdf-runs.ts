/**
 * From pdf.js text items to runs: positions on the page, rotated text set apart, and a check of
 * whether a page's text layer is readable at all. Pure.
 */
import type { TextRun } from "./pdf-lines.js";

/** A text item as pdf.js's `getTextContent` gives it. */
export interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/** A run, and whether it is set at an angle (margin stamps, rotated table heads, chart labels). */
export interface PlacedRun extends TextRun {
  rotated: boolean;
  /** Direction of the text, in radians (0 for upright text). */
  angle: number;
}

/**
 * The run of a text item, relative to the page's lower-left corner. Its text is as the PDF
 * gives it; lines normalise it once they are put together (see `repairAccents`).
 */
export function toRun(item: PdfTextItem, originX: number, originY: number): PlacedRun {
  const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform.map(bounded);
  // The type size is the glyphs' height across the line's direction: condensed, expanded or
  // sheared (fake italic) type keeps its size.
  const along = Math.hypot(a, b);
  const size = bounded((along > 0 ? Math.abs(a * d - b * c) / along : Math.hypot(c, d)) || item.height) || 1;
  // Turned text runs at an angle; sheared (fake italic) or slightly tilted text still runs along its line.
  const angle = Math.atan2(b, a);
  const rotated = Math.abs(angle) > (15 * Math.PI) / 180;
  return {
    text: item.str,
    x: bounded(x - bounded(originX)),
    y: bounded(y - bounded(originY)),
    width: Math.abs(bounded(item.width)),
    size,
    rotated,
    angle,
  };
}

/**
 * No real page comes near this many points (a PDF page is at most 14,400 units a side, times
 * its UserUnit); a hostile one may say 1e308 or write a number too long to be finite.
 */
export const COORDINATE_LIMIT = 1e12;

/**
 * A coordinate or size as layout can use it: finite and within ±COORDINATE_LIMIT, so sums and
 * differences of positions stay finite and comparisons stay consistent (NaN becomes 0).
 */
export function bounded(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.max(-COORDINATE_LIMIT, Math.min(COORDINATE_LIMIT, value));
}

/** A run's direction in whole degrees, 0 for upright text: runs at one angle are read together. */
const degrees = (r: PlacedRun) => (r.rotated ? Math.round((r.angle * 180) / Math.PI) : 0);

/** A run turned back to the horizontal by its own angle. */
function turn(r: PlacedRun): TextRun {
  const cos = Math.cos(r.angle);
  const sin = Math.sin(r.angle);
  return { text: r.text, x: r.x * cos + r.y * sin, y: -r.x * sin + r.y * cos, width: r.width, size: r.size };
}

/**
 * The runs a page is read from, and the rest: on an ordinary page the upright runs; on a page
 * set sideways (a landscape table on an upright page), the runs of the angle most of its text
 * runs at, turned back to the horizontal. The rest is read apart, like margin text.
 */
export function pageFrame(runs: readonly PlacedRun[]): { main: TextRun[]; aside: PlacedRun[] } {
  const chars = new Map<number, number>();
  for (const r of runs) chars.set(degrees(r), (chars.get(degrees(r)) ?? 0) + r.text.length);
  const total = [...chars.values()].reduce((a, b) => a + b, 0);
  const [angle = 0, most = 0] = [...chars].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (angle === 0 || most < total * 0.6) return { main: runs.filter((r) => !r.rotated), aside: runs.filter((r) => r.rotated) };
  return {
    main: runs.filter((r) => degrees(r) === angle).map(turn),
    aside: runs.filter((r) => degrees(r) !== angle).map((r) => (r.rotated ? r : { ...r, rotated: true })),
  };
}

/**
 * Rotated runs in their own frame, so that they can be read into lines like upright text: each
 * set of runs at one angle is turned back to the horizontal.
 */
export function unrotate(runs: readonly PlacedRun[]): TextRun[][] {
  const byAngle = new Map<number, TextRun[]>();
  for (const r of runs) {
    const key = degrees(r);
    const group = byAngle.get(key);
    if (group) group.push(turn(r));
    else byAngle.set(key, [turn(r)]);
  }
  return [...byAngle.values()];
}

/** Spacing accents, as fonts draw them beside a letter, and the combining marks they stand for. */
const SPACING_ACCENTS: Record<string, string> = {
  "\u00b4": "\u0301",
  "\u02cb": "\u0300",
  "\u02c6": "\u0302",
  "\u02dc": "\u0303",
  "\u00a8": "\u0308",
  "\u00af": "\u0304",
  "\u02d9": "\u0307",
  "\u02c7": "\u030c",
  "\u02d8": "\u0306",
  "\u02da": "\u030a",
  "\u00b8": "\u0327",
  "\u02dd": "\u030b",
};
/** The combining mark a spacing accent stands for, or undefined. */
export function accentMark(char: string): string | undefined {
  return SPACING_ACCENTS[char];
}

/** Any of the spacing accents above, as a character class. */
export const SPACING_ACCENT_CLASS = `[${Object.keys(SPACING_ACCENTS).join("")}]`;
const HAS_SPACING_ACCENT = new RegExp(SPACING_ACCENT_CLASS, "u");

/** Letters an accent is set on: vowels, and the consonants that take a cedilla, caron or tilde. */
const ACCENTED: Record<string, RegExp> = { "\u0327": /[cstgkln]/i, "\u030c": /[cszrndtegl]/i, "\u0303": /[aeiouyn]/i };
const VOWEL = /[aeiouy]/i;

/** Whether a letter can carry the combining `mark`: vowels, and the consonants that take a cedilla, caron or tilde. */
export function carriesAccent(letter: string | undefined, mark: string): boolean {
  return letter !== undefined && /\p{L}/u.test(letter) && (ACCENTED[mark] ?? VOWEL).test(letter);
}

/**
 * Text as readers expect it: NFKC (ligatures such as "ﬁ" and odd spaces become plain text), and
 * accents that a PDF draws as glyphs of their own ("Ageˆncia", "Schr¨odinger") put back on their
 * letter ("Agência", "Schrödinger"): on the neighbour that can carry it, the previous one if both can.
 */
export function repairAccents(text: string): string {
  // Most text is plain ASCII: nothing to repair or fold.
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  if (!HAS_SPACING_ACCENT.test(text)) return foldCompatible(text);
  const chars = [...text];
  const out: string[] = [];
  const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    const mark = SPACING_ACCENTS[c];
    const before = chars[i - 1];
    const after = chars[i + 1];
    // "don´t", "it´s": an acute accent standing for an apostrophe.
    if (
      (c === "\u00b4" || c === "\u02cb") &&
      isLetter(before) &&
      /^(?:t|s|m|d|re|ll|ve)(?!\p{L})/u.test(chars.slice(i + 1, i + 4).join(""))
    ) {
      out.push("\u2019");
      continue;
    }
    if (mark === undefined || (!isLetter(before) && !isLetter(after))) {
      out.push(c);
      continue;
    }
    const takes = (letter: string | undefined) => carriesAccent(letter, mark);
    if (isLetter(before) && (takes(before) || !takes(after) || !isLetter(after))) out.push(mark);
    else {
      out.push(after as string, mark);
      i++;
    }
  }
  return foldCompatible(out.join(""));
}

/** NFKC everywhere but in superscript digits, which mark footnotes ("return¹²" must not become "return12"). */
function foldCompatible(text: string): string {
  return text.replace(/[^⁰¹²³⁴⁵⁶⁷⁸⁹]+/gu, (part) => part.normalize("NFKC")).normalize("NFC");
}

/** Characters that no readable text consists of: controls, private-use code points, the replacement character. */
const UNUSABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ue000-\uf8ff\ufffd\u{f0000}-\u{10ffff}]/gu;

/**
 * Whether a page's text is mostly unusable: more than a third of its characters are controls or
 * private-use code points (fonts without a character map), or its Latin "words" have no vowels,
 * as a font mapped to the wrong letters gives.
 */
export function isUnreadable(text: string): boolean {
  const visible = text.replace(/\s+/g, "");
  if (visible.length === 0) return false;
  const bad = visible.match(UNUSABLE)?.length ?? 0;
  if (bad > visible.length / 3) return true;
  // A font mapped to the wrong letters: long Latin "words" that are nearly all without vowels.
  // Identifiers, abbreviations and formulas have vowels in most of their long words, so lists
  // of function names or a page of maths are never taken for it.
  const words = text.match(/\b[A-Za-z]{4,}\b/g) ?? [];
  if (words.length < 30) return false;
  const withVowel = words.filter((w) => /[aeiouyAEIOUY]/.test(w)).length;
  return withVowel < words.length * 0.3;
}

/** Removes the unusable characters a partly broken text layer leaves in otherwise good text. */
export function dropUnusable(text: string): string {
  return text.replace(UNUSABLE, "");
}
