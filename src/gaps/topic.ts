/**
 * The topic of a declined question: its content words, normalised, and nothing else. The words
 * come from the index's own tokenizer (NFKC, lower case, stop words out), so "Peru's capital?" and
 * "What is the capital of Peru" are one topic; words that share a stem ("launch", "launched")
 * count as one, shown in the form first seen. Who asked, where and when never enter a topic, and
 * neither do ids typed into the question.
 */
import { isStopWord, tokenize, words as wordsOf } from "../store/index.js";

/** Bounds on a topic, so that a question of one long word or a hundred words stays small on disk and on screen. */
export const TOPIC_LIMITS = {
  /** Content words kept per topic (the first ones of the question). */
  words: 12,
  /** Characters kept per word (code points; longer words are cut). */
  wordChars: 32,
  /** Characters of a question read at all: a follow-up as understood is at most a few hundred. */
  questionChars: 4000,
} as const;

export interface Topic {
  /** The content words, sorted, each once (one form per stem). */
  words: string[];
  /** What topics are counted by: the words' stems, sorted and joined by spaces. */
  key: string;
}

/**
 * Discord's markup for members, roles, channels, emoji and timestamps (`<@123…>`, `<#123…>`,
 * `<:name:123…>`, `<t:1700000000:R>`): never what a question is about, and an id says who or where.
 */
const DISCORD_MARKUP = /<(?:@[!&]?|#|a?:\w*:|t:)?\d+(?::\w)?>/gu;

/**
 * Fifteen digits or more, separators aside: the shape of a Discord id (message links hold a
 * server's and a channel's), not of a number anyone asks about.
 */
const ID_LIKE = /^\p{N}{15,}$/u;

/** The stem a content word is counted by (a number is its own stem). */
function stemOf(word: string): string {
  return tokenize(word)[0] ?? word;
}

/** A content word of a question, cut to the word limit, or null for a stop word, a lone letter or an id. */
function contentWord(word: string): string | null {
  if (isStopWord(word)) return null;
  if (word.length < 2 && !/^\p{N}$/u.test(word)) return null;
  if (ID_LIKE.test(word.replace(/[.,]/g, ""))) return null;
  const points = Array.from(word);
  return points.length > TOPIC_LIMITS.wordChars ? points.slice(0, TOPIC_LIMITS.wordChars).join("") : word;
}

/**
 * The topic of `question`: its first `TOPIC_LIMITS.words` distinct content words (by stem),
 * sorted; null when it has none ("What is it?").
 */
export function topicOf(question: string): Topic | null {
  const byStem = new Map<string, string>();
  for (const raw of wordsOf(question.slice(0, TOPIC_LIMITS.questionChars).normalize("NFKC").replace(DISCORD_MARKUP, " "))) {
    const word = contentWord(raw);
    if (word === null) continue;
    const stem = stemOf(word);
    if (!byStem.has(stem)) byStem.set(stem, word);
    if (byStem.size === TOPIC_LIMITS.words) break;
  }
  if (byStem.size === 0) return null;
  return { words: [...byStem.values()].sort(), key: [...byStem.keys()].sort().join(" ") };
}
