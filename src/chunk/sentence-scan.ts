/**
 * Sentence boundaries by the rules of Unicode's UAX #29 (the rules Intl.Segmenter follows),
 * without Intl.Segmenter, for text of common characters: printable ASCII, Latin-1 and Greek
 * letters, typographic quotes and dashes, some symbols. On such text the rules come down to a few
 * classes of characters, and a scan over them is several times faster than the segmenter, which
 * was the largest part of chunking a big corpus. It gives the segmenter's spans exactly (property
 * and exhaustive tests compare the two, and each process checks its own segmenter once); any
 * other text goes to the segmenter.
 */
import type { Span } from "../types.js";

// Sentence-break classes (UAX #29, Sentence_Break); UNKNOWN: a character the scan leaves to the segmenter.
const OTHER = 0;
const SP = 1;
const LOWER = 2;
const UPPER = 3;
const NUMERIC = 4;
const ATERM = 5;
const STERM = 6;
const CLOSE = 7;
const SCONTINUE = 8;
const UNKNOWN = 255;

/** Each of `codes` as a range of its own, of class `cls`. */
const singles = (codes: readonly number[], cls: number) => codes.map((c) => [c, c, cls] as const);
const codesOf = (chars: string) => [...chars].map((ch) => ch.charCodeAt(0));

/** Code point ranges (first, last inclusive) and their class. White space other than the space is left out: trimming treats it apart. */
const RANGES: readonly (readonly [number, number, number])[] = [
  [0x20, 0x20, SP],
  [0x21, 0x7e, OTHER],
  [0x61, 0x7a, LOWER],
  [0x41, 0x5a, UPPER],
  [0x30, 0x39, NUMERIC],
  [0x2e, 0x2e, ATERM],
  ...singles(codesOf("!?"), STERM),
  ...singles(codesOf("\"'()[]{}"), CLOSE),
  ...singles(codesOf(",-:;"), SCONTINUE),
  // Latin-1: letters (not × and ÷), guillemets, and symbols of no sentence role.
  [0xc0, 0xd6, UPPER],
  [0xd8, 0xde, UPPER],
  [0xdf, 0xf6, LOWER],
  [0xf8, 0xff, LOWER],
  [0xab, 0xab, CLOSE],
  [0xbb, 0xbb, CLOSE],
  ...singles([0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa9, 0xac, 0xae, 0xb0, 0xb1, 0xb4, 0xd7, 0xf7], OTHER),
  // Greek letters.
  [0x391, 0x3a1, UPPER],
  [0x3a3, 0x3a9, UPPER],
  [0x3b1, 0x3c9, LOWER],
  // En and em dash; typographic quotes; symbols of no sentence role.
  [0x2013, 0x2014, SCONTINUE],
  [0x2018, 0x201f, CLOSE],
  [0x2039, 0x203a, CLOSE],
  ...singles(
    [
      0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2032, 0x2033, 0x2044, 0x20ac, 0x2122, 0x2212, 0x221a, 0x221e, 0x2248, 0x2260, 0x2264,
      0x2265, 0x2286,
    ],
    OTHER,
  ),
];

/** Every UTF-16 code unit's class; later ranges win. */
const CLASS = new Uint8Array(0x10000).fill(UNKNOWN);
for (const [first, last, cls] of RANGES) CLASS.fill(cls, first, last + 1);

/** The characters of a known class, for the probes. */
const KNOWN = RANGES.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, i) => String.fromCharCode(first + i)));

const classAt = (text: string, i: number) => CLASS[text.charCodeAt(i)] as number;

/**
 * Short texts that put every character of a known class after and before each kind of sentence
 * end. Classes may differ between Unicode versions, so the scan is used only where this runtime's
 * segmenter agrees with it on all of them.
 */
function probes(): string[] {
  const out: string[] = [];
  for (const ch of new Set(KNOWN)) {
    out.push(`A. ${ch}B`, `a.${ch}B`, `A.${ch} b`, `A? ${ch}b`, `A${ch} B. C`, `A${ch}${ch} b`, `a.${ch}1 a`);
  }
  return out;
}

let agrees: boolean | undefined;

/** Whether `scanSentenceSpans` gives `reference`'s spans on every probe; tested once per process. */
export function scanAgrees(reference: (text: string) => Span[]): boolean {
  agrees ??= probes().every((t) => sameSpans(scanSentenceSpans(t, 0, t.length), reference(t)));
  return agrees;
}

const sameSpans = (a: readonly Span[], b: readonly Span[]) =>
  a.length === b.length && a.every((s, i) => s.start === b[i]?.start && s.end === b[i]?.end);

/** Whether every character of `text[from, to)` is of a class the scan knows: the text `scanSentenceSpans` handles. */
export function isScannable(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (CLASS[text.charCodeAt(i)] === UNKNOWN) return false;
  return true;
}

/**
 * Whether a sentence ends at `at`, the first character after a sentence terminator at `term`
 * and the Close* Sp* run that follows it (rules SB6–SB11; the text is `text[·, to)`). Inside
 * that run there is never a break (SB9, SB10), so this is the one place to look.
 */
function breaksAt(text: string, from: number, term: number, at: number, to: number): boolean {
  const next = classAt(text, at);
  const isATerm = classAt(text, term) === ATERM;
  if (isATerm && at === term + 1) {
    // SB6: "3.14"; SB7: "U.S" (a letter before the full stop, a capital after it).
    if (next === NUMERIC) return false;
    const before = term > from ? classAt(text, term - 1) : OTHER;
    if (next === UPPER && (before === UPPER || before === LOWER)) return false;
  }
  if (isATerm) {
    // SB8: no break when the next letter (before any further terminator) is lower case.
    let k = at;
    while (k < to) {
      const c = classAt(text, k);
      if (c === UPPER || c === LOWER || c === ATERM || c === STERM) break;
      k++;
    }
    if (k < to && classAt(text, k) === LOWER) return false;
  }
  // SB8a: a comma, colon, dash or another terminator goes on the same sentence.
  return !(next === SCONTINUE || next === ATERM || next === STERM);
}

/**
 * The trimmed sentences of `text[from, to)`, as absolute spans, as Intl.Segmenter ("en",
 * sentence granularity) finds them in `text.slice(from, to)`. The text must be of known
 * characters (`isScannable`). Linear in the length, but for the SB8 look-ahead, which stops at the
 * next letter or terminator.
 */
export function scanSentenceSpans(text: string, from: number, to: number): Span[] {
  const spans: Span[] = [];
  let start = from;
  let i = from;
  while (i < to) {
    const c = classAt(text, i);
    if (c !== ATERM && c !== STERM) {
      i++;
      continue;
    }
    let at = i + 1;
    while (at < to && classAt(text, at) === CLOSE) at++;
    while (at < to && classAt(text, at) === SP) at++;
    if (at < to && breaksAt(text, from, i, at, to)) {
      pushTrimmed(text, start, at, spans);
      start = at;
    }
    i = at;
  }
  pushTrimmed(text, start, to, spans);
  return spans;
}

/** Adds `text[start, end)` without its spaces at either end to `spans`, unless nothing is left. */
function pushTrimmed(text: string, start: number, end: number, spans: Span[]): void {
  let s = start;
  let e = end;
  while (s < e && text.charCodeAt(s) === 0x20) s++;
  while (e > s && text.charCodeAt(e - 1) === 0x20) e--;
  if (e > s) spans.push({ start: s, end: e });
}
