/**
 * How two values compare: numbers with their hedges and units, dates and ranges by the days they
 * cover, names by their stems. Pure.
 */
import { tokenize } from "../store/index.js";
import type { Fact } from "./facts.js";

/** How a source fact bears on a claim fact: the same (true), a different value (false), or cannot tell (null, e.g. "over 30,000" against "35,000"). */
export type Agreement = boolean | null;

/** Number and date facts are left out of a fact's neighbours and of the frame: they are what is compared. */
export const isValue = (f: Fact) => f.kind !== "name";

/** A whole number that may be a year written without a month ("in 911"). */
const yearLike = (f: Fact) => f.kind === "number" && f.qualifier === "exact" && Number.isInteger(f.low) && f.low >= 100 && f.low <= 2100;

/** The fact as a date, when it is one or a number that may be a year. */
function asDate(f: Fact): Fact {
  return f.kind === "date" || !yearLike(f) ? f : { ...f, kind: "date", low: f.low * 10000 + 101, high: f.low * 10000 + 1231 };
}

export const VALUE_KINDS: Record<Fact["kind"], string> = { number: "value", percent: "value", date: "date", name: "name" };

export function compatible(a: Fact, b: Fact): boolean {
  if (VALUE_KINDS[a.kind] === VALUE_KINDS[b.kind]) return true;
  // "in 911" against "in 1362": a year is a year, whether it has three digits or four.
  return (a.kind === "date" && yearLike(b)) || (b.kind === "date" && yearLike(a));
}

/**
 * Whether the name `a` is `b`, or the shorter ends the longer as whole words ("China", "People's
 * Republic of China"; "Defenders", "Safeguard Defenders"). A name's first word alone is not the
 * name: "Operation" is not "Operation Sky Net", nor "Sky" "Sky News".
 */
export function sameName(x: string, y: string): boolean {
  if (x === y) return true;
  // By stems, so that "Normans" is "Norman" and "Victorians" "Victorian".
  const a = tokenize(x).join(" ") || x;
  const b = tokenize(y).join(" ") || y;
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  const [shortName, longName] = x.length < y.length ? [x, y] : [y, x];
  // "Safeguard Defenders" for "the Safeguard Defenders group"; "China" for "People's Republic of China", but not "California" for "University of California".
  if (short.includes(" ") && long.endsWith(` ${short}`)) return true;
  return STATE_NAME.exec(longName)?.[1] === shortName;
}

/** "People's Republic of China", "Kingdom of Sicily", "State of Victoria": the name of a state, and the short name it stands for. */
const STATE_NAME =
  /^(?:the )?(?:people )?(?:republic|kingdom|state|city|province|county|commonwealth|duchy|empire|principality|emirate) of (.+)$/u;

/** How a source value bears on a claim value, hedges and precision considered. */
export function compareValues(claimFact: Fact, sourceFact: Fact): Agreement {
  if (claimFact.kind === "name" || sourceFact.kind === "name") return sameName(claimFact.name, sourceFact.name);
  const mixed = (claimFact.kind === "date") !== (sourceFact.kind === "date");
  const claim = mixed ? asDate(claimFact) : claimFact;
  const source = mixed ? asDate(sourceFact) : sourceFact;
  if (claim.kind === "date") {
    if (claim.low === source.low && claim.high === source.high) return true;
    // "in 2023" against "in November 2023" or "between September and December 2023": the claim says less, and that much is true.
    if (!claim.range && claim.low <= source.low && claim.high >= source.high) return true;
    // A range is what it says: "1998–2007" is not "2001–2007", nor is "2016–2023" part of "2014–2023".
    if (claim.range) return false;
    // "in 2017" against "2014–2023": within it, but the source does not say that year.
    if (source.range) return claim.low >= source.low && claim.high <= source.high ? null : false;
    // "in November 2023" against "in 2023": the source cannot tell.
    if (claim.low >= source.low && claim.high <= source.high) return null;
    return false;
  }
  // A percentage and a count are not the same kind of value: neither confirms nor contradicts the other.
  if (claim.kind !== source.kind) return null;
  // "1,986 ft" is not "1,986 m", nor "£4.2m" "£4.2bn" (the scale is in the value already).
  if (claim.unit !== null && source.unit !== null && claim.unit !== source.unit) return false;
  const c = claim.low;
  const s = source.low;
  const near = Math.abs(c - s) <= 0.1 * Math.max(Math.abs(s), 1);
  if (claim.qualifier === "exact" && source.qualifier === "exact") return c === s;
  // "about 100,000" against "about 10,000" differ; "over 121" against "over 120" cannot be told.
  if (claim.qualifier === source.qualifier) return c === s ? true : claim.qualifier === "about" && !near ? false : null;
  // "over 30,000" in the source: a claim of 30,000 is what it says, hedge aside (shown with it); 25,000 is contradicted; 35,000 cannot be told.
  if (source.qualifier === "at least") return c === s ? true : c < s ? false : null;
  if (source.qualifier === "at most") return c === s ? true : c > s ? false : null;
  if (source.qualifier === "about") return c === s ? true : near ? null : false;
  // The claim hedges, the source does not.
  if (claim.qualifier === "at least") return s > c ? true : s === c ? null : false;
  if (claim.qualifier === "at most") return s < c ? true : s === c ? null : false;
  return near ? true : false;
}
