/**
 * The one tokenizer shared by the lexical index, the query and the answer scorer, so that the
 * words of a question and of a passage are always compared in the same form.
 * Steps: NFKC, lower case, thousands separators removed from numbers ("30,000" → "30000"),
 * possessive 's dropped, English stop words removed, Porter stemming (the `stemmer` package).
 */
import { stemmer } from "stemmer";
import { eng } from "stopword";

/** Recorded in the index manifest: an index built with other settings is rebuilt. */
export const TOKENIZER_SETTINGS = {
  version: 1,
  stemmer: "porter (stemmer@2)",
  stopwords: "stopword eng + question words",
  numbers: "thousands separators removed",
} as const;

const QUESTION_WORDS = ["when", "why", "whom", "whose", "does", "doing", "done", "will", "shall", "whats", "name", "called", "kind", "type"];
const STOP_WORDS = new Set([...eng, ...QUESTION_WORDS]);

const TOKEN = /\p{N}+(?:[.,]\p{N}+)*|\p{L}+(?:['’]\p{L}+)*/gu;
const GROUPED_NUMBER = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** Normalises one raw word: numbers lose thousands separators, words lose a possessive 's. */
function normalizeWord(word: string): string {
  if (/^\p{N}/u.test(word)) return GROUPED_NUMBER.test(word) ? word.replace(/,/g, "") : word.replace(/[.,]$/, "");
  return word.replace(/['’]s$/u, "").replace(/’/g, "'");
}

/** Footnote markers, written as superscript digits by the PDF reader: not part of any word. */
const SUPERSCRIPTS = /[⁰¹²³⁴⁵⁶⁷⁸⁹]+/gu;

/** Lower-cased, normalised words of `text`, stop words included, not stemmed. */
export function words(text: string): string[] {
  return (text.replace(SUPERSCRIPTS, " ").normalize("NFKC").toLowerCase().match(TOKEN) ?? []).map(normalizeWord);
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Index terms of `text`: words without stop words or lone letters, stemmed. Numbers are kept whole. */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const word of words(text)) {
    if (STOP_WORDS.has(word)) continue;
    if (/^\p{N}/u.test(word)) terms.push(word);
    else if (word.length > 1) terms.push(stemmer(word));
  }
  return terms;
}
