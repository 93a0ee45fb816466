/**
 * Sentence boundaries of printable ASCII text by the rules of Unicode's UAX #29 (the rules
 * Intl.Segmenter follows), without Intl.Segmenter: on such text they come down to a few classes of
 * characters, and a scan over them is several times faster than the segmenter, which was the
 * largest part of chunking a big corpus. It gives the segmenter's spans exactly (a property test
 * compares the two); any other text goes to the segmenter.
 */
import type { Span } from "../types.js";

// The sentence-break classes (UAX #29, Sentence_Break) of the characters 0x20–0x7E.
const OTHER = 0;
const SP = 1;
const LOWER = 2;
const UPPER = 3;
const NUMERIC = 4;
const ATERM = 5;
const STERM = 6;
const CLOSE = 7;
const SCONTINUE = 8;

const CLASS = new Uint8Array(128);
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = LOWER;
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = UPPER;
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = NUMERIC;
CLASS[0x20] = SP;
CLASS[0x2e] = ATERM;
for (const ch of "!?") CLASS[ch.charCodeAt(0)] = STERM;
for (const ch of `"'()[]{}`) CLASS[ch.charCodeAt(0)] = CLOSE;
for (const ch of ",-:;") CLASS[ch.charCodeAt(0)] = SCONTINUE;

const classAt = (text: string, i: number) => CLASS[text.charCodeAt(i)] as number;

/**
 * Short texts that put every printable ASCII character after and before each kind of sentence
 * end. Classes differ between Unicode versions (";" joined SContinue late), so the scan is used
 * only where this runtime's segmenter agrees with it on all of them.
 */
function probes(): string[] {
  const out: string[] = [];
  for (let c = 0x20; c <= 0x7e; c++) {
    const ch = String.fromCharCode(c);
    out.push(`A. ${ch}B`, `a.${ch}B`, `A.${ch} b`, `A? ${ch}b`, `A${ch} B. C`, `A${ch}${ch} b`, `a.${ch}1 a`);
  }
  return out;
}

let agrees: boolean | undefined;

/** Whether `asciiSentenceSpans` gives `reference`'s spans on every probe; tested once per process. */
export function asciiPathAgrees(reference: (text: string) => Span[]): boolean {
  agrees ??= probes().every((t) => sameSpans(asciiSentenceSpans(t, 0, t.length), reference(t)));
  return agrees;
}

const sameSpans = (a: readonly Span[], b: readonly Span[]) =>
  a.length === b.length && a.every((s, i) => s.start === b[i]?.start && s.end === b[i]?.end);

/** Whether `text[from, to)` is printable ASCII only (space to tilde): the text `asciiSentenceSpans` handles. */
export function isPrintableAscii(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
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
 * sentence granularity) finds them in `text.slice(from, to)`. The text must be printable ASCII
 * (`isPrintableAscii`). Linear in the length, but for the SB8 look-ahead, which stops at the
 * next letter or terminator.
 */
export function asciiSentenceSpans(text: string, from: number, to: number): Span[] {
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
