/**
 * The highlight chosen by a question-answering model: inside each chosen sentence, the span the
 * model reads as the answer. Where the model finds none it can place in the sentence, the
 * heuristic's highlight stays.
 */
import type { SpanReader } from "../store/index.js";
import type { Answer } from "./schema.js";

/** `answer` with each sentence's highlight chosen by `reader` where it finds one. */
export async function readSpans(answer: Answer, reader: SpanReader): Promise<Answer> {
  if (answer.abstained) return answer;
  const sentences = [];
  for (const s of answer.answer) sentences.push({ ...s, highlight: (await reader.answerSpan(answer.question, s.text)) ?? s.highlight });
  return { ...answer, answer: sentences };
}
