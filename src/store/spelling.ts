/**
 * British spellings written the American way, before stemming, so that a question asked in one
 * spelling finds a source written in the other ("organisation" and "organization", "kilometres"
 * and "kilometers", "colour" and "color", "defence" and "defense"). Porter's stemmer keeps them
 * apart: "organis" against "organ", "kilometr" against "kilomet".
 *
 * The rules are spelling patterns, so they also change a few words that have no other spelling
 * ("devour" becomes "devor", "contour" "contor"). That is harmless as long as no rewritten word
 * meets another word: every word goes through the same rules, in the question and in the
 * sources. Words the patterns would turn into another word, or whose -ise Porter's stemmer would
 * then cut ("paradise" would meet "parade"), are kept as they are: short stems by the patterns'
 * length limits, the rest listed in KEPT.
 */

/** -ise, -ised, -ises, -ising, -isation(s), -iser(s): "organise", "realised", "organisation"; the stem before "is" has four letters at least ("rise", "wise", "prise" keep theirs). */
const ISE = /^([a-z]{4,})is(e|ed|es|ing|ation|ations|er|ers)$/;
/** -yse, -ysed, -yses, -ysing: "analyse", "paralysed" (not "analyses" the plural of "analysis": it is spelled so in both). */
const YSE = /^([a-z]{3,})ys(e|ed|ing)$/;
/** -our and its derived forms after three letters at least: "colour", "labourers", "behaviour", "honoured" ("four", "hour", "pour", "tour", "flour", "scour" keep theirs). */
const OUR = /^([a-z]{3,})our(s|ed|ing|able|ably|ful|ite|ites|er|ers|less|hood)?$/;
/** -tre and -bre: "centre", "metres", "kilometre", "fibre", "calibre" ("genre", "acre", "ogre" keep theirs). */
const TRE = /^([a-z]{2,}[tb])re(s|d)?$/;
/** -ence nouns spelled -ense in American English. */
const ENCE: ReadonlyMap<string, string> = new Map([
  ["defence", "defense"],
  ["defences", "defenses"],
  ["offence", "offense"],
  ["offences", "offenses"],
  ["licence", "license"],
  ["licences", "licenses"],
  ["pretence", "pretense"],
]);

/** Words the patterns match that are spelled alike in both Englishes. */
const KEPT = new Set(
  [
    "advertise advertised advertises advertising chastise chastised comprise comprised comprises comprising compromise compromised compromises",
    "concise despise despised disguise disguised disguises enterprise enterprises exercise exercised exercises exercising expertise franchise",
    "franchises improvise improvised likewise clockwise anticlockwise counterclockwise merchandise otherwise paradise precise premise premises",
    "promise promised promises promising supervise supervised supervises supervising surmise surmised surprise surprised surprises surprising",
    "televise televised treatise treatises entre notre timbre",
  ]
    .join(" ")
    .split(" "),
);

/** `word` (lower case, one word) spelled the American way where it has a British spelling. */
export function americanSpelling(word: string): string {
  if (KEPT.has(word)) return word;
  const listed = ENCE.get(word);
  if (listed !== undefined) return listed;
  if (ISE.test(word)) return word.replace(ISE, "$1iz$2");
  if (YSE.test(word)) return word.replace(YSE, "$1yz$2");
  if (OUR.test(word)) return word.replace(OUR, "$1or$2");
  if (TRE.test(word))
    return word.replace(TRE, (_m, stem: string, end: string | undefined) => `${stem}er${end === "d" ? "ed" : (end ?? "")}`);
  return word;
}
