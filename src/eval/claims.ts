/**
 * The claim-check evaluation, built from the sources themselves: a sentence holding a number, a
 * date or a place gives a true claim (the words around the fact, shortened and lightly
 * paraphrased) and a false one (the same with the value changed to one the document never
 * states); templates about entities the corpus never names give claims that cannot be found.
 * Pure, seeded: the same text gives the same claims.
 */
import { createRequire } from "node:module";
import { z } from "zod";
import { pick, seededRandom } from "../answer/index.js";
import { extractFacts, VERDICTS, type Fact, type Verdict } from "../check/index.js";
import { sentenceSpans } from "../chunk/index.js";
import { isStopWord, words } from "../store/index.js";
import { ENTITIES } from "./abstention-sets.js";
import { oneOf, trimEndWhere } from "../text.js";

export interface EvalClaim {
  claim: string;
  expected: Verdict;
  /** What was done to the source sentence: "shortened", "number changed", "date changed", "place changed", "unknown entity". */
  how: string;
}

/** Words of a claim taken each side of its fact. */
const SPAN_WORDS = 9;

/** A few everyday substitutions, so that a true claim does not copy its sentence word for word. */
const PARAPHRASES = new Map([
  ["individuals", "people"],
  ["persons", "people"],
  ["approximately", "about"],
  ["began", "started"],
  ["commenced", "started"],
  ["purchased", "bought"],
  ["obtained", "got"],
  ["however", "but"],
  ["largest", "biggest"],
  ["residents", "inhabitants"],
]);

/** Leading words that cannot start a claim. */
const BAD_START = new Set(["and", "or", "but", "which", "that", "who", "whom", "whose", "while", "as", "of", "to", "with", "by", "for"]);

interface Piece {
  text: string;
  start: number;
  end: number;
}

/** The sentence's words (letters, digits and the marks inside them) with offsets. */
function pieces(sentence: string): Piece[] {
  return [...sentence.matchAll(/[^\s]+/gu)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/** The words around `fact` within its clause (cut at ; : and parentheses), shortened and paraphrased; null when too little is left. */
function shortened(sentence: string, fact: Fact, replace: (text: string) => string = (t) => t): string | null {
  const clauseStart = Math.max(...[";", ":", "(", ")", "—"].map((c) => sentence.lastIndexOf(c, fact.start - 1) + 1), 0);
  const ends = [";", ":", "(", ")", "—"].map((c) => sentence.indexOf(c, fact.end)).filter((i) => i >= 0);
  const clauseEnd = Math.min(...ends, sentence.length);
  const ps = pieces(sentence).filter((p) => p.start >= clauseStart && p.end <= clauseEnd);
  const at = ps.findIndex((p) => p.end > fact.start);
  const last = ps.findIndex((p) => p.end >= fact.end);
  if (at < 0 || last < 0) return null;
  let from = Math.max(0, at - SPAN_WORDS);
  const to = Math.min(ps.length - 1, last + SPAN_WORDS);
  while (from < at && BAD_START.has((ps[from] as Piece).text.toLowerCase().replace(/\W/gu, ""))) from++;
  const start = (ps[from] as Piece).start;
  const end = (ps[to] as Piece).end;
  const cut = sentence.slice(start, fact.start) + replace(sentence.slice(fact.start, fact.end)) + sentence.slice(fact.end, end);
  const text = trimEndWhere(
    cut
      .split(/(\s+)/u)
      .map((w) => PARAPHRASES.get(w.toLowerCase()) ?? w)
      .filter((w) => !/^\p{Ll}{3,}ly,?$/u.test(w))
      .join("")
      .replace(/\s+/gu, " ")
      .trim(),
    oneOf(",;:.!?\"“”'‘’ "),
  );
  const content = words(text).filter((w) => !isStopWord(w) && /\p{L}/u.test(w));
  if (content.length < 3) return null;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** A number written like `original` ("30,000", "5.5", "12%"), with a new value. */
function formatLike(original: string, value: number): string {
  const digits = /[\d.,]+/u.exec(original)?.[0] ?? "";
  const decimals = /\.(\d+)$/u.exec(digits)?.[1]?.length ?? 0;
  const body = digits.includes(",")
    ? value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    : value.toFixed(decimals);
  return original.replace(digits, body);
}

/** A changed value for `fact` that `taken` says the document never states, or null. */
function changedValue(fact: Fact, random: () => number, taken: (text: string) => boolean): string | null {
  const digits = /\d[\d.,]*/u.exec(fact.text)?.[0];
  if (!digits) return null;
  for (let attempt = 0; attempt < 10; attempt++) {
    let text: string;
    if (fact.kind === "date") {
      const year = Math.floor(fact.low / 10000);
      const other = year + pick([-3, -2, -1, 1, 2, 3], random);
      text = fact.text.replace(String(year), String(other));
    } else {
      const step = Math.max(1, Math.round(fact.low * (0.1 + random() * 0.4)));
      const value = random() < 0.5 && fact.low - step > 0 ? fact.low - step : fact.low + step;
      text = fact.text.replace(digits, formatLike(digits, value).replace(/[^\d.,]/gu, ""));
    }
    const changed = /\d[\d.,]*/u.exec(text)?.[0] ?? "";
    if (text !== fact.text && !taken(changed)) return text;
  }
  return null;
}

/** One-word names right after "in", "from", "to" or "at": places, most of them. */
function placesIn(sentence: string): string[] {
  return extractFacts(sentence)
    .filter(
      (f) => f.kind === "name" && !f.text.includes(" ") && /\b(in|from|to|at)\s+$/u.test(sentence.slice(Math.max(0, f.start - 6), f.start)),
    )
    .map((f) => f.text);
}

/** Templates of claims about things a corpus never names. */
const UNKNOWN_TEMPLATES = [
  "{} had 4,500 employees in 2011.",
  "{} was founded in 1962.",
  "{} is home to 12 million people.",
  "{} won 3 titles between 1998 and 2004.",
  "{} received 250 complaints in 2019.",
];

/**
 * Claims from `text` (one document): for up to `perDocument` sentences with a number, a date or
 * a place, one true and one false claim; and `unknown` claims about entities `inCorpus` lacks.
 */
export function claimsFrom(text: string, perDocument: number, seed: number): EvalClaim[] {
  const random = seededRandom(seed);
  const numbersInText = new Set([...text.matchAll(/\d[\d.,]*\d|\d/gu)].map((m) => m[0]));
  const taken = (n: string) => numbersInText.has(n) || numbersInText.has(n.replace(/,/gu, ""));
  // Places: one-word names after "in", "from", "to" or "at", anywhere in the document.
  const places = [...new Set(sentenceSpans(text).flatMap((s) => placesIn(text.slice(s.start, s.end))))];
  const out: EvalClaim[] = [];
  const spans = sentenceSpans(text);
  const order = spans.map((s, i) => ({ s, k: random(), i })).sort((a, b) => a.k - b.k);
  let used = 0;
  for (const { s } of order) {
    if (used >= perDocument) break;
    const sentence = text.slice(s.start, s.end);
    const facts = extractFacts(sentence);
    const value = facts.find((f) => (f.kind === "number" || f.kind === "date") && /\d/u.test(f.text) && f.qualifier === "exact");
    const place = facts.find((f) => placesIn(sentence).includes(f.text));
    const fact = value ?? place;
    if (!fact) continue;
    const truth = shortened(sentence, fact);
    let falsehood: string | null = null;
    let how = "";
    if (fact.kind === "name") {
      const others = places.filter((p) => !sentence.includes(p) && p !== fact.text);
      if (others.length > 0) {
        const other = pick(others, random);
        falsehood = shortened(sentence, fact, () => other);
        how = "place changed";
      }
    } else {
      const changed = changedValue(fact, random, taken);
      if (changed) {
        falsehood = shortened(sentence, fact, () => changed);
        how = fact.kind === "date" ? "date changed" : "number changed";
      }
    }
    if (!truth || !falsehood) continue;
    used++;
    out.push({ claim: truth, expected: "supported", how: "shortened" }, { claim: falsehood, expected: "contradicted", how });
  }
  return out;
}

/** `n` claims about entities that `inCorpus` says the corpus never names: none can be found. */
export function unknownClaims(inCorpus: (word: string) => boolean, n: number, seed: number): EvalClaim[] {
  const random = seededRandom(seed);
  const entities = ENTITIES.filter((e) => !words(e).some((w) => !isStopWord(w) && inCorpus(w)));
  return Array.from({ length: n }, () => {
    const entity = pick(entities, random);
    const claim = pick(UNKNOWN_TEMPLATES, random).replace("{}", entity);
    return { claim: `${claim.charAt(0).toUpperCase()}${claim.slice(1)}`, expected: "not found" as const, how: "unknown entity" };
  });
}

/** Share of claims given their expected verdict, per expected verdict; and how many false claims were called supported. */
export interface ClaimFigures {
  n: Record<string, number>;
  accuracy: Record<string, number>;
  falseSupported: number;
  overall: number;
}

/** Checks every claim with `check` and scores the verdicts. */
export async function scoreClaims(claims: readonly EvalClaim[], check: (claim: string) => Promise<Verdict>): Promise<ClaimFigures> {
  const n: Record<string, number> = Object.create(null) as Record<string, number>;
  const right: Record<string, number> = Object.create(null) as Record<string, number>;
  let falseSupported = 0;
  let correct = 0;
  for (const c of claims) {
    const verdict = await check(c.claim);
    n[c.expected] = (n[c.expected] ?? 0) + 1;
    if (verdict === c.expected) {
      right[c.expected] = (right[c.expected] ?? 0) + 1;
      correct++;
    }
    if (c.expected === "contradicted" && verdict === "supported") falseSupported++;
  }
  const accuracy: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const k of Object.keys(n)) accuracy[k] = (right[k] ?? 0) / (n[k] as number);
  return { n, accuracy, falseSupported, overall: claims.length === 0 ? 0 : correct / claims.length };
}

const HandWrittenSchema = z.object({ claims: z.array(z.object({ claim: z.string(), expected: z.enum(VERDICTS) })) });

/** Claims about the built-in article written by hand after the rules were fixed (src/eval/data/article-claims.json). */
export function articleClaims(): EvalClaim[] {
  const require = createRequire(import.meta.url);
  return HandWrittenSchema.parse(require("./data/article-claims.json")).claims.map((c) => ({ ...c, how: "written by hand" }));
}
