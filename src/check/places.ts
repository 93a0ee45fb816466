/**
 * Where a fact stands in its text: the words around it (weighted by nearness), the clause or list
 * item it belongs to, the thing it counts, the words right after it, the name nearest to it.
 * Pure; compare.ts pairs a claim's facts with a sentence's by these.
 */
import { tagWords, type TaggedWord } from "../answer/pos.js";
import { tokenize } from "../store/index.js";
import type { Fact } from "./facts.js";
import { isValue } from "./values.js";

/** How rare a term is in the corpus (its idf). */
export type Idf = (term: string) => number;

/** The text with `facts` blanked out (same length, so offsets hold). */
export function blankOut(text: string, facts: readonly Fact[]): string {
  let out = text;
  for (const f of facts) out = out.slice(0, f.start) + " ".repeat(f.end - f.start) + out.slice(f.end);
  return out;
}

/** How much more a name among a fact's neighbours counts than another word. */
const NAME_WEIGHT = 3;

/** Punctuation that ends a list item or a clause: neighbours beyond it count for less. */
const BOUNDARY = /[,;:()[\]—–]/u;

/** The terms on one side of a fact, nearest first, each weighted down by its distance and by every comma or parenthesis crossed. */
function side(text: string, window: number, reversed: boolean, into: Map<string, number>): void {
  const parts = text.split(/(\s+)/u).filter((p) => p.trim() !== "");
  if (reversed) parts.reverse();
  let weight = 1;
  let count = 0;
  for (const part of parts) {
    if (count >= window) break;
    // A boundary before the word (reading outwards) or after it: "Fiji in 2017, 6 from Vanuatu".
    const edge = reversed ? BOUNDARY.test(part.slice(-1)) : BOUNDARY.test(part[0] ?? "");
    if (edge) weight *= 0.25;
    for (const term of tokenize(part)) {
      if (count >= window) break;
      const w = weight / (1 + count / 2);
      into.set(term, Math.max(into.get(term) ?? 0, w));
      count++;
    }
    const tail = reversed ? BOUNDARY.test(part[0] ?? "") : BOUNDARY.test(part.slice(-1));
    if (tail) weight *= 0.25;
  }
}

/**
 * The terms near a fact, weighted by nearness, and the word right before it ("from", "in"),
 * which says what kind of slot it fills. Other numbers and dates are left out.
 */
export function neighbours(text: string, facts: readonly Fact[], f: Fact, window: number, names = true): Map<string, number> {
  const blank = blankOut(text, names ? facts.filter(isValue) : facts);
  const near = new Map<string, number>();
  side(blank.slice(Math.max(0, f.start - 300), f.start), window, true, near);
  side(blank.slice(f.end, f.end + 300), window, false, near);
  // A name beside a number says best which number it is ("88 from Indonesia").
  const nameTerms = new Set(facts.filter((g) => g.kind === "name").flatMap((g) => tokenize(g.text)));
  for (const [t, w] of near) if (nameTerms.has(t)) near.set(t, w * NAME_WEIGHT);
  const prev = lastWord(text.slice(Math.max(0, f.start - 30), f.start));
  if (prev) near.set(`^${prev}`, 0.5);
  return near;
}

/** The last run of letters of `text`, in lower case, or undefined: a backward scan, not /(\p{L}+)\W*$/. */
function lastWord(text: string): string | undefined {
  let end = text.length;
  while (end > 0 && !/\p{L}/u.test(text[end - 1] as string)) end--;
  let start = end;
  while (start > 0 && /\p{L}/u.test(text[start - 1] as string)) start--;
  return start < end ? text.slice(start, end).toLowerCase() : undefined;
}

export function shared(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>, idf: Idf): number {
  let sum = 0;
  for (const [t, w] of a) {
    const other = b.get(t);
    if (other !== undefined) sum += Math.min(w, other) * (t.startsWith("^") ? 1 : idf(t));
  }
  return sum;
}

/**
 * Where the text's clauses and list items end: punctuation, and "and", "or", "but" between them.
 * A parenthesis stays with its clause: "Hisao Yamada's paper (1962)" is one item.
 */
const SEGMENT_BREAK = /[,;:—–]|\s(?:and|or|but|while|whereas|unlike)\s/giu;

/** Which part of `text` each offset is in, parts ending where `ends` matches; facts blanked so that "between 2014 and 2023" stays whole. */
function partOf(text: string, facts: readonly Fact[], ends: RegExp): (offset: number) => number {
  const breaks = [...blankOut(text, facts).matchAll(ends)].map((m) => m.index);
  return (offset) => breaks.filter((b) => b < offset).length;
}

/** The segment (clause or list item) of each offset of `text`. */
export const segmenter = (text: string, facts: readonly Fact[]) => partOf(text, facts, SEGMENT_BREAK);

/** The semicolon item of each offset of `text`. */
export const itemer = (text: string, facts: readonly Fact[]) => partOf(text, facts, /;/gu);

/**
 * The thing a number counts, by part of speech: the last noun of the noun phrase right after it
 * ("schools" in "1,548 public schools were"), or what a measure is of ("wheat" in "2 million tonnes
 * of wheat"; "pears" in "90% of Australian pears"); null when no noun follows.
 */
export function counted(text: string, f: Fact): string | null {
  const after = tagWords(text)
    .filter((w) => w.start >= f.end)
    .slice(0, 8);
  let i = 0;
  const word = (k: number) => text.slice((after[k] as TaggedWord).start, (after[k] as TaggedWord).end).toLowerCase();
  // "90% of Australian pears", "a third of the apples": the phrase starts after "of".
  while (i < after.length && (word(i) === "of" || (after[i] as TaggedWord).pos === "DET")) i++;
  let noun: string | null = null;
  for (; i < after.length && NOUN_PHRASE.has((after[i] as TaggedWord).pos); i++) {
    if ((after[i] as TaggedWord).pos !== "ADJ") noun = tokenize(word(i))[0] ?? noun;
  }
  // "2 million tonnes of wheat": a measure is of the noun after "of".
  if (noun !== null && after[i] !== undefined && word(i) === "of") {
    for (let k = i + 1; k < after.length && NOUN_PHRASE.has((after[k] as TaggedWord).pos); k++)
      if ((after[k] as TaggedWord).pos !== "ADJ") return tokenize(word(k))[0] ?? noun;
  }
  return noun;
}

/** Parts of speech inside a noun phrase after a number. */
const NOUN_PHRASE = new Set(["ADJ", "NOUN", "PROPN"]);

/** The first two terms right after a value, up to punctuation ("privat school" in "90 per cent for private school students"). */
export function rightWords(text: string, f: Fact): string {
  const after = text.slice(f.end, f.end + 80).split(/[,;:.()]/u)[0] ?? "";
  const terms = tokenize(after).slice(0, 2);
  return terms.length === 2 ? terms.join(" ") : "";
}

/** Words that count people, one thing for counting: "98 people" and "88 individuals" count the same. */
const PEOPLE = new Set(
  "people persons individuals residents inhabitants citizens nationals men women children members dissidents refugees migrants workers soldiers troops"
    .split(" ")
    .map((w) => tokenize(w)[0] as string),
);

/** Whether two counted things are the same: the same word, or both words for people. */
export function sameThing(a: string, b: string): boolean {
  return a === b || (PEOPLE.has(a) && PEOPLE.has(b));
}

/** A pronoun that stands for a person or thing named elsewhere. */
export const PRONOUN = /\b(?:he|she|it|they|his|her|its|their|him|them)\b/iu;

/** The name of the sentence nearest to fact `g` (in characters), or null when it has none. */
export function nearestName(g: Fact, facts: readonly Fact[]): Fact | null {
  let best: Fact | null = null;
  let distance = Infinity;
  for (const f of facts) {
    if (f.kind !== "name") continue;
    const d = f.start >= g.end ? f.start - g.end : g.start >= f.end ? g.start - f.end : 0;
    if (d < distance) [best, distance] = [f, d];
  }
  return best;
}
