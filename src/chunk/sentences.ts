import type { Span } from "../types.js";

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * Splits `text[start, end)` into sentences with Intl.Segmenter (Unicode sentence boundaries).
 * Returned spans are absolute offsets into `text`, trimmed of surrounding white space.
 */
export function sentenceSpans(text: string, start = 0, end = text.length): Span[] {
  const spans: Span[] = [];
  for (const segment of segmenter.segment(text.slice(start, end))) {
    const lead = segment.segment.length - segment.segment.trimStart().length;
    const trimmed = segment.segment.trim();
    if (trimmed === "") continue;
    const s = start + segment.index + lead;
    spans.push({ start: s, end: s + trimmed.length });
  }
  return mergeAbbreviationBreaks(text, spans);
}

/** Titles before a name: a sentence never ends after one. */
const TITLE = /\b(Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Lt|Sgt|Rev|Hon)\.$/;
/** Abbreviations after which a sentence goes on when the next word is lower case or a number. */
const ABBREVIATION = /\b(e\.g|i\.e|etc|vs|cf|No|approx|incl|U\.S|U\.K|Jr|Sr)\.$/;

/** Rejoins the sentences that Intl.Segmenter split after a common abbreviation. */
function mergeAbbreviationBreaks(text: string, spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of spans) {
    const previous = merged.at(-1);
    const before = previous ? text.slice(previous.start, previous.end) : "";
    if (previous && (TITLE.test(before) || (ABBREVIATION.test(before) && /^[\p{Ll}\d(]/u.test(text.slice(span.start))))) {
      previous.end = span.end;
    } else merged.push({ ...span });
  }
  return merged;
}
