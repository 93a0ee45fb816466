import type { Span } from "../types.js";
import { isScannable, scanAgrees, scanSentenceSpans } from "./sentence-scan.js";

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * Sentences longer than this are split into pieces (see `splitLongSpan`). A 5 MB paragraph with
 * no full stop would otherwise be one sentence: one chunk, one answer line, megabytes of JSON.
 */
export const DEFAULT_MAX_SENTENCE_CHARS = 600;

/**
 * Splits `text[start, end)` into sentences with Intl.Segmenter (Unicode sentence boundaries).
 * Returned spans are absolute offsets into `text`, trimmed of surrounding white space. A sentence
 * longer than `maxChars` is returned as several pieces of at most `maxChars`, each a verbatim
 * span of `text`.
 */
export function sentenceSpans(text: string, start = 0, end = text.length, maxChars = DEFAULT_MAX_SENTENCE_CHARS): Span[] {
  const spans: Span[] = [];
  const window = Math.max(MIN_WINDOW, 2 * maxChars);
  let from = start;
  while (from < end) {
    const to = Math.min(end, from + window);
    const found = segmentSpans(text, from, to);
    if (to === end) {
      spans.push(...found);
      break;
    }
    // The last sentence may run on past the window: it is segmented again with what follows.
    const last = found.pop();
    if (found.length > 0 && last) {
      spans.push(...found);
      from = last.start;
      continue;
    }
    // One sentence fills the window: it is longer than `maxChars` and split anyway, so end this
    // part at the window's last white space and go on from there.
    const cut = lastSpace(text, from, to);
    if (last && cut > last.start) spans.push({ start: last.start, end: trimmedEnd(text, last.start, cut) });
    from = cut;
  }
  const merged = mergeAbbreviationBreaks(text, spans);
  if (merged.every((span) => span.end - span.start <= maxChars)) return merged;
  return merged.flatMap((span) => splitLongSpan(text, span, maxChars));
}

/**
 * Intl.Segmenter takes time growing with the square of the text's length on some inputs
 * ("A. A. A. …": 1 s for 64 KB, 20 s for 128 KB), so it is given windows of a few KB at a time.
 */
const MIN_WINDOW = 2048;

/**
 * The trimmed sentences Intl.Segmenter finds in `text[from, to)`, as absolute spans; for
 * text of common characters, by the scan that gives the same spans faster (sentence-scan.ts).
 */
function segmentSpans(text: string, from: number, to: number): Span[] {
  if (isScannable(text, from, to) && scanAgrees((t) => intlSpans(t, 0, t.length))) return scanSentenceSpans(text, from, to);
  return intlSpans(text, from, to);
}

/** The trimmed sentences Intl.Segmenter finds in `text[from, to)`, as absolute spans. */
function intlSpans(text: string, from: number, to: number): Span[] {
  const spans: Span[] = [];
  for (const segment of segmenter.segment(text.slice(from, to))) {
    const lead = segment.segment.length - segment.segment.trimStart().length;
    const trimmed = segment.segment.trim();
    if (trimmed === "") continue;
    const s = from + segment.index + lead;
    spans.push({ start: s, end: s + trimmed.length });
  }
  return spans;
}

/** The position after the last white-space run in `text(from, to)`, or `to` (not inside a surrogate pair) when there is none. */
function lastSpace(text: string, from: number, to: number): number {
  for (let p = to - 1; p > from; p--) if (isSpace(text[p]) && !isSpace(text[p + 1])) return p + 1;
  const code = text.charCodeAt(to - 1);
  return code >= 0xd800 && code <= 0xdbff && to - 1 > from ? to - 1 : to;
}

/** `end` moved back over white space, not before `start + 1`. */
function trimmedEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start + 1 && isSpace(text[e - 1])) e--;
  return e;
}

/** Titles before a name: a sentence never ends after one. */
const TITLE = /\b(Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Lt|Sgt|Rev|Hon)\.$/;
/** Abbreviations after which a sentence goes on when the next word is lower case or a number. */
const ABBREVIATION = /\b(e\.g|i\.e|etc|vs|cf|No|approx|incl|U\.S|U\.K|Jr|Sr)\.$/;
/**
 * How much of a sentence's end the abbreviation checks look at: longer than any abbreviation plus
 * the character before it (for `\b`). Testing the whole merged sentence each time was quadratic.
 */
const TAIL = 16;

/** Rejoins the sentences that Intl.Segmenter split after a common abbreviation. `spans` are this call's own: they are changed. */
function mergeAbbreviationBreaks(text: string, spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of spans) {
    const previous = merged.at(-1);
    // Both patterns end in a full stop: a sentence that does not is never merged with the next.
    if (previous === undefined || text.charCodeAt(previous.end - 1) !== 0x2e) {
      merged.push(span);
      continue;
    }
    const before = text.slice(Math.max(previous.start, previous.end - TAIL), previous.end);
    if (TITLE.test(before) || (ABBREVIATION.test(before) && /^[\p{Ll}\d(]/u.test(text.slice(span.start, span.start + 2)))) {
      previous.end = span.end;
    } else merged.push(span);
  }
  return merged;
}

/** Whether a UTF-16 code unit is white space as the regular expression `\s` means it. */
export function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const isSpace = (ch: string | undefined) => ch !== undefined && isSpaceCode(ch.charCodeAt(0));
/** Ends of clauses: a piece may end after one of these when white space follows. */
const CLAUSE_END = new Set([";", ":", ",", "—", "–", "-"]);

/**
 * Where a piece starting at `from` ends, at most at `limit`: after the last clause mark (`;`, `:`,
 * `,`, a dash) followed by white space in the last two thirds of the room, else at the last white
 * space, else at `limit` (never inside a surrogate pair). Scans at most `limit - from` characters.
 */
function pieceEnd(text: string, from: number, limit: number): number {
  const floor = from + Math.floor((limit - from) / 3);
  for (let p = limit; p > floor; p--) if (isSpace(text[p]) && CLAUSE_END.has(text[p - 1] ?? "")) return p;
  for (let p = limit; p > from; p--) {
    if (!isSpace(text[p])) continue;
    let end = p;
    while (end > from && isSpace(text[end - 1])) end--;
    if (end > from) return end;
  }
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff && limit - 1 > from ? limit - 1 : limit;
}

/**
 * `span` when it holds at most `maxChars` characters; otherwise its pieces of at most `maxChars`,
 * cut at clause or word boundaries, trimmed, in order, covering every non-space character of it.
 * Linear in the span's length.
 */
export function splitLongSpan(text: string, span: Span, maxChars: number): Span[] {
  if (span.end - span.start <= maxChars) return [span];
  const pieces: Span[] = [];
  let from = span.start;
  while (span.end - from > maxChars) {
    const end = pieceEnd(text, from, from + maxChars);
    pieces.push({ start: from, end });
    from = end;
    while (from < span.end && isSpace(text[from])) from++;
  }
  if (from < span.end) pieces.push({ start: from, end: span.end });
  return pieces;
}
