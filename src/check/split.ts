/**
 * A long sentence as the claims it makes, one per clause or list item that states a number or a
 * date: "… 77 individuals from Fiji in 2017, 6 from Vanuatu in 2019, 88 from Indonesia …" makes
 * three. `check --between` checks these, so that one differing figure in a long sentence is seen
 * and the others are not lost with it. Pure.
 */
import { sentenceSpans } from "../chunk/index.js";
import { tokenize } from "../store/index.js";
import { extractFacts } from "./facts.js";
import { oneOf, trimWhere } from "../text.js";
import { blankOut } from "./places.js";

/** A clause with fewer words than this besides its facts ("In 2014") is read with the clause after it. */
const MIN_WORDS = 1;

/** The parts of `sentence` that state a number or a date, each with enough words around it to be checked alone, in order. */
export function factClaims(sentence: string): string[] {
  const facts = extractFacts(sentence);
  const blank = blankOut(sentence, facts);
  // Cut at punctuation only: "and" joins list items ("… 2022, and the mass handover …") but also words ("countries and regions").
  const cuts = [0, ...[...blank.matchAll(/[,;:()[\]—–]/gu)].map((m) => m.index + 1), sentence.length];
  const parts: { start: number; end: number }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) parts.push({ start: cuts[i] as number, end: cuts[i + 1] as number });
  // Short clauses join the next one: "In 2014," + "China launched Operation Fox Hunt".
  // Names count as words here ("6 from Vanuatu in 2019" stands alone); numbers and dates do not.
  const values = blankOut(
    sentence,
    facts.filter((f) => f.kind !== "name"),
  );
  const merged: { start: number; end: number }[] = [];
  let pending: { start: number; end: number } | null = null;
  for (const p of parts) {
    const current: { start: number; end: number } = pending ? { start: pending.start, end: p.end } : p;
    const words = tokenize(values.slice(current.start, current.end)).length;
    if (words < MIN_WORDS && p !== parts.at(-1)) pending = current;
    else {
      merged.push(current);
      pending = null;
    }
  }
  const out: string[] = [];
  for (const m of merged) {
    if (!facts.some((f) => f.kind !== "name" && f.start >= m.start && f.end <= m.end)) continue;
    const text = trimWhere(
      trimWhere(sentence.slice(m.start, m.end), oneOf(" \t\n,;:()—–-")).replace(/^(?:and|or|but|while|whereas|e\.g\.|i\.e\.)[\s,]/iu, ""),
      oneOf(" \t\n,;:(—–-"),
    );
    if (text !== "") out.push(text);
  }
  return out;
}

/** The claims of a whole document text (see `factClaims`), sentence by sentence, at most `max`: a whole book stays bounded. */
export function documentClaims(text: string, max: number): string[] {
  const claims: string[] = [];
  for (const span of sentenceSpans(text)) {
    if (claims.length >= max) break;
    const sentence = text.slice(span.start, span.end).replace(/\s+/gu, " ").trim();
    claims.push(...factClaims(sentence).slice(0, max - claims.length));
  }
  return claims;
}
