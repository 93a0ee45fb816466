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

/** Abbreviations after which Intl.Segmenter may wrongly end a sentence. */
const ABBREVIATION = /\b(e\.g|i\.e|etc|vs|cf|No|Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Gen|Col|Lt|approx|incl|U\.S|U\.K)\.$/;

function mergeAbbreviationBreaks(text: string, spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of spans) {
    const previous = merged.at(-1);
    if (previous && ABBREVIATION.test(text.slice(previous.start, previous.end)) && /^[\p{Ll}\d(]/u.test(text.slice(span.start))) {
      previous.end = span.end;
    } else merged.push({ ...span });
  }
  return merged;
}
