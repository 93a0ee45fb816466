/**
 * What a question tells the highlight about the span it wants: the kind of fact (a number, a
 * date, a name, a noun phrase), the noun that names what is asked for ("religion" in "What
 * religion…?"), whether several things are asked for ("What are two…?"), whether a term or name
 * is asked for ("What is the term for…?"), and the two choices of an alternative question ("Is it
 * abstract or concrete?"). Pure; only fixed patterns are used, no text from the question ever
 * becomes a pattern.
 */
import { tokenize } from "../store/index.js";
import { tagWords } from "./pos.js";

/** What the question asks for, finer than `AnswerType`: the shape of the span to mark. */
export type HighlightKind = "number" | "quantity" | "date" | "person" | "place" | "thing" | "reason" | "manner";

/** What the highlight reads from the question. */
export interface QuestionShape {
  kind: HighlightKind;
  /** The noun after the wh-word ("religion", "lines" of "how many lines"), as an index term, or null. */
  noun: string | null;
  /** The noun of what/which that says what kind of thing is wanted, past "other" and "kind of", as an index term, or null. */
  category: string | null;
  /** A count is asked for right after the wh-word ("What are two…", "Who were the three…"). */
  several: boolean;
  /** A plural wh-question ("What are…", "Who were…", "Which cities were…"). */
  plural: boolean;
  /** A term or name is asked for ("What is the term for…", "What is it called?", "known as what?"). */
  naming: boolean;
  /** The two choices of a yes/no-shaped question that offers them ("Is it abstract or concrete?"), as index terms, or null. */
  alternatives: [string, string] | null;
  /** Something besides what the question names is asked for ("Other than X, what…", "what else", "what other"). */
  other: boolean;
  /** An example is asked for ("What is an example of…?"), not what something is an example of. */
  example: boolean;
  /** The wh-word is the subject of the question's verb ("Which city is the most populous…?", "What ended the war?"). */
  subject: boolean;
  /** The wh-word is the object of the question's verb ("What did the council build?"). */
  object: boolean;
}

/** "what", "which", "what was the", "which is the name of the", "what is the most populous": before the noun that says what kind of fact is asked for. */
const WH = String.raw`\b(?:what|which)(?: (?:is|was|are|were) the(?: name of the| [a-z-]+){0,3})? `;

const KIND_PATTERNS: [HighlightKind, RegExp][] = (
  [
    ["number", String.raw`\bhow (many|much)\b|\b${WH}(percentage|percent|proportion|number|amount|fraction|share|population)\b`],
    ["quantity", String.raw`\bhow (long|old|far|big|large|tall|high|often|fast|deep|wide|heavy|large)\b`],
    ["date", String.raw`\bwhen\b|\b${WH}(year|years|date|day|month|century|decade|period|era|time period)\b|\bin what (year|century)\b`],
    [
      "person",
      String.raw`\bwho(m|se)?\b|\b${WH}(person|people|man|men|woman|women|king|queen|leader|ruler|president|group|organi[sz]ation|company|companies|team|family|families|individual|scientist|author|emperor|duke|pope|general|party|parties|government|agency|agencies|body|bodies|court|network|broadcaster|channel|firm)s?\b`,
    ],
    [
      "place",
      String.raw`\bwhere\b|\b${WH}(country|countries|city|cities|place|region|state|nation|continent|county|area|location|island|river|town|province|territory|suburb)\b`,
    ],
    ["reason", String.raw`\bwhy\b`],
    ["manner", String.raw`\bhow\b`],
  ] as [HighlightKind, string][]
).map(([kind, source]) => [kind, new RegExp(source, "i")]);

/**
 * The kind of span a question asks for; "thing" for what/which and anything else. Where the
 * question holds several wh-words, the first one decides: in "Who led the troops when Cyprus was
 * conquered?" the "when" only dates the question.
 */
export function highlightKind(question: string): HighlightKind {
  let first: { kind: HighlightKind; at: number } | null = null;
  for (const [kind, pattern] of KIND_PATTERNS) {
    const m = pattern.exec(question);
    // Ties keep the earlier pattern: "how many" is a number before it is a manner.
    if (m && (first === null || m.index < first.at)) first = { kind, at: m.index };
  }
  return first?.kind ?? "thing";
}

/** The index term of the word `pattern` captures in `question`, or null. */
function termAfter(pattern: RegExp, question: string): string | null {
  const word = pattern.exec(question)?.[1];
  return (word !== undefined ? tokenize(word)[0] : undefined) ?? null;
}

const KIND_OF = String.raw`(?:(?:kind|kinds|type|types|sort|form)\s+of\s+)?`;
/** "What religion", "which kind of economy", "how many lines": the noun after the wh-word. */
const NOUN = new RegExp(String.raw`\b(?:what|which|how many|how much)\s+${KIND_OF}(\p{L}+)`, "iu");
/** "What other culture", "what other kind of recognition": the category, past "other". */
const CATEGORY = new RegExp(String.raw`\b(?:what|which)\s+(?:other\s+)?${KIND_OF}(\p{L}+)`, "iu");
const SEVERAL =
  /\b(?:what|which|who|whom|name)(?: (?:are|were|was|is))?(?: the)? (?:two|three|four|five|six|seven|eight|nine|ten|several|both)\b/i;
const PLURAL = /\b(?:what|which|who)(?: [a-z]+s)? (?:are|were)\b/i;
const OTHER = /\b(?:other|else|besides|aside from|apart from|outside of|in addition to)\b/i;
/** The wh-word comes before "example": "What is an example of X?" asks for an instance, "X is an example of what?" for a kind. */
const EXAMPLE = /\b(?:what|which|name)\b.*\bexamples?\b/i;
const NAMING = /\b(?:term|terms|name|called|known|referred|phrase|expression|word)\b/i;
/** A question that starts like a yes/no question ("Is…", "Does…"), which may offer two choices joined by "or". */
const YES_NO = /^\s*(?:is|are|was|were|does|do|did|can|could|would|will|should|has|have|had)\b/i;
const CHOICE = /\b(\p{L}+) or (\p{L}+)\b/u;
/** Small words that cannot be one of the two choices ("or not", "and/or"). */
const NOT_A_CHOICE = new Set(["not", "and", "the", "a", "an", "of", "in", "to", "more", "less", "either"]);

function alternatives(question: string): [string, string] | null {
  if (!YES_NO.test(question)) return null;
  const m = CHOICE.exec(question);
  if (!m) return null;
  const words = [m[1] as string, m[2] as string];
  if (words.some((w) => NOT_A_CHOICE.has(w.toLowerCase()))) return null;
  const [a, b] = words.map((w) => tokenize(w)[0]);
  return a !== undefined && b !== undefined && a !== b ? [a, b] : null;
}

/** "What did…", "Which bridge does…": the wh-phrase, then "do" and the verb's subject. */
const OBJECT = /^\s*(?:what|which)(?: [a-z-]+){0,2} (?:do|does|did)\b/i;
const BE = new Set(["is", "are", "was", "were"]);
const DO = new Set(["do", "does", "did"]);

/**
 * The question starts with "who", "what" or "which", maybe a noun phrase, then a verb other than
 * "do": the wh-phrase is the verb's subject, so the answer is the subject of the sentence's verb.
 * A bare "What is…" or "Who was…" is left out: its wh-word is as often the complement.
 */
function asksSubject(question: string): boolean {
  const words = tagWords(question);
  const text = (i: number) => question.slice(words[i]?.start ?? 0, words[i]?.end ?? 0).toLowerCase();
  if (!/^(?:who|what|which)$/.test(text(0))) return false;
  let i = 1;
  while (i < words.length && /^(?:NOUN|PROPN|ADJ)$/.test((words[i] as { pos: string }).pos)) i++;
  const verb = words[i];
  if (verb === undefined || (verb.pos !== "VERB" && verb.pos !== "AUX") || DO.has(text(i))) return false;
  return i > 1 || !BE.has(text(i));
}

/** What `question` tells the highlight about the span it wants. */
export function readQuestion(question: string): QuestionShape {
  return {
    kind: highlightKind(question),
    noun: termAfter(NOUN, question),
    category: termAfter(CATEGORY, question),
    several: SEVERAL.test(question),
    plural: PLURAL.test(question),
    naming: NAMING.test(question),
    alternatives: alternatives(question),
    other: OTHER.test(question),
    example: EXAMPLE.test(question),
    subject: asksSubject(question),
    object: OBJECT.test(question),
  };
}
