/**
 * Whether one source sentence supports or contradicts a claim. Pure.
 *
 * Each fact of the claim is paired with the fact of the sentence that stands in the same place
 * (judgeSentence's numbered steps): the same value or name first, else the one whose neighbouring
 * words it shares most (places.ts); then the pairs are checked against the sentence's structure
 * (list items, clauses, the thing a number counts, the words right after it). "98 people from
 * Indonesia" is paired with "88" in "… 77 individuals from Fiji in 2017, 88 from Indonesia …",
 * not with "77". A sentence speaks to the claim only when it holds most of the claim's words and
 * values; then it supports the claim when every fact agrees (values.ts), and contradicts it when a
 * fact placed that clearly differs.
 */
import { tokenize } from "../store/index.js";
import type { Fact } from "./facts.js";
import {
  blankOut,
  counted,
  itemer,
  nearestName,
  neighbours as neighboursOf,
  PRONOUN,
  rightWords,
  sameThing,
  segmenter,
  shared,
  type Idf,
} from "./places.js";
import { compareValues, compatible, isValue, sameName, VALUE_KINDS, type Agreement } from "./values.js";

export interface FactPair {
  claim: Fact;
  /** The sentence's fact in the same place, or null when it has none of that kind. */
  source: Fact | null;
  agree: Agreement;
}

export interface SentenceJudgement {
  /** "supported" or "contradicted" when the sentence speaks to the claim and decides it; else null. */
  verdict: "supported" | "contradicted" | null;
  /** The share of the claim's words and values, weighted by idf, that the sentence holds (a value: the sentence has one in its place). */
  frame: number;
  /** The same, counting only values the sentence states alike: how well it bears the claim out. */
  alike: number;
  pairs: FactPair[];
}

/** The thresholds a judgement uses; chosen on the tuning articles' claims (see src/eval/claims.ts). */
export interface CheckParams {
  /** The frame share a sentence needs to support a claim. */
  supportFrame: number;
  /** The same when two values of the claim or more are stated alike. */
  supportFrameTwoValues: number;
  /** Without a name of the claim in the sentence, the share of the claim's other words it must hold to support it. */
  supportWords: number;
  /** The frame share a sentence needs to contradict a claim. */
  contradictFrame: number;
  /** When no fact of the claim agrees with the sentence, the share of the claim's other words it must hold to contradict it. */
  contradictWords: number;
  /** The same when exactly one fact agrees. */
  contradictWordsOneFact: number;
  /** For a claim whose facts are all names, the share of its other words a sentence must hold to support it. */
  namesOnlyWords: number;
  /** Words each side of a fact that say where it stands. */
  window: number;
}

export const DEFAULT_CHECK_PARAMS: CheckParams = {
  supportFrame: 0.5,
  supportFrameTwoValues: 0.4,
  supportWords: 0.3,
  contradictFrame: 0.5,
  contradictWords: 0.6,
  contradictWordsOneFact: 0.4,
  namesOnlyWords: 0.75,
  window: 4,
};

/** What judging needs to know of the corpus: how rare a term is, and whether it holds it at all. */
export interface CorpusTerms {
  idf: Idf;
  known: (term: string) => boolean;
}

/** The most facts a claim may state to be checked, and a sentence to be judged (see judgeSentence). */
export const MAX_CLAIM_FACTS = 12;
export const MAX_SENTENCE_FACTS = 40;

/** The share of its own neighbours' weight a first word that may be no name must share with another name to be taken for one. */
const WEAK_NAME_PLACE = 0.3;

/** The frame terms of a claim: its content words outside its facts. */
export function frameTerms(claim: string, facts: readonly Fact[]): string[] {
  return [...new Set(tokenize(blankOut(claim, facts)))];
}

/**
 * Judges one sentence against a claim. `context`: the passage around the sentence, where a name
 * the claim gives as background ("returned 6 people to China") may stand instead.
 */
export function judgeSentence(
  claim: string,
  claimFacts: readonly Fact[],
  sentence: string,
  sentenceFacts: readonly Fact[],
  corpus: CorpusTerms,
  params: CheckParams = DEFAULT_CHECK_PARAMS,
  context = sentence,
): SentenceJudgement {
  // Bounded work whatever the input: pairing compares every fact with every other, so a claim or a sentence of too many facts
  // (a table row of numbers, a claim of digits) is not judged.
  if (claimFacts.length > MAX_CLAIM_FACTS || sentenceFacts.length > MAX_SENTENCE_FACTS)
    return { verdict: null, frame: 0, alike: 0, pairs: [] };
  const { idf } = corpus;
  // Each fact's neighbours are computed once.
  const memo = new Map<string, Map<string, number>>();
  const neighbours = (text: string, facts: readonly Fact[], f: Fact, window: number, names = true): Map<string, number> => {
    const key = `${text === claim ? "c" : "s"}:${f.start}:${names ? 1 : 0}`;
    let near = memo.get(key);
    if (!near) memo.set(key, (near = neighboursOf(text, facts, f, window, names)));
    return near;
  };
  const sentenceTerms = new Set(tokenize(sentence));
  const contextTerms = new Set(tokenize(context));
  const sourceNear = new Map(sentenceFacts.map((g) => [g, neighbours(sentence, sentenceFacts, g, params.window)]));
  const claimSegment = segmenter(claim, claimFacts);
  const sourceSegment = segmenter(sentence, sentenceFacts);
  const byFact = new Map<Fact, FactPair>();
  /** Claim names found only in the passage around the sentence, not in it. */
  const background = new Set<Fact>();
  /** First words that were no name after all (see Fact.weak): left out of the judgement. */
  const weakDropped = new Set<Fact>();
  // Each source fact stands in for one claim fact at most: "54 stations in 30 countries" is not twice "over 120 countries".
  const taken = new Set<Fact>();
  const pair = (f: Fact, source: Fact | null, agree: Agreement) => {
    if (source) taken.add(source);
    byFact.set(f, { claim: f, source, agree });
  };
  const free = (f: Fact) => {
    const left = sentenceFacts.filter((g) => !taken.has(g));
    // Facts of the same kind first; a number may be a year ("in 911") only when the sentence has no other number.
    const sameKind = left.filter((g) => VALUE_KINDS[g.kind] === VALUE_KINDS[f.kind]);
    return sameKind.length > 0 ? sameKind : left.filter((g) => compatible(f, g));
  };
  /** The candidate whose neighbours `f` shares most; of equal ones, one that `preferred` says, then the first. */
  const nearest = (f: Fact, candidates: readonly Fact[], preferred: (g: Fact) => boolean = () => false) => {
    const near = neighbours(claim, claimFacts, f, params.window);
    const scored = candidates.map((g) => ({ g, score: shared(near, sourceNear.get(g) as Map<string, number>, idf) }));
    return scored.sort((x, y) => y.score - x.score || Number(preferred(y.g)) - Number(preferred(x.g)))[0];
  };

  // 1. The same value, where the sentence states it: the very same number or date is the best sign of the same place
  //    (the same number, hedged or not: "30,000" and "over 30,000"; not merely a consistent one: "over 3,000" is not 230,000).
  for (const f of claimFacts.filter(isValue)) {
    const consistent = free(f).filter((g) => compareValues(f, g) === true && (g.kind === "date" || (g.low === f.low && g.kind === f.kind)));
    // Of those, the one in the best place; in equally good places, "in 2023" before "between September and December 2023".
    const best = consistent.length > 0 ? nearest(f, consistent, (g) => g.low === f.low && g.high === f.high) : undefined;
    if (best) pair(f, best.g, true);
  }
  // 2. The same name, wherever it stands.
  for (const f of claimFacts.filter((x) => !isValue(x))) {
    const same = free(f).find((g) => sameName(f.name, g.name));
    if (same) pair(f, same, true);
  }
  // 3. Other values: the fact whose neighbours they share (a differing value counts only where its place is that clear, or where it is the only one of its kind on both sides).
  for (const f of claimFacts.filter((x) => isValue(x) && !byFact.has(x))) {
    const candidates = free(f);
    const best = candidates.length > 0 ? nearest(f, candidates) : undefined;
    const alone = candidates.length === 1 && claimFacts.filter((x) => compatible(x, f)).length === 1;
    if (best && (best.score > 0 || alone)) pair(f, best.g, compareValues(f, best.g));
    else pair(f, null, null);
  }
  // 4. Other names: held in other case ("History" starting a claim), or in the passage as background; else the name in the
  //    list item of a value the sentence confirms ("Cambodia returned 164 people in 2023" against "164 from Laos in 2023").
  const confirmedSegments = new Set(
    [...byFact.values()]
      .filter((p) => p.agree === true && p.source !== null && isValue(p.claim))
      .map((p) => sourceSegment((p.source as Fact).start)),
  );
  for (const f of claimFacts.filter((x) => !isValue(x) && !byFact.has(x))) {
    // (Only a name with index terms: "U.S." has none, and an empty list would hold vacuously.)
    const terms = tokenize(f.text);
    if (terms.length > 0 && terms.every((t) => sentenceTerms.has(t))) {
      pair(f, null, true);
      continue;
    }
    if (terms.length > 0 && terms.every((t) => contextTerms.has(t))) {
      pair(f, null, true);
      background.add(f);
      continue;
    }
    const inItem = free(f).filter((g) => confirmedSegments.has(sourceSegment(g.start)));
    if (inItem.length === 1) {
      pair(f, inItem[0] as Fact, false);
      continue;
    }
    // A name the passage never mentions, where the sentence has another in the same place ("bring them back to Fiji" against "… to China").
    const best = inItem.length === 0 ? nearest(f, free(f)) : undefined;
    // (For a first word that may be no name, the place must be clear: a good share of the words around it alike.)
    const own = neighbours(claim, claimFacts, f, params.window);
    const clear = (score: number) => !f.weak || score >= WEAK_NAME_PLACE * shared(own, own, idf);
    if (best && best.score > 0 && clear(best.score)) pair(f, best.g, compareValues(f, best.g));
    // A first word that may be no name at all ("Growth was 10%") is no fact unless something stands in its place.
    else if (f.weak) {
      // (Paired as if held, so that the steps below need no special case; left out of the verdict.)
      pair(f, null, true);
      weakDropped.add(f);
    } else pair(f, null, null);
  }
  // 5. What belongs together stays together: a value and a name in one clause of the claim must not come from two list
  //    items of the sentence when the value's item names something else ("164 … from Indonesia" against "88 from Indonesia, 164 from Laos").
  /** Whether the sentence is a list of such items: two clauses or more that each hold a value of `v`'s kind (and, when asked, a name). */
  const sourceItem = itemer(sentence, sentenceFacts);
  /** Whether two semicolon items or more each hold a value of `v`'s kind and a name. */
  const listOfItems = (v: Fact) =>
    sentence.includes(";") &&
    new Set(
      sentenceFacts
        .filter(
          (g) =>
            VALUE_KINDS[g.kind] === VALUE_KINDS[v.kind] &&
            sentenceFacts.some((n) => n.kind === "name" && sourceItem(n.start) === sourceItem(g.start)),
        )
        .map((g) => sourceItem(g.start)),
    ).size >= 2;
  const listOf = (v: Fact, withName = true) =>
    new Set(
      sentenceFacts
        .filter(
          (g) =>
            VALUE_KINDS[g.kind] === VALUE_KINDS[v.kind] &&
            (!withName || sentenceFacts.some((n) => n.kind === "name" && sourceSegment(n.start) === sourceSegment(g.start))),
        )
        .map((g) => sourceSegment(g.start)),
    ).size >=
    // Items that pair a value with a name make a list at two; values alone at three ("In February 2015, Sky bid … from 2016" is no list).
    (withName ? 2 : 3);
  // Items are clauses, or, in a sentence whose items are long ("the Très ancien coutumier (…), authored between 1200 and
  // 1245; and the Grand coutumier (…), authored between 1235 and 1245"), what semicolons part.
  for (const [itemOf, list] of [
    [sourceSegment, listOf],
    [sourceItem, listOfItems],
  ] as const) {
    for (const v of claimFacts.filter(isValue)) {
      const pv = byFact.get(v) as FactPair;
      if (!pv.source || !list(v)) continue;
      const item = itemOf(pv.source.start);
      const togetherInClaim = claimFacts.filter((n) => !isValue(n) && claimSegment(n.start) === claimSegment(v.start));
      const boundHere = new Set(togetherInClaim.map((n) => byFact.get(n)?.source).filter((g): g is Fact => g !== null && g !== undefined));
      const rival = sentenceFacts.find(
        (g) =>
          g.kind === "name" &&
          itemOf(g.start) === item &&
          !boundHere.has(g) &&
          ![...byFact.values()].some((p) => p.source === g && !isValue(p.claim) && claimSegment(p.claim.start) === claimSegment(v.start)),
      );
      if (!rival) continue;
      for (const n of togetherInClaim) {
        const pn = byFact.get(n) as FactPair;
        if (pn.agree !== true || (pn.source !== null && itemOf(pn.source.start) === item)) continue;
        // When another value of the claim sits in the name's own item ("88 from Indonesia"), the name is in its place and this
        // value is the one the sentence does not give it ("Indonesia handed over 88 people in 2019"): cannot tell.
        const anchored =
          pn.source !== null &&
          claimFacts.some(
            (x) =>
              x !== v &&
              isValue(x) &&
              (byFact.get(x) as FactPair).agree === true &&
              (byFact.get(x) as FactPair).source !== null &&
              itemOf(((byFact.get(x) as FactPair).source as Fact).start) === itemOf((pn.source as Fact).start),
          );
        if (anchored) byFact.set(v, { claim: v, source: pv.source, agree: null });
        else byFact.set(n, { claim: n, source: rival, agree: false });
      }
    }
  }
  // The same the other way: a name of the claim whose list item in the sentence holds another value of the kind the claim
  // puts beside it ("1,548 Catholic schools" against "1,548 public schools, 489 Catholic schools").
  //    Only for a name after a value in its item, which qualifies it ("489 Catholic schools"), not for the subject of the
  //    whole list ("Victoria had 1,548 public schools, 489 Catholic schools and 214 independent schools").
  for (const n of claimFacts.filter((x) => !isValue(x))) {
    const pn = byFact.get(n) as FactPair;
    if (pn.agree !== true || !pn.source) continue;
    const item = sourceSegment(pn.source.start);
    const nameSource = pn.source;
    if (!sentenceFacts.some((g) => isValue(g) && sourceSegment(g.start) === item && g.end <= nameSource.start)) continue;
    for (const v of claimFacts.filter((x) => isValue(x) && claimSegment(x.start) === claimSegment(n.start))) {
      const pv = byFact.get(v) as FactPair;
      if (!pv.source || sourceSegment(pv.source.start) === item || !listOf(v, false)) continue;
      const rival = sentenceFacts.find(
        (g) =>
          VALUE_KINDS[g.kind] === VALUE_KINDS[v.kind] &&
          sourceSegment(g.start) === item &&
          ![...byFact.values()].some((p) => p.source === g),
      );
      if (rival) byFact.set(v, { claim: v, source: rival, agree: compareValues(v, rival) });
    }
  }
  // A name given only as background cannot hold a value the sentence gives to another name: "San Diego has a population of
  // 3,792,621" against "With a population of 3,792,621, Los Angeles is …" cannot be told (the sentence names someone else).
  for (const n of background) {
    // (A pronoun between the other name and the value stands for someone else: "… cities of Dalmatia, in 1081 he led an army
    // of 30,000 men" gives the army to "he", who may well be the claim's Robert Guiscard.)
    const owner = (v: FactPair) => {
      const g = nearestName(v.source as Fact, sentenceFacts);
      const value = v.source as Fact;
      const between = g === null ? "" : sentence.slice(Math.min(g.end, value.end), Math.max(g.start, value.start));
      return g !== null && !PRONOUN.test(between) ? g : null;
    };
    const values = [...byFact.values()].filter(
      (p) => isValue(p.claim) && p.source !== null && claimSegment(p.claim.start) === claimSegment(n.start),
    );
    const rival = values.map(owner).find((g) => g !== null && ![...byFact.values()].some((p) => p.source === g));
    if (rival) byFact.set(n, { claim: n, source: rival, agree: null });
  }

  // 6. A value stated alike but in another place, by the words right after it: "77 per cent for private school students"
  //    against "77 per cent for public school students and 90 per cent for private school students".
  const moved = new Map<Fact, Fact>();
  const pairedAlike = new Set(
    [...byFact.values()].filter((p) => p.agree === true && p.source !== null && isValue(p.claim)).map((p) => p.source as Fact),
  );
  for (const f of claimFacts.filter(isValue)) {
    const pf = byFact.get(f) as FactPair;
    if (pf.agree !== true || !pf.source) continue;
    const mine = rightWords(claim, f);
    if (mine === "" || rightWords(sentence, pf.source) === mine) continue;
    const elsewhere = sentenceFacts.find(
      (g) => g !== pf.source && VALUE_KINDS[g.kind] === VALUE_KINDS[f.kind] && rightWords(sentence, g) === mine,
    );
    if (elsewhere) moved.set(f, elsewhere);
  }
  //    Or by its neighbours, when another value's place fits the claim's words around it clearly better, and no name of the
  //    claim stands in its clause: "The analogue service was broadcast from 28.5°E" against "… located at
  //    the 28.5°E orbital position, unlike the analogue service which was broadcast from 19.2°E".
  const plainNear = new Map(sentenceFacts.map((g) => [g, neighbours(sentence, sentenceFacts, g, params.window, false)]));
  const namedItems = new Set(
    [...byFact.values()]
      .filter((p) => !isValue(p.claim) && p.agree === true && p.source !== null)
      .map((p) => sourceSegment((p.source as Fact).start)),
  );
  for (const f of claimFacts.filter(isValue)) {
    const pf = byFact.get(f) as FactPair;
    if (pf.agree !== true || !pf.source || moved.has(f) || namedItems.has(sourceSegment(pf.source.start))) continue;
    // (Words only: the word right before a value, "from" or "in", says little about which value it is.)
    const near = new Map([...neighbours(claim, claimFacts, f, params.window, false)].filter(([t]) => !t.startsWith("^")));
    const fit = (g: Fact) => shared(near, plainNear.get(g) as Map<string, number>, idf);
    const terms = (g: Fact) => [...near.keys()].filter((t) => (plainNear.get(g) as Map<string, number>).has(t)).length;
    // Another value of the claim stated alike in the same clause says this one is in its place ("164 from Laos in 2023").
    const ownSegment = sourceSegment(pf.source.start);
    if (
      claimFacts.some(
        (x) =>
          x !== f &&
          isValue(x) &&
          (byFact.get(x) as FactPair).agree === true &&
          (byFact.get(x) as FactPair).source !== null &&
          sourceSegment(((byFact.get(x) as FactPair).source as Fact).start) === ownSegment,
      )
    )
      continue;
    const own = fit(pf.source);
    const best = sentenceFacts
      .filter((g) => g !== pf.source && VALUE_KINDS[g.kind] === VALUE_KINDS[f.kind])
      .map((g) => ({ g, score: fit(g) }))
      .sort((x, y) => y.score - x.score)[0];
    // Moved when its own place shares none of the claim's words and another shares some, or when another shares two words
    // or more and fits twice as well.
    if (best && best.score > 0 && (own === 0 || (terms(best.g) >= 2 && best.score > 2 * own))) moved.set(f, best.g);
  }
  for (const [f, g] of moved) byFact.set(f, { claim: f, source: g, agree: compareValues(f, g) });
  //    Two counts swapped: the thing each counts, right after it, says which is which ("300 men" against "300 ships").
  const alike = claimFacts.filter(
    (f) => isValue(f) && (byFact.get(f) as FactPair).agree === true && (byFact.get(f) as FactPair).source !== null,
  );
  for (const a of alike) {
    for (const b of alike) {
      const [pa, pb] = [byFact.get(a) as FactPair, byFact.get(b) as FactPair];
      if (a === b || !pa.source || !pb.source || pa.agree !== true || pb.agree !== true) continue;
      const [ca, cb, sa, sb] = [counted(claim, a), counted(claim, b), counted(sentence, pa.source), counted(sentence, pb.source)];
      if (ca !== null && cb !== null && ca !== cb && ca === sb && cb === sa) {
        byFact.set(a, { claim: a, source: pb.source, agree: compareValues(a, pb.source) });
        byFact.set(b, { claim: b, source: pa.source, agree: compareValues(b, pa.source) });
      }
    }
  }
  // 7. Numbers of one clause of the claim come from one clause of the sentence: "about 15–20 are greater than magnitude 3.0"
  //    against "several hundred are greater than magnitude 3.0, and only about 15–20 are greater than magnitude 4.0".
  //    (Dates are left out: "In February 2015, Sky bid £4.2bn" opens with its date in a clause of its own.)
  const counts = claimFacts.filter((f) => f.kind === "number" || f.kind === "percent");
  for (const b of counts) {
    const pb = byFact.get(b) as FactPair;
    if (pb.agree !== true || !pb.source) continue;
    for (const a of counts) {
      const pa = byFact.get(a) as FactPair;
      // (Of one kind: "two years" and "90 per cent" are not one quantity.)
      if (a === b || a.kind !== b.kind || pa.agree !== true || !pa.source || claimSegment(a.start) !== claimSegment(b.start)) continue;
      const there = sourceSegment(pa.source.start);
      if (there === sourceSegment(pb.source.start)) continue;
      const rival = sentenceFacts.find(
        (g) => g !== pa.source && VALUE_KINDS[g.kind] === VALUE_KINDS[b.kind] && sourceSegment(g.start) === there && !pairedAlike.has(g),
      );
      if (rival) {
        byFact.set(b, { claim: b, source: rival, agree: compareValues(b, rival) });
        break;
      }
    }
  }
  // 8. A count of another thing is no contradiction: "52 public hospitals" against "1,548 public schools" is not found.
  //    (Words for people count the same thing: "78 people" against "77 individuals" is a different count.)
  for (const f of counts) {
    const pf = byFact.get(f) as FactPair;
    if (pf.agree !== false || !pf.source) continue;
    // (Units written out are compared as units: "2000 miles" against "2000 kilometres" differs.)
    if (f.unit !== null && pf.source.unit !== null) continue;
    const [mine, theirs] = [counted(claim, f), counted(sentence, pf.source)];
    if (mine !== null && theirs !== null && !sameThing(mine, theirs) && !sentenceTerms.has(mine))
      byFact.set(f, { claim: f, source: pf.source, agree: null });
  }

  // 9. A value stated alike for another thing that the sentence also names: "nearly 90% of Australian apples" against
  //    "nearly 90% of Australian pears and third of apples".
  for (const f of counts) {
    const pf = byFact.get(f) as FactPair;
    if (pf.agree !== true || !pf.source) continue;
    const [mine, theirs] = [counted(claim, f), counted(sentence, pf.source)];
    // (The claim's thing must be elsewhere in the sentence, not among the words right after the value: "21 combinatorial
    // problems" against "21 NP-complete problems" is the same count.)
    const rightAfter = new Set(tokenize(sentence.slice(pf.source.end).split(/\s+/u).slice(0, 6).join(" ")));
    if (mine !== null && theirs !== null && !sameThing(mine, theirs) && sentenceTerms.has(mine) && !rightAfter.has(mine))
      byFact.set(f, { claim: f, source: pf.source, agree: false });
  }
  // 10. Two values in the same words but the other way round: "from £34m to £18m" against "from £18m to £34m".
  const stated = claimFacts.filter(
    (f) => isValue(f) && (byFact.get(f) as FactPair).agree === true && (byFact.get(f) as FactPair).source !== null,
  );
  for (let i = 0; i + 1 < stated.length; i++) {
    const [a, b] = [stated[i] as Fact, stated[i + 1] as Fact];
    const [sa, sb] = [(byFact.get(a) as FactPair).source as Fact, (byFact.get(b) as FactPair).source as Fact];
    const between = (text: string, x: Fact, y: Fact) =>
      tokenize(text.slice(x.end, y.start)).join(" ") || text.slice(x.end, y.start).trim().toLowerCase();
    if (
      VALUE_KINDS[a.kind] === VALUE_KINDS[b.kind] &&
      sb.end <= sa.start &&
      between(claim, a, b) === between(sentence, sb, sa) &&
      between(claim, a, b) !== ""
    ) {
      byFact.set(a, { claim: a, source: sb, agree: compareValues(a, sb) });
      byFact.set(b, { claim: b, source: sa, agree: compareValues(b, sa) });
    }
  }
  const pairs = claimFacts.filter((f) => !weakDropped.has(f)).map((f) => byFact.get(f) as FactPair);
  const differs = pairs.some((p) => p.agree === false);
  // A sentence that speaks to only some of the claim's numbers and dates is about something else: it contradicts none.
  const allValuesPlaced = pairs.every((p) => !isValue(p.claim) || p.source !== null);
  const frame = frameShare(claim, claimFacts, sentence, pairs, idf);
  const words = wordShare(claim, claimFacts, sentenceTerms, idf);
  // A contradiction needs the sentence to be about the same thing: two facts in common; or a differing fact in the same list
  // item as one in common ("88 from Indonesia" against "98 … from Indonesia"); or one in common and many of the claim's words; or most of its words.
  // (A value counts when it is the same number or date, not merely consistent: "more than 100,000" is not "1.3 million".)
  const agreeingPairs = pairs.filter((p) => p.agree === true && p.source !== null && (!isValue(p.claim) || p.source.low === p.claim.low));
  const agreeing = agreeingPairs.length;
  const sameItem = pairs.some(
    (p) =>
      p.agree === false &&
      p.source !== null &&
      agreeingPairs.some((q) => sourceSegment((q.source as Fact).start) === sourceSegment((p.source as Fact).start)),
  );
  const anchored = agreeing >= 2 || sameItem || words >= (agreeing === 1 ? params.contradictWordsOneFact : params.contradictWords);
  // A claim about a name the corpus never mentions ("Reykjavik had 4,500 employees") is contradicted only when that name is all that differs.
  const stranger = claimFacts.some(
    (f) => f.kind === "name" && tokenize(f.text).length > 0 && tokenize(f.text).every((t) => !corpus.known(t)),
  );
  const onlyNameDiffers = pairs.every((p) => p.agree !== false || p.claim.kind === "name");
  const valueAgrees = pairs.some((p) => p.agree === true && isValue(p.claim));
  // When the claim names someone or something, the sentence must name it too (or another in its place) to contradict it:
  // "Sky News was launched in 1989" is not contradicted by "In 2007, Sky launched a campaign" because "Sky News" is nearby.
  const names = pairs.filter((p) => !isValue(p.claim));
  const named =
    names.length === 0 || names.some((p) => (p.agree === true && !background.has(p.claim)) || (p.agree === false && p.source !== null));
  // Every name of the claim is accounted for (the sentence cannot speak against "the Turing Award" it never mentions), and not
  // both a name and a value differ ("Sky News in 1989" against "Sky Digital in 1998" is another thing, not a contradiction).
  const accounted = names.every((p) => p.agree !== null);
  const nameAndValueDiffer = names.some((p) => p.agree === false) && pairs.some((p) => isValue(p.claim) && p.agree === false);
  let verdict: SentenceJudgement["verdict"] = null;
  if (
    differs &&
    allValuesPlaced &&
    named &&
    accounted &&
    !nameAndValueDiffer &&
    frame >= params.contradictFrame &&
    anchored &&
    (!stranger || (onlyNameDiffers && valueAgrees))
  )
    verdict = "contradicted";
  // A claim whose only facts are names ("… is not in Presburger") is supported only by a sentence that names each of them
  // itself (not in other case, not only in the passage around it) and holds most of its other words too.
  // Support needs the same subject too, not only the same values: a name of the claim in the sentence, or some of its
  // words ("230,000 cars were sold between April 2021 and July 2022" is not about people persuaded to return).
  const subject = pairs.some((p) => !isValue(p.claim) && p.agree === true && p.source !== null) || words >= params.supportWords;
  // Two values or more that the sentence states alike let a paraphrase keep fewer of the claim's words.
  const frameNeeded = agreeing >= 2 && claimFacts.filter(isValue).length >= 2 ? params.supportFrameTwoValues : params.supportFrame;
  if (
    verdict === null &&
    pairs.length > 0 &&
    pairs.every((p) => p.agree === true) &&
    frame >= frameNeeded &&
    subject &&
    (claimFacts.some(isValue) || (words >= params.namesOnlyWords && pairs.every((p) => p.source !== null || p.claim.weak)))
  )
    verdict = "supported";
  return { verdict, frame, alike: frameShare(claim, claimFacts, sentence, pairs, idf, true), pairs };
}

/** The share of the claim's words outside all its facts, by idf, that the sentence holds (1 when it has none). */
function wordShare(claim: string, claimFacts: readonly Fact[], sentenceTerms: ReadonlySet<string>, idf: Idf): number {
  const terms = frameTerms(claim, claimFacts);
  const total = terms.reduce((s, t) => s + idf(t), 0);
  // A word of the same family counts too: the stemmer leaves "persuaded" and "persuasion" apart (persuad, persuas).
  const prefixes = new Set([...sentenceTerms].filter((t) => t.length >= FAMILY_PREFIX).map((t) => t.slice(0, FAMILY_PREFIX)));
  const holds = (t: string) => sentenceTerms.has(t) || (t.length >= FAMILY_PREFIX && prefixes.has(t.slice(0, FAMILY_PREFIX)));
  return total > 0 ? terms.reduce((s, t) => s + (holds(t) ? idf(t) : 0), 0) / total : 1;
}

/** Terms that share this many first letters are taken for one family of words ("persua-"). */
const FAMILY_PREFIX = 6;

/**
 * How much of the claim the sentence holds, by idf: its words outside numbers and dates (names
 * included), and each number or date the sentence states in the same place (alike or not), which
 * counts as much as the rarest word. A paraphrase ("deported" for "handed over") keeps its names
 * and values.
 */
function frameShare(
  claim: string,
  claimFacts: readonly Fact[],
  sentence: string,
  pairs: readonly FactPair[],
  idf: Idf,
  alikeOnly = false,
): number {
  const sentenceTerms = new Set(tokenize(sentence));
  const terms = frameTerms(claim, claimFacts.filter(isValue));
  const rare = Math.max(1, ...terms.map(idf));
  const values = pairs.filter((p) => isValue(p.claim));
  const total = terms.reduce((s, t) => s + idf(t), 0) + values.length * rare;
  const held =
    terms.reduce((s, t) => s + (sentenceTerms.has(t) ? idf(t) : 0), 0) +
    values.filter((p) => p.source !== null && (!alikeOnly || p.agree === true)).length * rare;
  return total > 0 ? held / total : 0;
}
