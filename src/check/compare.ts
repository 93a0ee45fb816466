/**
 * Whether one source sentence supports or contradicts a claim. Pure.
 *
 * Each fact of the claim is paired with the fact of the sentence that stands in the same place:
 * the one whose neighbouring words (a few each side, names included, other numbers and dates
 * left out) it shares most, by idf. "98 people from Indonesia" is paired with "88" in "… 77
 * individuals from Fiji in 2017, 88 from Indonesia …", not with "77". A sentence speaks to the
 * claim only when it holds most of the claim's other words ("the frame"); then it supports the
 * claim when every fact agrees, and contradicts it when a fact paired by its neighbours differs.
 */
import { tokenize } from "../store/index.js";
import type { Fact } from "./facts.js";

/** How a source fact bears on a claim fact: the same (true), a different value (false), or cannot tell (null, e.g. "over 30,000" against "35,000"). */
export type Agreement = boolean | null;

export interface FactPair {
  claim: Fact;
  /** The sentence's fact in the same place, or null when it has none of that kind. */
  source: Fact | null;
  agree: Agreement;
}

export interface SentenceJudgement {
  /** "supported" or "contradicted" when the sentence speaks to the claim and decides it; else null. */
  verdict: "supported" | "contradicted" | null;
  /** The share of the claim's frame (its words other than its facts), weighted by idf, that the sentence holds. */
  frame: number;
  pairs: FactPair[];
}

/** The thresholds a judgement uses; chosen on the tuning articles' claims (see src/eval/claims.ts). */
export interface CheckParams {
  /** The frame share a sentence needs to support a claim. */
  supportFrame: number;
  /** The frame share a sentence needs to contradict a claim. */
  contradictFrame: number;
  /** When no fact of the claim agrees with the sentence, the share of the claim's other words it must hold to contradict it. */
  contradictWords: number;
  /** Words each side of a fact that say where it stands. */
  window: number;
}

export const DEFAULT_CHECK_PARAMS: CheckParams = { supportFrame: 0.5, contradictFrame: 0.5, contradictWords: 0.6, window: 4 };

type Idf = (term: string) => number;

/** What judging needs to know of the corpus: how rare a term is, and whether it holds it at all. */
export interface CorpusTerms {
  idf: Idf;
  known: (term: string) => boolean;
}

/** Number and date facts are left out of a fact's neighbours and of the frame: they are what is compared. */
const isValue = (f: Fact) => f.kind !== "name";

/** The text with the value facts blanked out (same length, so offsets hold). */
function withoutValues(text: string, facts: readonly Fact[]): string {
  let out = text;
  for (const f of facts) if (isValue(f)) out = out.slice(0, f.start) + " ".repeat(f.end - f.start) + out.slice(f.end);
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
      const w = weight / (1 + count);
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
export function neighbours(text: string, facts: readonly Fact[], f: Fact, window: number): Map<string, number> {
  const blank = withoutValues(text, facts);
  const near = new Map<string, number>();
  side(blank.slice(Math.max(0, f.start - 300), f.start), window, true, near);
  side(blank.slice(f.end, f.end + 300), window, false, near);
  // A name beside a number says best which number it is ("88 from Indonesia").
  const nameTerms = new Set(facts.filter((g) => g.kind === "name").flatMap((g) => tokenize(g.text)));
  for (const [t, w] of near) if (nameTerms.has(t)) near.set(t, w * NAME_WEIGHT);
  const prev = /(\p{L}+)\W*$/u.exec(text.slice(Math.max(0, f.start - 30), f.start))?.[1]?.toLowerCase();
  if (prev) near.set(`^${prev}`, 0.5);
  return near;
}

function shared(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>, idf: Idf): number {
  let sum = 0;
  for (const [t, w] of a) {
    const other = b.get(t);
    if (other !== undefined) sum += Math.min(w, other) * (t.startsWith("^") ? 1 : idf(t));
  }
  return sum;
}

/** A whole number that may be a year written without a month ("in 911"). */
const yearLike = (f: Fact) => f.kind === "number" && f.qualifier === "exact" && Number.isInteger(f.low) && f.low >= 100 && f.low <= 2100;

/** The fact as a date, when it is one or a number that may be a year. */
function asDate(f: Fact): Fact {
  return f.kind === "date" || !yearLike(f) ? f : { ...f, kind: "date", low: f.low * 10000 + 101, high: f.low * 10000 + 1231 };
}

const VALUE_KINDS: Record<Fact["kind"], string> = { number: "value", percent: "value", date: "date", name: "name" };

function compatible(a: Fact, b: Fact): boolean {
  if (VALUE_KINDS[a.kind] === VALUE_KINDS[b.kind]) return true;
  // "in 911" against "in 1362": a year is a year, whether it has three digits or four.
  return (a.kind === "date" && yearLike(b)) || (b.kind === "date" && yearLike(a));
}

/** Whether the name `a` is `b`, or one holds the other as whole words ("China", "People's Republic of China"). */
function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return ` ${long} `.includes(` ${short} `);
}

/** How a source value bears on a claim value, hedges and precision considered. */
export function compareValues(claimFact: Fact, sourceFact: Fact): Agreement {
  if (claimFact.kind === "name" || sourceFact.kind === "name") return sameName(claimFact.name, sourceFact.name);
  const mixed = (claimFact.kind === "date") !== (sourceFact.kind === "date");
  const claim = mixed ? asDate(claimFact) : claimFact;
  const source = mixed ? asDate(sourceFact) : sourceFact;
  if (claim.kind === "date") {
    if (claim.low === source.low && claim.high === source.high) return true;
    // A range is what it says: "1998–2007" is not "2001–2007", nor is "2016–2023" part of "2014–2023".
    if (claim.range) return false;
    // "in 2017" against "2014–2023": within it, but the source does not say that year.
    if (source.range) return claim.low >= source.low && claim.high <= source.high ? null : false;
    // "in 2023" against "in November 2023": the claim says less, and that much is true.
    if (claim.low <= source.low && claim.high >= source.high) return true;
    // "in November 2023" against "in 2023": the source cannot tell.
    if (claim.low >= source.low && claim.high <= source.high) return null;
    return false;
  }
  if (claim.kind !== source.kind) return false;
  const c = claim.low;
  const s = source.low;
  const near = Math.abs(c - s) <= 0.1 * Math.max(Math.abs(s), 1);
  if (claim.qualifier === "exact" && source.qualifier === "exact") return c === s;
  if (claim.qualifier === source.qualifier) return c === s ? true : null;
  // "over 30,000" in the source: a claim of 30,000 is what it says, hedge aside (shown with it); 25,000 is contradicted; 35,000 cannot be told.
  if (source.qualifier === "at least") return c === s ? true : c < s ? false : null;
  if (source.qualifier === "at most") return c === s ? true : c > s ? false : null;
  if (source.qualifier === "about") return c === s ? true : near ? null : false;
  // The claim hedges, the source does not.
  if (claim.qualifier === "at least") return s > c ? true : s === c ? null : false;
  if (claim.qualifier === "at most") return s < c ? true : s === c ? null : false;
  return near ? true : false;
}

/** The frame terms of a claim: its content words outside its facts. */
export function frameTerms(claim: string, facts: readonly Fact[]): string[] {
  let text = claim;
  for (const f of facts) text = text.slice(0, f.start) + " ".repeat(f.end - f.start) + text.slice(f.end);
  return [...new Set(tokenize(text))];
}

/** Judges one sentence against a claim. */
export function judgeSentence(claim: string, claimFacts: readonly Fact[], sentence: string, sentenceFacts: readonly Fact[], corpus: CorpusTerms, params: CheckParams = DEFAULT_CHECK_PARAMS): SentenceJudgement {
  const { idf } = corpus;
  const sentenceTerms = new Set(tokenize(sentence));
  const sourceNear = new Map(sentenceFacts.map((g) => [g, neighbours(sentence, sentenceFacts, g, params.window)]));

  let slotEvidence = false;
  const pairs: FactPair[] = claimFacts.map((f) => {
    // A name the sentence holds in other case ("History" starting a claim, "history" in the text) is held.
    if (f.kind === "name" && tokenize(f.text).every((t) => sentenceTerms.has(t)) && !sentenceFacts.some((g) => g.kind === "name" && sameName(f.name, g.name))) return { claim: f, source: null, agree: true };
    const candidates = sentenceFacts.filter((g) => compatible(f, g));
    if (candidates.length === 0) return { claim: f, source: null, agree: null };
    // A name the sentence holds is the same name, wherever it stands.
    if (f.kind === "name") {
      const same = candidates.find((g) => sameName(f.name, g.name));
      if (same) return { claim: f, source: same, agree: true };
    }
    const near = neighbours(claim, claimFacts, f, params.window);
    let best: { g: Fact; score: number; agree: Agreement } | null = null;
    for (const g of candidates) {
      const score = shared(near, sourceNear.get(g) as Map<string, number>, idf);
      const agree = compareValues(f, g);
      // Of two facts in equally good places, the one that agrees.
      if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && agree === true && best.agree !== true)) best = { g, score, agree };
    }
    const chosen = best as { g: Fact; score: number; agree: Agreement };
    // A differing value counts only where its place is clear: shared neighbours, or the only fact of its kind on both sides.
    const alone = candidates.length === 1 && claimFacts.filter((x) => compatible(x, f)).length === 1;
    if (chosen.agree === false && !(chosen.score > 0 || alone)) return { claim: f, source: null, agree: null };
    if (chosen.agree === false) slotEvidence = true;
    return { claim: f, source: chosen.g, agree: chosen.agree };
  });

  const frame = frameShare(claim, claimFacts, sentence, pairs, idf);
  // Without one fact in common, a contradiction needs most of the claim's other words: else it is likely about something else.
  const anchored = pairs.some((p) => p.agree === true) || wordShare(claim, claimFacts, sentenceTerms, idf) >= params.contradictWords;
  // A claim about a name the corpus never mentions ("Reykjavik had 4,500 employees") is contradicted only when that name is all that differs.
  const stranger = claimFacts.some((f) => f.kind === "name" && tokenize(f.text).every((t) => !corpus.known(t)));
  const onlyNameDiffers = pairs.every((p) => p.agree !== false || p.claim.kind === "name");
  const valueAgrees = pairs.some((p) => p.agree === true && p.claim.kind !== "name");
  let verdict: SentenceJudgement["verdict"] = null;
  if (pairs.some((p) => p.agree === false) && slotEvidence && frame >= params.contradictFrame && anchored && (!stranger || (onlyNameDiffers && valueAgrees))) verdict = "contradicted";
  else if (pairs.length > 0 && pairs.every((p) => p.agree === true) && frame >= params.supportFrame) verdict = "supported";
  return { verdict, frame, pairs };
}

/** The share of the claim's words outside all its facts, by idf, that the sentence holds (1 when it has none). */
function wordShare(claim: string, claimFacts: readonly Fact[], sentenceTerms: ReadonlySet<string>, idf: Idf): number {
  const terms = frameTerms(claim, claimFacts);
  const total = terms.reduce((s, t) => s + idf(t), 0);
  return total > 0 ? terms.reduce((s, t) => s + (sentenceTerms.has(t) ? idf(t) : 0), 0) / total : 1;
}

/**
 * How much of the claim the sentence holds, by idf: its words outside numbers and dates (names
 * included), and each number or date the sentence states in the same place (alike or not), which
 * counts as much as the rarest word. A paraphrase ("deported" for "handed over") keeps its names
 * and values.
 */
function frameShare(claim: string, claimFacts: readonly Fact[], sentence: string, pairs: readonly FactPair[], idf: Idf): number {
  const sentenceTerms = new Set(tokenize(sentence));
  const terms = frameTerms(claim, claimFacts.filter(isValue));
  const rare = Math.max(1, ...terms.map(idf));
  const values = pairs.filter((p) => isValue(p.claim));
  const total = terms.reduce((s, t) => s + idf(t), 0) + values.length * rare;
  const held = terms.reduce((s, t) => s + (sentenceTerms.has(t) ? idf(t) : 0), 0) + values.filter((p) => p.source !== null).length * rare;
  return total > 0 ? held / total : 0;
}
