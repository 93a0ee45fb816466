import { highlightAnswer } from "../../src/answer/index.js";

/** The highlight of `sentence` for `question`, with the words it marks. */
export function marked(question: string, sentence: string) {
  const h = highlightAnswer(question, sentence);
  return h && { ...h, words: sentence.slice(h.start, h.end) };
}
